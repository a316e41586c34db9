import { json } from '@sveltejs/kit';
import { readJsonBody } from '$lib/server/http/body';
import { parseOr400 } from '$lib/server/http/validate';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { boardInputSchema, type Board } from '$lib/wall/board';
import type { RequestHandler } from './$types';

export type ListBoardsResponse = { boards: Board[] };
export type CreateBoardResponse = { board: Board };

export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		return json({ boards: await event.locals.app.boards.list() } satisfies ListBoardsResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Creates a board `{ id, name, panels, rotate_seconds?, office_hours? }`; 409 if the id is taken. */
export const POST: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const input = parseOr400(boardInputSchema, await readJsonBody(event.request));
		const board = await event.locals.app.boards.create(input);
		if (!board) throw new ApiError(409, 'id', `board "${input.id}" already exists`);
		return json({ board } satisfies CreateBoardResponse, { status: 201 });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
