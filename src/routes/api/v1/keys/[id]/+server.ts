import { json } from '@sveltejs/kit';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

/** Revokes a key; every node stops accepting it within the key cache's lifetime (10 s). */
export const DELETE: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		if (!/^[a-z0-9]{12}$/.test(event.params.id)) throw new ApiError(400, 'id', 'is not a key id');
		const revoked = await event.locals.app.keys.revoke(event.params.id);
		if (!revoked) throw new ApiError(404, 'id', 'no such key');
		return json({ revoked: event.params.id });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
