import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../http/errors';

export const SORTS = ['time_desc', 'time_asc', 'reach_desc', 'sentiment_asc', 'sentiment_desc'] as const;
export type Sort = (typeof SORTS)[number];

interface SortSpec {
	/** Column ordered on before the time key, with its ClickHouse type for binding; null for time sorts. */
	lead: { column: string; type: string } | null;
	direction: 'ASC' | 'DESC';
}

/**
 * Every sort ends in the table's sort key (created_at, source, id), which is unique per mention, so the
 * order is total and a keyset cursor never skips or repeats a row. All parts share one direction, so the
 * "after" condition is a single tuple comparison.
 */
export const SORT_SPECS: Record<Sort, SortSpec> = {
	time_desc: { lead: null, direction: 'DESC' },
	time_asc: { lead: null, direction: 'ASC' },
	reach_desc: { lead: { column: 'author_followers', type: 'UInt64' }, direction: 'DESC' },
	sentiment_asc: { lead: { column: 'score', type: 'Float32' }, direction: 'ASC' },
	sentiment_desc: { lead: { column: 'score', type: 'Float32' }, direction: 'DESC' }
};

/** The position after which the next page starts: the last row's sort key and id. */
export interface SortKey {
	lead: number | null;
	createdMs: number;
	source: string;
	id: string;
}

const payloadSchema = z.strictObject({
	v: z.literal(1),
	s: z.enum(SORTS),
	f: z.string().max(32),
	k: z.tuple([z.number().nullable(), z.number().int().nonnegative(), z.string().max(64), z.string().max(256)])
});

/** Binds a cursor to the query it came from, so it cannot be replayed against other filters. */
export function fingerprint(scope: unknown): string {
	return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);
}

export function encodeCursor(sort: Sort, scope: string, key: SortKey): string {
	const payload: z.input<typeof payloadSchema> = {
		v: 1,
		s: sort,
		f: scope,
		k: [key.lead, key.createdMs, key.source, key.id]
	};
	return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The sort key a cursor carries, or a 400 on `cursor` if it is malformed or was made for another query. */
export function decodeCursor(cursor: string, sort: Sort, scope: string): SortKey {
	let payload: z.output<typeof payloadSchema>;
	try {
		if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
		payload = payloadSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
	} catch {
		throw new ApiError(400, 'cursor', 'is not a cursor this API issued');
	}
	if (payload.s !== sort || payload.f !== scope) {
		throw new ApiError(400, 'cursor', 'belongs to a different query: keep sort and filters between pages');
	}
	const [lead, createdMs, source, id] = payload.k;
	if ((lead === null) !== (SORT_SPECS[sort].lead === null)) {
		throw new ApiError(400, 'cursor', 'is not a cursor this API issued');
	}
	return { lead, createdMs, source, id };
}

/** ORDER BY for a sort. */
export function orderBy(sort: Sort, prefix = ''): string {
	const { lead, direction } = SORT_SPECS[sort];
	const columns = [...(lead ? [lead.column] : []), 'created_at', 'source', 'id'];
	return columns.map((column) => `${prefix}${column} ${direction}`).join(', ');
}

/**
 * Rows strictly after `key` in `sort` order. Time sorts also get a plain bound on created_at, which the
 * primary index can use to skip straight to the cursor's granules (it cannot read a tuple comparison).
 */
export function afterKey(sort: Sort, key: SortKey): { sql: string; params: Record<string, unknown> } {
	const { lead, direction } = SORT_SPECS[sort];
	const op = direction === 'DESC' ? '<' : '>';
	const time = `fromUnixTimestamp64Milli({c_t:Int64}, 'UTC')`;
	const left = [...(lead ? [lead.column] : []), 'created_at', 'source', 'id'];
	const right = [...(lead ? [`{c_lead:${lead.type}}`] : []), time, '{c_source:String}', '{c_id:String}'];
	const parts = [`(${left.join(', ')}) ${op} (${right.join(', ')})`];
	if (!lead) parts.unshift(`created_at ${op}= ${time}`);
	const params: Record<string, unknown> = { c_t: key.createdMs, c_source: key.source, c_id: key.id };
	if (lead) params.c_lead = key.lead;
	return { sql: parts.join(' AND '), params };
}
