import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { TABLES } from '../db/tables';
import { afterKey, type SortKey } from './cursor';
import { FROM_SQL, mentionsWhere } from './filters';
import { localIsoSql } from './mentions';
import { checkWindow, filterShape, timeZoneSchema, type Filters } from './params';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportQuerySchema = z
	.strictObject({
		...filterShape,
		format: z.enum(EXPORT_FORMATS).default('csv'),
		tz: timeZoneSchema.default('UTC')
	})
	.superRefine(checkWindow);
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** Columns of an export, in order; times are in the requested zone with their offset. */
export const EXPORT_COLUMNS = [
	'id',
	'source',
	'created_at',
	'text',
	'author',
	'author_followers',
	'lang',
	'country',
	'url',
	'score',
	'label',
	'responded_at',
	'latency_s'
] as const;

/** One exported record (an NDJSON line; a CSV row has the same fields in EXPORT_COLUMNS order). */
export type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

/**
 * Rows per chunk. The embedded engine materialises a whole result before handing it over, so a chunk is
 * what memory holds at once (a few tens of MB of formatted text); big enough that a chunk's fixed cost
 * (a boundary lookup and the query) is small against its rows.
 */
export const EXPORT_PAGE_ROWS = 50_000;

const CONTENT_TYPES: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	ndjson: 'application/x-ndjson; charset=utf-8'
};

/**
 * Output settings: RFC 4180 CSV (CRLF records, NULL as an empty field, every string quoted with quotes
 * doubled), and JSON lines with plain numbers and unescaped slashes in URLs.
 */
const FORMAT_SQL: Record<ExportFormat, (header: boolean) => string> = {
	csv: (header) =>
		`SETTINGS output_format_csv_crlf_end_of_line = 1, format_csv_null_representation = '', join_use_nulls = 1
		FORMAT ${header ? 'CSVWithNames' : 'CSV'}`,
	ndjson: () =>
		`SETTINGS output_format_json_quote_64bit_integers = 0, output_format_json_escape_forward_slashes = 0,
			output_format_json_quote_denormals = 0, join_use_nulls = 1
		FORMAT JSONEachRow`
};

const ORDER = 'created_at DESC, source DESC, id DESC';

/**
 * One chunk as formatted bytes: the mentions in (upper, lower] of the sort order (the keyset bounds of the
 * chunk), joined with each one's first reply, formatted by the engine. No row becomes a JS object.
 * Replies are narrowed by the responses sort key (a reply is never older than its mention) and by the
 * chunk's time span.
 */
function chunkSql(filters: Filters, upper: SortKey | null, lower: SortKey | null) {
	const where = mentionsWhere(filters);
	const params: Record<string, unknown> = { ...where.params };
	let sql = where.sql;
	const replyTimes = [`mention_created_at <= fromUnixTimestamp64Milli({r_hi:Int64}, 'UTC')`];
	params.r_hi = upper ? upper.createdMs : filters.to;
	if (upper) {
		const after = afterKey('time_desc', upper);
		sql += ` AND ${after.sql}`;
		Object.assign(params, after.params);
	}
	if (lower) {
		sql += ` AND created_at >= fromUnixTimestamp64Milli({l_t:Int64}, 'UTC')
			AND (created_at, source, id) >= (fromUnixTimestamp64Milli({l_t:Int64}, 'UTC'), {l_source:String}, {l_id:String})`;
		Object.assign(params, { l_t: lower.createdMs, l_source: lower.source, l_id: lower.id });
		replyTimes.push(`mention_created_at >= fromUnixTimestamp64Milli({l_t:Int64}, 'UTC')`);
	}
	const local = (column: string) => localIsoSql(column);
	const query = `
		SELECT m.id AS id, m.source AS source, ${local('m.ts')} AS created_at, m.text AS text, m.author AS author,
			m.author_followers AS author_followers, m.lang AS lang, m.country AS country, m.url AS url,
			m.score AS score, m.label AS label,
			if(r.first_at IS NULL, NULL, ${local('assumeNotNull(r.first_at)')}) AS responded_at,
			r.first_latency AS latency_s
		FROM (
			SELECT id, source, created_at AS ts, text, author, author_followers, lang, country, url, score, label
			FROM ${TABLES.mentions}
			WHERE ${sql}
		) AS m
		LEFT JOIN (
			SELECT mention_id, mention_source, min(responded_at) AS first_at, min(latency_s) AS first_latency
			FROM ${TABLES.responses}
			WHERE brand = {brand:String} AND responded_at >= ${FROM_SQL} AND ${replyTimes.join(' AND ')}
			GROUP BY mention_id, mention_source
		) AS r ON m.id = r.mention_id AND m.source = r.mention_source
		ORDER BY m.ts DESC, m.source DESC, m.id DESC`;
	return { query, params };
}

/** The last key of the next chunk after `upper`: the row `rows` positions on, read from the sort key only. */
async function chunkEnd(
	client: ClickHouseClient,
	filters: Filters,
	upper: SortKey | null,
	rows: number
): Promise<SortKey | null> {
	const where = mentionsWhere(filters);
	const params: Record<string, unknown> = { ...where.params, offset: rows - 1 };
	let sql = where.sql;
	if (upper) {
		const after = afterKey('time_desc', upper);
		sql += ` AND ${after.sql}`;
		Object.assign(params, after.params);
	}
	const result = await client.query({
		query: `SELECT toUnixTimestamp64Milli(created_at), source, id FROM ${TABLES.mentions}
			WHERE ${sql} ORDER BY ${ORDER} LIMIT 1 OFFSET {offset:UInt64}`,
		query_params: params,
		format: 'JSONCompactEachRow'
	});
	const [row] = await result.json<[number, string, string]>();
	return row ? { lead: null, createdMs: Number(row[0]), source: row[1], id: row[2] } : null;
}

async function collect(stream: AsyncIterable<Buffer | Uint8Array | string>): Promise<Uint8Array[]> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	return chunks;
}

/**
 * Every matching mention, newest first, as a byte stream pulled chunk by chunk. Each pull finds where the
 * next chunk ends (a keyset lookup over the sort key columns) and has the engine format that chunk as CSV
 * or JSON lines, whose bytes go out as they are; only when the consumer wants more, so memory holds one
 * chunk whatever the export's size. Chunks rather than one long result, because the embedded engine's
 * connection materialises a result before handing it over.
 */
export function exportStream(
	client: ClickHouseClient,
	filters: Filters,
	format: ExportFormat,
	tz: string,
	pageRows = EXPORT_PAGE_ROWS
): ReadableStream<Uint8Array> {
	let upper: SortKey | null = null;
	let first = true;
	let finished = false;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				if (finished) return controller.close();
				const lower = await chunkEnd(client, filters, upper, pageRows);
				const chunk = chunkSql(filters, upper, lower);
				const result = await client.exec({
					query: `${chunk.query} ${FORMAT_SQL[format](first)}`,
					query_params: { ...chunk.params, tz }
				});
				for (const bytes of await collect(result.stream as AsyncIterable<Buffer>)) {
					if (bytes.byteLength) controller.enqueue(bytes);
				}
				first = false;
				upper = lower;
				// Close with the last chunk: a pull that enqueues nothing is not called again.
				if (!lower) {
					finished = true;
					controller.close();
				}
			}
		},
		{ highWaterMark: 1 }
	);
}

export function exportResponse(stream: ReadableStream<Uint8Array>, query: ExportQuery): Response {
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	const filename = `mentions-${query.brand}-${day(query.from)}-${day(query.to)}.${query.format}`;
	return new Response(stream, {
		headers: {
			'content-type': CONTENT_TYPES[query.format],
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}
