import { json } from '@sveltejs/kit';
import { boardIdParam } from '$lib/server/boards/api';
import { readJsonBody } from '$lib/server/http/body';
import { parseOr400 } from '$lib/server/http/validate';
import type { BoardTokenInfo } from '$lib/server/boards/store';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { boardUpdateSchema, type Board } from '$lib/wall/board';
import type { RequestHandler } from './$types';

export type GetBoardResponse = { board: Board; tokens: BoardTokenInfo[] };
export type UpdateBoardResponse = { board: Board };

export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const id = boardIdParam(event);
		const board = await event.locals.app.boards.get(id, true);
		if (!board) throw new ApiError(404, 'id', 'no such board');
		const tokens = await event.locals.app.boards.listTokens(id);
		return json({ board, tokens } satisfies GetBoardResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Replaces the board's definition; monitors showing it pick the change up within a minute, by themselves. */
export const PUT: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const id = boardIdParam(event);
		const input = parseOr400(boardUpdateSchema, await readJsonBody(event.request));
		const board = await event.locals.app.boards.update(id, input);
		if (!board) throw new ApiError(404, 'id', 'no such board');
		return json({ board } satisfies UpdateBoardResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Deletes the board and revokes its tokens. */
export const DELETE: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const id = boardIdParam(event);
		if (!(await event.locals.app.boards.delete(id))) throw new ApiError(404, 'id', 'no such board');
		return json({ deleted: id });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
