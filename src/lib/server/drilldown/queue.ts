import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { SentimentLabel } from '../../metrics';
import { TABLES } from '../db/tables';
import { ApiError } from '../http/errors';
import type { IngestPipeline, IngestReport } from '../ingest/pipeline';
import { brandSchema } from './params';

/** How far back the desk looks: older unanswered mentions are history, not a queue. */
export const QUEUE_DAYS = 7;
/** The promise to customers: an answer within one hour. */
export const ANSWER_WITHIN_S = 3600;
const QUEUE_MAX_PAGE = 200;

export const queueQuerySchema = z.strictObject({
	brand: brandSchema,
	limit: z.coerce.number().int().min(1).max(QUEUE_MAX_PAGE).default(50),
	cursor: z.string().min(1).max(2048).optional()
});
export type QueueQuery = z.output<typeof queueQuerySchema>;

export interface QueueRow {
	id: string;
	source: string;
	created_at: string;
	text: string;
	author: string;
	author_followers: number;
	lang: string;
	country: string;
	url: string;
	score: number;
	label: SentimentLabel;
	/** See URGENCY_SQL; higher is more urgent. */
	urgency: number;
	/** created_at + 1 h. */
	due_at: string;
	/** Seconds until due_at as of the queue's `as_of`; negative once overdue. */
	seconds_left: number;
}

export interface Queue {
	/** The instant urgency and seconds_left were computed for; later pages keep it so the order holds. */
	as_of: string;
	rows: QueueRow[];
	next_cursor: string | null;
	/** Unanswered mentions of the last 7 days, and how many of them are past due. */
	unanswered: number;
	overdue: number;
}

/**
 * Urgency, higher first:
 *   log10(1 + followers)                        reach: 0 for nobody, 3 for 1k, 6 for 1M followers
 * + 3 × (max(0, -score) + [label = negative])   anger: 0 for neutral or praise, up to 6
 * + 1.5 × min(age / 1 h, 2)                     waiting: grows to 1.5 at the 1 h promise, caps at 3 at 2 h
 * So a furious post from a big account leads, and anything left waiting climbs; the cap keeps week-old
 * trivia from burying a fresh complaint. Rounded so the value survives a trip through a cursor.
 */
export const URGENCY_SQL = `round(
	log10(1 + author_followers)
	+ 3 * (greatest(0, -score) + (label = 'negative'))
	+ 1.5 * least(greatest(0, {as_of_ms:Int64} - toUnixTimestamp64Milli(created_at)) / 3600000, 2), 6)`;

const cursorSchema = z.strictObject({
	v: z.literal(1),
	b: z.string(),
	a: z.number().int().nonnegative(),
	k: z.tuple([z.number(), z.number().int().nonnegative(), z.string().max(64), z.string().max(256)])
});
type QueueCursor = z.output<typeof cursorSchema>;

function decodeQueueCursor(cursor: string, brand: string): QueueCursor {
	try {
		if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
		const payload = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
		if (payload.b !== brand) throw new Error('other brand');
		return payload;
	} catch {
		throw new ApiError(400, 'cursor', 'is not a queue cursor this API issued for this brand');
	}
}

type RawQueueRow = [
	string,
	string,
	number,
	string,
	string,
	number,
	string,
	string,
	string,
	number,
	SentimentLabel,
	number
];

const UNANSWERED_SQL = `brand = {brand:String}
	AND created_at >= fromUnixTimestamp64Milli({since_ms:Int64}, 'UTC')
	AND created_at < fromUnixTimestamp64Milli({as_of_ms:Int64}, 'UTC')
	AND id NOT IN (
		SELECT mention_id FROM ${TABLES.responseKeys}
		WHERE brand = {brand:String} AND responded_at >= fromUnixTimestamp64Milli({since_ms:Int64}, 'UTC'))`;

export async function responseQueue(
	client: ClickHouseClient,
	query: QueueQuery,
	now = Date.now()
): Promise<Queue> {
	const cursor = query.cursor ? decodeQueueCursor(query.cursor, query.brand) : null;
	const asOf = cursor?.a ?? now;
	const params: Record<string, unknown> = {
		brand: query.brand,
		as_of_ms: asOf,
		since_ms: asOf - QUEUE_DAYS * 86_400_000,
		limit: query.limit + 1,
		due_ms: ANSWER_WITHIN_S * 1000
	};
	let after = '';
	if (cursor) {
		after = `AND (urgency, created_at, source, id) < ({c_u:Float64}, fromUnixTimestamp64Milli({c_t:Int64}, 'UTC'), {c_source:String}, {c_id:String})`;
		[params.c_u, params.c_t, params.c_source, params.c_id] = cursor.k;
	}
	const [page, counts] = await Promise.all([
		client
			.query({
				query: `SELECT id, source, toUnixTimestamp64Milli(created_at), text, author, author_followers, lang, country, url,
						score, label, ${URGENCY_SQL} AS urgency
					FROM ${TABLES.mentions}
					WHERE ${UNANSWERED_SQL} ${after}
					ORDER BY urgency DESC, created_at DESC, source DESC, id DESC
					LIMIT {limit:UInt32}`,
				query_params: params,
				format: 'JSONCompactEachRow'
			})
			.then((result) => result.json<RawQueueRow>()),
		client
			.query({
				query: `SELECT count() AS unanswered,
						countIf(toUnixTimestamp64Milli(created_at) + {due_ms:Int64} < {as_of_ms:Int64}) AS overdue
					FROM ${TABLES.mentions} WHERE ${UNANSWERED_SQL}`,
				query_params: params,
				format: 'JSONEachRow'
			})
			.then((result) => result.json<{ unanswered: number; overdue: number }>())
	]);
	const more = page.length > query.limit;
	const rows = (more ? page.slice(0, query.limit) : page).map((row): QueueRow => {
		const [id, source, createdMs, text, author, followers, lang, country, url, score, label, urgency] = row;
		const dueMs = Number(createdMs) + ANSWER_WITHIN_S * 1000;
		return {
			id,
			source,
			created_at: new Date(Number(createdMs)).toISOString(),
			text,
			author,
			author_followers: Number(followers),
			lang,
			country,
			url,
			score,
			label,
			urgency,
			due_at: new Date(dueMs).toISOString(),
			seconds_left: Math.round((dueMs - asOf) / 1000)
		};
	});
	const last = more ? rows.at(-1) : undefined;
	const next_cursor = last
		? Buffer.from(
				JSON.stringify({
					v: 1,
					b: query.brand,
					a: asOf,
					k: [last.urgency, Date.parse(last.created_at), last.source, last.id]
				} satisfies QueueCursor)
			).toString('base64url')
		: null;
	return {
		as_of: new Date(asOf).toISOString(),
		rows,
		next_cursor,
		unanswered: Number(counts[0]?.unanswered ?? 0),
		overdue: Number(counts[0]?.overdue ?? 0)
	};
}

export const answerBodySchema = z.strictObject({
	brand: brandSchema,
	channel: z.string().min(1).max(64).optional(),
	agent: z.string().min(1).max(256).optional()
});
export type AnswerBody = z.output<typeof answerBodySchema>;
export const mentionIdSchema = z.string().min(1).max(256);

/**
 * Records a reply made now through the ingest pipeline, so the rollups, the latency KPIs and the live
 * dashboards move exactly as for replies that arrive through POST /api/v1/responses.
 */
export function answerMention(
	pipeline: IngestPipeline,
	mentionId: string,
	body: AnswerBody,
	allowedBrands: string[] | null,
	now = Date.now()
): Promise<IngestReport> {
	const reply: Record<string, string> = {
		mention_id: mentionId,
		brand: body.brand,
		responded_at: new Date(now).toISOString()
	};
	if (body.channel) reply.channel = body.channel;
	if (body.agent) reply.agent = body.agent;
	return pipeline.ingestResponses([reply], allowedBrands);
}
