import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse } from '../testing/clickhouse';
import { BoardStore, TICKET_TTL_MS } from './store';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let boards: BoardStore;

beforeAll(async () => {
	db = await openTestClickHouse();
	boards = new BoardStore(db.client, 'test-master-key');
});
afterAll(() => db?.close());

const input = {
	id: 'floor',
	name: 'Support floor',
	panels: [
		{ brand: 'acme', view: 'kpis' as const, window: '1h' as const },
		{ brand: 'globex', view: 'queue' as const, window: '1h' as const }
	],
	rotate_seconds: 20,
	office_hours: null
};

describe('BoardStore', () => {
	it('creates, reads, updates and deletes boards', async () => {
		expect(await boards.create(input)).toMatchObject({ id: 'floor', panels: input.panels });
		expect(await boards.create(input)).toBeNull();
		const updated = await boards.update('floor', { ...input, rotate_seconds: 45 });
		expect(updated?.rotate_seconds).toBe(45);
		expect((await boards.get('floor', true))?.rotate_seconds).toBe(45);
		expect((await boards.list()).map((b) => b.id)).toEqual(['floor']);
		expect(await boards.update('nope', input)).toBeNull();
	});

	it('authenticates a board token as a read-only principal for its brands only', async () => {
		const { token, info } = await boards.createToken('floor');
		expect(token).toMatch(/^bpw_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
		expect(await boards.authenticate(token)).toEqual({
			id: 'board:floor',
			kind: 'board',
			scopes: ['read'],
			brands: ['acme', 'globex'],
			board: 'floor'
		});
		expect(await boards.authenticate(`${token.slice(0, -1)}x`)).toBeNull();
		expect(await boards.authenticate('bpk_notaboardtoken')).toBeNull();

		const { ticket, expires_at } = boards.issueTicket(info.id);
		expect((await boards.authenticate(ticket))?.board).toBe('floor');
		expect(expires_at - Date.now()).toBeLessThanOrEqual(TICKET_TTL_MS);
		const expired = boards.issueTicket(info.id, Date.now() - TICKET_TTL_MS - 1000).ticket;
		expect(await boards.check(expired)).toEqual({ status: 'invalid' });
		const forged = ticket.replace(/_[^_]+$/, '_' + 'A'.repeat(43));
		expect(await boards.check(forged)).toEqual({ status: 'invalid' });
	});

	it('says "revoked" for a revoked token and its tickets, and "gone" once the board is deleted', async () => {
		const { token, info } = await boards.createToken('floor');
		const { ticket } = boards.issueTicket(info.id);
		expect(await boards.revokeToken('other', info.id)).toBe(false);
		expect(await boards.revokeToken('floor', info.id)).toBe(true);
		expect(await boards.check(token)).toEqual({ status: 'revoked' });
		expect(await boards.check(ticket)).toEqual({ status: 'revoked' });

		const second = await boards.createToken('floor');
		expect(await boards.delete('floor')).toBe(true);
		expect(await boards.get('floor', true)).toBeNull();
		// Deleting revokes the board's tokens, so a board re-created under the same id starts clean.
		expect((await boards.check(second.token)).status).toBe('revoked');
		expect(await boards.delete('floor')).toBe(false);
	});
});
