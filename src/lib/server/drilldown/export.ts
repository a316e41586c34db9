import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { csvRecord } from './csv';
import { fetchPage, type MentionListRow } from './mentions';
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
 * Rows per round trip. Big enough that a page's fixed cost (two queries) is small against its rows, small
 * enough that one page of rows with text is a few MB.
 */
export const EXPORT_PAGE_ROWS = 20_000;

const CONTENT_TYPES: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	ndjson: 'application/x-ndjson; charset=utf-8'
};

function record(row: MentionListRow): ExportRecord {
	return {
		id: row.id,
		source: row.source,
		created_at: row.created_at_local ?? row.created_at,
		text: row.text,
		author: row.author,
		author_followers: row.author_followers,
		lang: row.lang,
		country: row.country,
		url: row.url,
		score: row.score,
		label: row.label,
		responded_at: row.responded_at,
		latency_s: row.latency_s
	};
}

/**
 * Every matching mention, newest first, as a byte stream pulled page by page. Each pull fetches the next
 * keyset page (read in order from the sort key, so page N costs what page 1 costs) only when the consumer
 * wants more, so memory holds one page whatever the export's size. Pages rather than one long result,
 * because the embedded engine's client connection materialises a result before handing it over.
 */
export function exportStream(
	client: ClickHouseClient,
	filters: Filters,
	format: ExportFormat,
	tz: string,
	pageRows = EXPORT_PAGE_ROWS
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let after: Awaited<ReturnType<typeof fetchPage>>['lastKey'] = null;
	let started = false;
	let finished = false;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				if (!started && format === 'csv') {
					started = true;
					controller.enqueue(encoder.encode(csvRecord(EXPORT_COLUMNS)));
					return;
				}
				started = true;
				if (finished) return controller.close();
				const page = await fetchPage(client, filters, { sort: 'time_desc', limit: pageRows, after, tz });
				after = page.lastKey;
				if (page.rows.length < pageRows) finished = true;
				if (!page.rows.length) return controller.close();
				let text = '';
				for (const row of page.rows) {
					const out = record(row);
					text +=
						format === 'csv'
							? csvRecord(EXPORT_COLUMNS.map((column) => out[column]))
							: JSON.stringify(out) + '\n';
				}
				controller.enqueue(encoder.encode(text));
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
