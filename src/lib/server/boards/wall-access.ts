import type { Cookies } from '@sveltejs/kit';
import { boardBrands, type Board } from '../../wall/board';
import { WALL_COOKIE, WALL_COOKIE_MAX_AGE_S, type WallState } from '../../wall/wall-data';
import { canSeeBrand, hasScope, type Principal } from '../auth/principal';
import type { BoardAccess, BoardStore } from './store';

export function wallCookiePath(board: string): string {
	return `/wall/${encodeURIComponent(board)}`;
}

/** httpOnly (script never sees the token), path-scoped to this board, renewed on every use. */
export function setWallCookie(cookies: Cookies, board: string, token: string, secure: boolean): void {
	cookies.set(WALL_COOKIE, token, {
		path: wallCookiePath(board),
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: WALL_COOKIE_MAX_AGE_S
	});
}

function stateOf(access: BoardAccess, boardId: string, boards: BoardStore): WallState {
	if (access.status !== 'ok') return { access: access.status };
	// A token for another board reads as invalid here: it must not open this one.
	if (access.board.id !== boardId) return { access: 'invalid' };
	const { ticket, expires_at } = boards.issueTicket(access.tokenId);
	return { access: 'ok', board: access.board, ticket, expires_at };
}

/**
 * Whether this request may show the board, from the board cookie or (for an admin previewing it) the
 * logged-in session; with a ticket for the socket and the read API when it came through a board token.
 */
export async function wallState(options: {
	boardId: string;
	boards: BoardStore;
	cookies: Cookies;
	principal: Principal | null;
	secure: boolean;
}): Promise<{ state: WallState; board: Board | null }> {
	const { boardId, boards, cookies, principal } = options;
	const token = cookies.get(WALL_COOKIE);
	if (token) {
		const state = stateOf(await boards.check(token), boardId, boards);
		if (state.access === 'ok') {
			setWallCookie(cookies, boardId, token, options.secure);
			return { state, board: state.board };
		}
		if (!principal) return { state, board: null };
	}
	if (principal && hasScope(principal, 'read')) {
		const board = await boards.get(boardId);
		if (!board) return { state: { access: 'gone' }, board: null };
		if (boardBrands(board).every((brand) => canSeeBrand(principal, brand))) {
			return { state: { access: 'ok', board, ticket: null, expires_at: null }, board };
		}
	}
	return { state: { access: 'missing' }, board: null };
}

export { stateOf as boardAccessState };
