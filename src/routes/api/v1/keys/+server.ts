import { json } from '@sveltejs/kit';
import { createKeySchema, type ApiKeyInfo } from '$lib/server/auth/keys';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type ListKeysResponse = { keys: ApiKeyInfo[] };
export type CreateKeyResponse = { key: string; info: ApiKeyInfo };

export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		return json({ keys: await event.locals.app.keys.list() } satisfies ListKeysResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Creates a scoped key; the secret is in this answer only (it is stored hashed). */
export const POST: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		let body: unknown;
		try {
			body = await event.request.json();
		} catch {
			throw new ApiError(400, 'body', 'must be a JSON object { name, scope, brands? }');
		}
		const parsed = createKeySchema.safeParse(body);
		if (!parsed.success) {
			const issue = parsed.error.issues[0]!;
			throw new ApiError(400, issue.path.join('.') || 'body', issue.message);
		}
		const created = await event.locals.app.keys.create(parsed.data);
		return json(created satisfies CreateKeyResponse, { status: 201 });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
