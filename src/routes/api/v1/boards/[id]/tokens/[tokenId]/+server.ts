import { json } from '@sveltejs/kit';
import { boardIdParam } from '$lib/server/boards/api';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

/** Revokes a board token; its monitors show "access revoked" within a minute (the token cache and the poll). */
export const DELETE: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const id = boardIdParam(event);
		if (!/^[a-z0-9]{12}$/.test(event.params.tokenId)) throw new ApiError(400, 'tokenId', 'is not a token id');
		if (!(await event.locals.app.boards.revokeToken(id, event.params.tokenId))) {
			throw new ApiError(404, 'tokenId', 'no such token for this board');
		}
		return json({ revoked: event.params.tokenId });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
