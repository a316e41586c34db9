import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { updateUserSchema, type User } from '$lib/server/auth/users';
import { readOneObject } from '$lib/server/auth/json-body';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type UserResponse = User;

const idSchema = z.string().regex(/^[a-f0-9]{18}$/);

function userId(params: { id: string }): string {
	const parsed = idSchema.safeParse(params.id);
	if (!parsed.success) throw new ApiError(404, 'id', 'no such user');
	return parsed.data;
}

export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const user = await event.locals.app.users.get(userId(event.params), true);
		if (!user) throw new ApiError(404, 'id', 'no such user');
		return json(user satisfies UserResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Changes role, brands, name, disabled or password; a new password or `end_sessions` ends every session. */
export const PATCH: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const id = userId(event.params);
		const patch = await readOneObject(event.request, updateUserSchema);
		const user = await event.locals.app.users.update(id, patch);
		if (!user) throw new ApiError(404, 'id', 'no such user');
		return json(user satisfies UserResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Deletes the user; their sessions end with them. */
export const DELETE: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		if (!(await event.locals.app.users.delete(userId(event.params)))) {
			throw new ApiError(404, 'id', 'no such user');
		}
		return new Response(null, { status: 204 });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
