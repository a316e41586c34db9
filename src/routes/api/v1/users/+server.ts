import { json } from '@sveltejs/kit';
import { createUserSchema, type User } from '$lib/server/auth/users';
import { readOneObject } from '$lib/server/auth/json-body';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type UserListResponse = { users: User[] };
export type UserResponse = User;

/** Every user, without password hashes. */
export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		return json({ users: await event.locals.app.users.list() } satisfies UserListResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Creates a user: `{ email, password, role, name?, brands? }`; 409 when the e-mail is taken. */
export const POST: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const input = await readOneObject(event.request, createUserSchema);
		const created = await event.locals.app.users.create(input);
		if (!created.ok) throw new ApiError(409, created.field, created.message);
		return json(created.user satisfies UserResponse, { status: 201 });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
