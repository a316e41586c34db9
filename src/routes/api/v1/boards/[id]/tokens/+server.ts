import { json } from '@sveltejs/kit';
import { boardIdParam, wallUrl } from '$lib/server/boards/api';
import type { BoardTokenInfo } from '$lib/server/boards/store';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type CreateBoardTokenResponse = {
	/** The secret, in this answer only (it is stored hashed). */
	token: string;
	/** Paste into the monitor's browser once: it sets a long-lived cookie and drops the token from the address bar. */
	url: string;
	info: BoardTokenInfo;
};

/** Mints a read-only, non-expiring token for one board's monitors. */
export const POST: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const id = boardIdParam(event);
		if (!(await event.locals.app.boards.get(id, true))) throw new ApiError(404, 'id', 'no such board');
		const { token, info } = await event.locals.app.boards.createToken(id);
		const origin = event.locals.app.config.BRANDPULSE_PUBLIC_URL ?? event.url.origin;
		return json({ token, url: wallUrl(origin, id, token), info } satisfies CreateBoardTokenResponse, {
			status: 201
		});
	} catch (error) {
		return apiErrorResponse(error);
	}
};
