import { error, redirect } from '@sveltejs/kit';
import type { MetricsSnapshot } from '$lib/metrics';
import { boardAccessState, setWallCookie, wallState } from '$lib/server/boards/wall-access';
import { boardIdSchema } from '$lib/wall/board';
import type { WallState } from '$lib/wall/wall-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, cookies, locals, setHeaders }) => {
	const parsed = boardIdSchema.safeParse(params.board);
	if (!parsed.success) error(404, { message: 'no such board' });
	const boardId = parsed.data;
	const boards = locals.app.boards;
	const secure = url.protocol === 'https:';
	setHeaders({ 'cache-control': 'no-store' });

	// First visit with the pasted link: trade the token for the cookie and take it out of the address bar,
	// so it is neither in the history nor on screen for anyone walking past.
	const token = url.searchParams.get('token');
	if (token !== null) {
		const access = await boards.check(token);
		const state = boardAccessState(access, boardId, boards);
		if (state.access !== 'ok')
			return { boardId, state, snapshot: null, fixed: false, startPanel: 0, dataPollMs: undefined };
		setWallCookie(cookies, boardId, token, secure);
		const clean = new URL(url);
		clean.searchParams.delete('token');
		redirect(303, clean.pathname + clean.search);
	}

	const { state } = await wallState({ boardId, boards, cookies, principal: locals.principal, secure });
	// Test switches: hold one panel and the pixel shift still so screenshots compare (fixed, panel), and poll
	// the spike API faster (poll, in seconds).
	const fixed = url.searchParams.get('fixed') === '1';
	const startPanel = Math.max(0, Math.trunc(Number(url.searchParams.get('panel') ?? 0)) || 0);
	const poll = Number(url.searchParams.get('poll'));
	const dataPollMs = poll >= 1 && poll <= 3600 ? poll * 1000 : undefined;
	let snapshot: MetricsSnapshot | null = null;
	if (state.access === 'ok') {
		const first = state.board.panels[startPanel % state.board.panels.length]!;
		snapshot = await locals.app.snapshot(first.brand, first.window).catch(() => null);
	}
	return { boardId, state: state satisfies WallState, snapshot, fixed, startPanel, dataPollMs };
};
