import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { SentimentLabel } from '../../metrics';
import { TABLES } from '../db/tables';
import {
	afterKey,
	decodeCursor,
	encodeCursor,
	fingerprint,
	orderBy,
	SORTS,
	SORT_SPECS,
	type Sort,
	type SortKey
} from './cursor';
import { FROM_SQL, mentionsWhere } from './filters';
import { checkWindow, filterShape, timeZoneSchema, type Filters } from './params';

export const MAX_PAGE = 500;

export const mentionsQuerySchema = z
	.strictObject({
		...filterShape,
		sort: z.enum(SORTS).default('time_desc'),
		limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
		cursor: z.string().min(1).max(2048).optional(),
		tz: timeZoneSchema.optional()
	})
	.superRefine(checkWindow);
export type MentionsQuery = z.output<typeof mentionsQuerySchema>;

/** One mention as the drill-down lists it. Times are ISO 8601; `*_local` in the requested `tz`. */
export interface MentionListRow {
	id: string;
	source: string;
	created_at: string;
	/** Only when `tz` was given: created_at in that zone, with its offset. */
	created_at_local?: string;
	text: string;
	author: string;
	author_followers: number;
	lang: string;
	country: string;
	url: string;
	score: number;
	label: SentimentLabel;
	/** First brand reply, or null while unanswered. */
	responded_at: string | null;
	latency_s: number | null;
}

export interface MentionsPage {
	rows: MentionListRow[];
	/** Pass back as `cursor` for the next page; null on the last page. */
	next_cursor: string | null;
	/** Mentions under the same filters over [from, to), the number the chart shows for that window. */
	total: number;
}

type RawRow = [
	id: string,
	source: string,
	createdMs: number,
	text: string,
	author: string,
	authorFollowers: number,
	lang: string,
	country: string,
	url: string,
	score: number,
	label: SentimentLabel,
	local: string
];

/** `t` rendered in zone `{tz}` as ISO 8601 with a ±hh:mm offset, in SQL so big exports stay cheap. */
export function localIsoSql(column: string): string {
	return `concat(replaceOne(toString(${column}, {tz:String}), ' ', 'T'), replaceRegexpOne(formatDateTime(${column}, '%z', {tz:String}), '(\\\\d\\\\d)$', ':\\\\1'))`;
}

const isoFromMs = (ms: number) => new Date(ms).toISOString();

/** The cursor scope: everything that defines the result set and its order, so a cursor fits one query. */
function scopeOf(filters: Filters, sort: Sort): string {
	const { brand, from, to, source, lang, country, label, author, q } = filters;
	return fingerprint([brand, from, to, source, lang, country, label, author, q, sort]);
}

export interface PageOptions {
	sort: Sort;
	limit: number;
	after: SortKey | null;
	tz: string | null;
}

/**
 * One keyset page with each row's first reply. Replies are looked up for the page's ids only, from
 * `responses` narrowed by its sort key: a reply is never older than its mention, so responded_at >= from.
 */
export async function fetchPage(
	client: ClickHouseClient,
	filters: Filters,
	options: PageOptions
): Promise<{ rows: MentionListRow[]; lastKey: SortKey | null }> {
	const where = mentionsWhere(filters);
	const params: Record<string, unknown> = { ...where.params, limit: options.limit, tz: options.tz ?? 'UTC' };
	let sql = where.sql;
	if (options.after) {
		const after = afterKey(options.sort, options.after);
		sql += ` AND ${after.sql}`;
		Object.assign(params, after.params);
	}
	const result = await client.query({
		query: `SELECT id, source, toUnixTimestamp64Milli(created_at), text, author, author_followers, lang, country, url,
				score, label, ${options.tz ? localIsoSql('created_at') : "''"}
			FROM ${TABLES.mentions}
			WHERE ${sql}
			ORDER BY ${orderBy(options.sort)}
			LIMIT {limit:UInt32}`,
		query_params: params,
		format: 'JSONCompactEachRow'
	});
	const raw = await result.json<RawRow>();
	const timeSorted = options.sort === 'time_desc' || options.sort === 'time_asc';
	const replies = await repliesFor(client, filters, raw, options.tz, timeSorted && raw.length > 1000);
	const lead = SORT_SPECS[options.sort].lead?.column;
	const rows = raw.map((row): MentionListRow => {
		const [id, source, createdMs, text, author, authorFollowers, lang, country, url, score, label, local] =
			row;
		const reply = replies.get(`${id}\u0000${source}`);
		const out: MentionListRow = {
			id,
			source,
			created_at: isoFromMs(Number(createdMs)),
			text,
			author,
			author_followers: Number(authorFollowers),
			lang,
			country,
			url,
			score,
			label,
			responded_at: reply?.respondedAt ?? null,
			latency_s: reply?.latency ?? null
		};
		if (options.tz) out.created_at_local = local;
		return out;
	});
	const last = raw.at(-1);
	const lastKey: SortKey | null = last
		? {
				lead: lead === 'author_followers' ? Number(last[5]) : lead === 'score' ? last[9] : null,
				createdMs: Number(last[2]),
				source: last[1],
				id: last[0]
			}
		: null;
	return { rows, lastKey };
}

/**
 * First replies for a page's mentions. A short page looks its ids up; a long export page (time order, so
 * its mentions span [oldest, newest]) selects replies by the mention's time instead: an id list of
 * 20,000 strings costs more to ship and hash than reading the replies of that slice of time.
 */
async function repliesFor(
	client: ClickHouseClient,
	filters: Filters,
	rows: RawRow[],
	tz: string | null,
	byTimeRange: boolean
): Promise<Map<string, { respondedAt: string; latency: number }>> {
	const replies = new Map<string, { respondedAt: string; latency: number }>();
	if (!rows.length) return replies;
	const times = rows.map((row) => Number(row[2]));
	const match = byTimeRange
		? `mention_created_at >= fromUnixTimestamp64Milli({min_ms:Int64}, 'UTC')
			AND mention_created_at <= fromUnixTimestamp64Milli({max_ms:Int64}, 'UTC')`
		: 'mention_id IN {ids:Array(String)}';
	const result = await client.query({
		query: `SELECT mention_id, mention_source, toUnixTimestamp64Milli(min(responded_at)) AS first_ms,
				${tz ? localIsoSql('min(responded_at)') : "''"}, min(latency_s)
			FROM ${TABLES.responses}
			WHERE brand = {brand:String} AND responded_at >= ${FROM_SQL} AND ${match}
			GROUP BY mention_id, mention_source`,
		query_params: {
			brand: filters.brand,
			from_ms: filters.from,
			tz: tz ?? 'UTC',
			...(byTimeRange
				? { min_ms: Math.min(...times), max_ms: Math.max(...times) }
				: { ids: [...new Set(rows.map((row) => row[0]))] })
		},
		format: 'JSONCompactEachRow'
	});
	for (const [id, source, firstMs, local, latency] of await result.json<
		[string, string, number, string, number]
	>()) {
		replies.set(`${id}\u0000${source}`, { respondedAt: tz ? local : isoFromMs(Number(firstMs)), latency });
	}
	return replies;
}

export async function countMentions(client: ClickHouseClient, filters: Filters): Promise<number> {
	const where = mentionsWhere(filters);
	const result = await client.query({
		query: `SELECT count() FROM ${TABLES.mentions} WHERE ${where.sql}`,
		query_params: where.params,
		format: 'JSONCompactEachRow'
	});
	const [row] = await result.json<[number]>();
	return Number(row?.[0] ?? 0);
}

/** The drill-down list: a keyset page plus the total under the same filters. */
export async function listMentions(client: ClickHouseClient, query: MentionsQuery): Promise<MentionsPage> {
	const scope = scopeOf(query, query.sort);
	const after = query.cursor ? decodeCursor(query.cursor, query.sort, scope) : null;
	// One extra row tells whether a next page exists without a second query.
	const [page, total] = await Promise.all([
		fetchPage(client, query, { sort: query.sort, limit: query.limit + 1, after, tz: query.tz ?? null }),
		countMentions(client, query)
	]);
	const more = page.rows.length > query.limit;
	const rows = more ? page.rows.slice(0, query.limit) : page.rows;
	let next_cursor: string | null = null;
	if (more) {
		const last = rows.at(-1)!;
		const lead = SORT_SPECS[query.sort].lead?.column;
		next_cursor = encodeCursor(query.sort, scope, {
			lead: lead === 'author_followers' ? last.author_followers : lead === 'score' ? last.score : null,
			createdMs: Date.parse(last.created_at),
			source: last.source,
			id: last.id
		});
	}
	return { rows, next_cursor, total };
}
