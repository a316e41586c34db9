import { fail } from '@sveltejs/kit';
import { adminForm, field, firstIssue, isFailure } from '$lib/server/admin/forms';
import { wallUrl } from '$lib/server/boards/api';
import type { BoardTokenInfo } from '$lib/server/boards/store';
import { boardIdSchema, boardInputSchema, type Board } from '$lib/wall/board';
import type { Actions, PageServerLoad } from './$types';

export interface AdminBoardRow {
	board: Board;
	/** One panel per line: `brand view [window]`. */
	panelsText: string;
	tokens: BoardTokenInfo[];
}

export const load: PageServerLoad = async ({ locals }) => {
	const boards = await locals.app.boards.list();
	const rows: AdminBoardRow[] = await Promise.all(
		boards.map(async (board) => ({
			board,
			panelsText: board.panels.map((panel) => `${panel.brand} ${panel.view} ${panel.window}`).join('\n'),
			tokens: await locals.app.boards.listTokens(board.id)
		}))
	);
	return { boards: rows };
};

/** `northwind volume 6h` per line into panels; the schema then names what is wrong. */
function panelsOf(text: string): unknown[] {
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const [brand, view, window] = line.split(/\s+/);
			return window ? { brand, view, window } : { brand, view };
		});
}

export const actions: Actions = {
	/** Creates the board, or replaces it when the id exists (its tokens keep working). */
	save: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = field(form, 'id');
		const rotate = Number(field(form, 'rotate_seconds') || '20');
		const existing = boardIdSchema.safeParse(id).success ? await app.boards.get(id, true) : null;
		const parsed = boardInputSchema.safeParse({
			id,
			name: field(form, 'name'),
			panels: panelsOf(field(form, 'panels')),
			rotate_seconds: rotate,
			office_hours: existing?.office_hours ?? null
		});
		if (!parsed.success) return fail(400, { action: 'save', id, error: firstIssue(parsed.error) });
		const saved = existing ? await app.boards.update(id, parsed.data) : await app.boards.create(parsed.data);
		if (!saved) return fail(409, { action: 'save', id, error: 'id: changed meanwhile; reload and retry' });
		await app.sync.changed('boards');
		record({
			action: existing ? 'admin.board.update' : 'admin.board.create',
			target: `board:${id}`,
			outcome: 'ok',
			detail: `${saved.panels.length} panels`
		});
		return { action: 'save', message: `Saved board ${id}.` };
	},

	delete: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = boardIdSchema.safeParse(field(form, 'id'));
		if (!id.success || !(await app.boards.delete(id.data)))
			return fail(404, { action: 'delete', error: 'id: no such board' });
		await app.sync.changed('boards');
		record({ action: 'admin.board.delete', target: `board:${id.data}`, outcome: 'ok' });
		return { action: 'delete', message: `Deleted board ${id.data} and revoked its screen links.` };
	},

	/** A screen link, shown once. */
	createToken: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = boardIdSchema.safeParse(field(form, 'id'));
		if (!id.success || !(await app.boards.get(id.data, true)))
			return fail(404, { action: 'createToken', error: 'id: no such board' });
		const { token, info } = await app.boards.createToken(id.data);
		record({
			action: 'admin.board.token_create',
			target: `board:${id.data}`,
			outcome: 'ok',
			detail: info.id
		});
		return { action: 'createToken', board: id.data, url: wallUrl(event.url.origin, id.data, token) };
	},

	revokeToken: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = boardIdSchema.safeParse(field(form, 'id'));
		const tokenId = field(form, 'token');
		if (!id.success || !/^[a-z0-9]{12}$/.test(tokenId) || !(await app.boards.revokeToken(id.data, tokenId)))
			return fail(404, { action: 'revokeToken', error: 'token: no such screen link' });
		await app.sync.changed('boards');
		record({
			action: 'admin.board.token_revoke',
			target: `board:${id.data}`,
			outcome: 'ok',
			detail: tokenId
		});
		return { action: 'revokeToken', message: `Revoked screen link ${tokenId}.` };
	}
};
