import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import {
	boardBrands,
	boardInputSchema,
	type Board,
	type BoardInput,
	type OfficeHours,
	type Panel
} from '../../wall/board';
import type { Principal } from '../auth/principal';

export const BOARDS_TABLE = 'boards';
export const BOARD_TOKENS_TABLE = 'board_tokens';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

export interface BoardTokenInfo {
	id: string;
	board: string;
	created_at: string;
	revoked_at: string | null;
}

/** What a presented board credential amounts to; `revoked` and `gone` get their own full-screen message. */
export type BoardAccess =
	| { status: 'ok'; principal: Principal; board: Board; tokenId: string }
	| { status: 'revoked' }
	| { status: 'gone' }
	| { status: 'invalid' };

/** Long-lived board token: `bpw_<id>_<secret>`, pasted once into a monitor's browser. */
const TOKEN_FORMAT = /^bpw_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
/**
 * Short-lived ticket minted from the board's cookie for the socket handshake and the read API, which the
 * path-scoped httpOnly cookie does not reach: `bpt_<tokenId>_<expiresMs>_<hmac>`.
 */
const TICKET_FORMAT = /^bpt_([a-z0-9]{12})_(\d{13})_([A-Za-z0-9_-]{43})$/;
export const TICKET_TTL_MS = 60 * 60 * 1000;
/** Revocation and board edits reach every node within this long; lookups in between cost no query. */
const CACHE_MS = 10_000;
/** Bounds the caches: a deployment has a handful of boards and monitors, never thousands. */
const CACHE_MAX = 1000;

const storedBoardRow = z.object({
	id: z.string(),
	name: z.string(),
	panels: z.string(),
	rotate_seconds: z.coerce.number(),
	office_hours: z.string().nullable(),
	updated_at: z.string()
});

type TokenRecord = BoardTokenInfo & { secret_sha256: string };

function newId(): string {
	return randomBytes(9)
		.toString('base64url')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '0')
		.slice(0, 12);
}

/**
 * Wall boards and their tokens, in ClickHouse so every web node shares them. Tokens are 256-bit random and
 * stored as SHA-256, like API keys; they never expire (a wall must never log itself out) but can be revoked.
 */
export class BoardStore {
	readonly #ticketSecret: Buffer;
	readonly #boards = new Map<string, { at: number; board: Board | null }>();
	readonly #tokens = new Map<string, { at: number; record: TokenRecord | null }>();

	constructor(
		private readonly client: ClickHouseClient,
		masterKey: string
	) {
		// Derived from the master key so every node signs and checks tickets alike, with no extra secret to ship.
		this.#ticketSecret = createHmac('sha256', masterKey).update('brandpulse board ticket v1').digest();
	}

	/** Drops the caches: another node changed boards or tokens (src/lib/server/auth/config-sync.ts). */
	forget(): void {
		this.#boards.clear();
		this.#tokens.clear();
	}

	async list(): Promise<Board[]> {
		const result = await this.client.query({
			query: `SELECT id, name, panels, rotate_seconds, office_hours, toString(updated_at) AS updated_at
				FROM ${BOARDS_TABLE} FINAL WHERE deleted = 0 ORDER BY id`,
			format: 'JSONEachRow'
		});
		return (await result.json<unknown>()).flatMap((row) => {
			const board = this.#parseRow(row);
			return board ? [board] : [];
		});
	}

	async get(id: string, fresh = false): Promise<Board | null> {
		const cached = this.#boards.get(id);
		if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.board;
		const result = await this.client.query({
			query: `SELECT id, name, panels, rotate_seconds, office_hours, toString(updated_at) AS updated_at
				FROM ${BOARDS_TABLE} FINAL WHERE id = {id:String} AND deleted = 0`,
			query_params: { id },
			format: 'JSONEachRow'
		});
		const [row] = await result.json<unknown>();
		const board = row === undefined ? null : this.#parseRow(row);
		remember(this.#boards, id, { at: Date.now(), board });
		return board;
	}

	/** Creates a board; false if the id is taken. */
	async create(input: BoardInput): Promise<Board | null> {
		if (await this.get(input.id, true)) return null;
		return this.#write(input);
	}

	/** Replaces a board's definition; null if there is no such board. */
	async update(id: string, input: Omit<BoardInput, 'id'>): Promise<Board | null> {
		if (!(await this.get(id, true))) return null;
		return this.#write({ ...input, id });
	}

	/** Deletes a board; its tokens stop working with it (they are also revoked, so a re-created id starts clean). */
	async delete(id: string): Promise<boolean> {
		const board = await this.get(id, true);
		if (!board) return false;
		await this.client.insert({
			table: BOARDS_TABLE,
			values: [{ ...this.#rowOf(board), deleted: 1 }],
			format: 'JSONEachRow'
		});
		this.#boards.delete(id);
		for (const token of await this.listTokens(id)) {
			if (!token.revoked_at) await this.revokeToken(id, token.id);
		}
		return true;
	}

	async createToken(board: string): Promise<{ token: string; info: BoardTokenInfo }> {
		const id = newId();
		const secret = randomBytes(32).toString('base64url');
		const info: BoardTokenInfo = { id, board, created_at: new Date().toISOString(), revoked_at: null };
		await this.client.insert({
			table: BOARD_TOKENS_TABLE,
			values: [{ ...info, secret_sha256: sha256(secret) }],
			format: 'JSONEachRow'
		});
		this.#tokens.delete(id);
		return { token: `bpw_${id}_${secret}`, info };
	}

	async listTokens(board: string): Promise<BoardTokenInfo[]> {
		const result = await this.client.query({
			query: `SELECT id, board, toString(created_at) AS created_at, toString(revoked_at) AS revoked_at
				FROM ${BOARD_TOKENS_TABLE} FINAL WHERE board = {board:String} ORDER BY created_at`,
			query_params: { board },
			format: 'JSONEachRow'
		});
		return result.json<BoardTokenInfo>();
	}

	/** Revokes one of a board's tokens; false if the board has no such token. */
	async revokeToken(board: string, tokenId: string): Promise<boolean> {
		const record = await this.#loadToken(tokenId, true);
		if (!record || record.board !== board) return false;
		if (record.revoked_at) return true;
		await this.client.insert({
			table: BOARD_TOKENS_TABLE,
			values: [{ ...record, revoked_at: new Date().toISOString() }],
			format: 'JSONEachRow'
		});
		this.#tokens.delete(tokenId);
		return true;
	}

	/** The principal a board token or ticket stands for, or null: consulted by the hooks after API keys. */
	async authenticate(token: string): Promise<Principal | null> {
		const access = await this.check(token);
		return access.status === 'ok' ? access.principal : null;
	}

	/** Like `authenticate`, but says why a credential does not work, for the wall's full-screen message. */
	async check(token: string): Promise<BoardAccess> {
		let tokenId: string;
		const longLived = TOKEN_FORMAT.exec(token);
		const ticket = longLived ? null : TICKET_FORMAT.exec(token);
		if (longLived) {
			tokenId = longLived[1]!;
		} else if (ticket) {
			const [, id, expires, signature] = ticket;
			if (!safeEqual(signature!, this.#sign(`${id}.${expires}`)) || Number(expires) < Date.now()) {
				return { status: 'invalid' };
			}
			tokenId = id!;
		} else {
			return { status: 'invalid' };
		}
		const record = await this.#loadToken(tokenId);
		if (!record) return { status: 'invalid' };
		if (longLived && !safeEqual(record.secret_sha256, sha256(longLived[2]!))) return { status: 'invalid' };
		if (record.revoked_at) return { status: 'revoked' };
		const board = await this.get(record.board);
		if (!board) return { status: 'gone' };
		return { status: 'ok', principal: this.principalOf(board), board, tokenId };
	}

	/** A short-lived credential for the socket and the read API, minted for a token that checked out. */
	issueTicket(tokenId: string, now = Date.now()): { ticket: string; expires_at: number } {
		const expires = now + TICKET_TTL_MS;
		return {
			ticket: `bpt_${tokenId}_${expires}_${this.#sign(`${tokenId}.${expires}`)}`,
			expires_at: expires
		};
	}

	/** Read-only, and only the brands on the board. */
	principalOf(board: Board): Principal {
		return {
			id: `board:${board.id}`,
			kind: 'board',
			scopes: ['read'],
			brands: boardBrands(board),
			board: board.id
		};
	}

	#sign(payload: string): string {
		return createHmac('sha256', this.#ticketSecret).update(payload).digest('base64url');
	}

	async #write(input: BoardInput): Promise<Board> {
		const board: Board = { ...input, updated_at: new Date().toISOString() };
		await this.client.insert({
			table: BOARDS_TABLE,
			values: [{ ...this.#rowOf(board), deleted: 0 }],
			format: 'JSONEachRow'
		});
		this.#boards.delete(board.id);
		return board;
	}

	#rowOf(board: Board) {
		return {
			id: board.id,
			name: board.name,
			panels: JSON.stringify(board.panels satisfies Panel[]),
			rotate_seconds: board.rotate_seconds,
			office_hours: board.office_hours ? JSON.stringify(board.office_hours satisfies OfficeHours) : null
		};
	}

	/** Rows are validated again on the way out: a hand-edited row must not break every wall showing it. */
	#parseRow(raw: unknown): Board | null {
		const row = storedBoardRow.safeParse(raw);
		if (!row.success) return null;
		try {
			const parsed = boardInputSchema.safeParse({
				id: row.data.id,
				name: row.data.name,
				panels: JSON.parse(row.data.panels) as unknown,
				rotate_seconds: row.data.rotate_seconds,
				office_hours: row.data.office_hours ? (JSON.parse(row.data.office_hours) as unknown) : null
			});
			return parsed.success ? { ...parsed.data, updated_at: row.data.updated_at } : null;
		} catch {
			return null;
		}
	}

	async #loadToken(id: string, fresh = false): Promise<TokenRecord | null> {
		const cached = this.#tokens.get(id);
		if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.record;
		const result = await this.client.query({
			query: `SELECT id, board, toString(created_at) AS created_at, toString(revoked_at) AS revoked_at,
					secret_sha256
				FROM ${BOARD_TOKENS_TABLE} FINAL WHERE id = {id:String}`,
			query_params: { id },
			format: 'JSONEachRow'
		});
		const [record = null] = await result.json<TokenRecord>();
		remember(this.#tokens, id, { at: Date.now(), record });
		return record;
	}
}

/** A Map used as a cache, capped so that probing with made-up ids cannot grow it without bound. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
	cache.delete(key);
	cache.set(key, value);
	if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
}
