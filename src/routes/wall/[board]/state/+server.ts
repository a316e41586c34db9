import { json } from '@sveltejs/kit';
import { wallState } from '$lib/server/boards/wall-access';
import { boardIdSchema } from '$lib/wall/board';
import type { WallState } from '$lib/wall/wall-data';
import type { RequestHandler } from './$types';

export type WallStateResponse = WallState;

/**
 * Polled by the wall page every minute: the current board (edits apply by themselves), whether the screen
 * may still show it (revocation shows a message), and a fresh ticket for the socket and the read API.
 * Lives under `/wall/<board>` so the board's path-scoped cookie reaches it.
 */
export const GET: RequestHandler = async ({ params, cookies, locals, url }) => {
	const parsed = boardIdSchema.safeParse(params.board);
	const { state } = parsed.success
		? await wallState({
				boardId: parsed.data,
				boards: locals.app.boards,
				cookies,
				principal: locals.principal,
				secure: url.protocol === 'https:'
			})
		: { state: { access: 'gone' } satisfies WallState };
	return json(state satisfies WallStateResponse, { headers: { 'cache-control': 'no-store' } });
};
