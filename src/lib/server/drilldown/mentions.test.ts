import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { parse } from 'csv-parse/sync';
import { ApiError } from '../http/errors';
import { IngestPipeline } from '../ingest/pipeline';
import { generateMentions } from '../simulator';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { SORTS } from './cursor';
import { EXPORT_COLUMNS, exportQuerySchema, exportStream } from './export';
import { listMentions, mentionsQuerySchema, type MentionListRow } from './mentions';
import { parseQuery, searchTokens } from './params';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let client: ClickHouseClient;
let pipeline: IngestPipeline;

const TO = Date.parse('2026-11-20T12:00:00Z');
const FROM = TO - 2 * 86_400_000;
let brand = '';
let brandCount = 0;

beforeAll(async () => {
	db = await openTestClickHouse();
	client = db.client;
	pipeline = new IngestPipeline(client, { flushRows: 5000, flushIntervalMs: 20 });
	const mentions = generateMentions(4000, { seed: 5, fromMs: FROM, toMs: TO });
	// Several inserts, so the table has several parts and ordering is not an accident of one part.
	for (let index = 0; index < mentions.length; index += 1000) {
		await pipeline.ingestMentions(mentions.slice(index, index + 1000));
	}
	const counts = new Map<string, number>();
	for (const mention of mentions) counts.set(mention.brand, (counts.get(mention.brand) ?? 0) + 1);
	[brand, brandCount] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
	await pipeline.ingestMentions([
		{
			id: 'needle-1',
			brand,
			source: 'twitter',
			text: 'My Zyxwv order never arrived, "refund" please, now',
			created_at: new Date(FROM + 3_600_000).toISOString(),
			author: 'o\'brien, "the" customer',
			author_followers: 5
		},
		{
			id: 'needle-2',
			brand,
			source: 'reddit',
			text: 'zyxwv again\nsecond line',
			created_at: new Date(FROM + 7_200_000).toISOString()
		},
		{
			id: 'needle-3',
			brand,
			source: 'forum',
			text: ' ÄRGER über die Lieferung; Crème brûlée, naïve Straße ',
			url: 'https://example.com/forum/needle-3?a=1&b=2',
			created_at: new Date(FROM + 10_800_000).toISOString(),
			author: 'Jörg',
			author_followers: 9_876_543_210
		}
	]);
	await pipeline.ingestResponses([
		{ mention_id: 'needle-1', brand, responded_at: new Date(FROM + 3_600_000 + 90_000).toISOString() }
	]);
}, 120_000);
afterAll(async () => {
	await pipeline.close();
	await db.close();
});

const query = (params: Record<string, string | string[]>) => {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
	}
	return search;
};
const window = () => ({ brand, from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() });
const list = (params: Record<string, string | string[]>) =>
	listMentions(client, parseQuery(mentionsQuerySchema, query(params)));

async function allPages(params: Record<string, string>): Promise<MentionListRow[]> {
	const rows: MentionListRow[] = [];
	let cursor: string | null = null;
	for (let guard = 0; guard < 1000; guard++) {
		const page = await list(cursor ? { ...params, cursor } : params);
		rows.push(...page.rows);
		if (!page.next_cursor) return rows;
		cursor = page.next_cursor;
	}
	throw new Error('pagination did not end');
}

function badRequest(run: () => unknown): ApiError {
	try {
		run();
	} catch (error) {
		if (error instanceof ApiError) return error;
		throw error;
	}
	throw new Error('expected an ApiError');
}

describe('GET /api/v1/mentions query', () => {
	it('counts the same mentions as the minute rollup for the window', async () => {
		const page = await list(window());
		const [rollup] = await queryRows<{ n: number }>(
			client,
			`SELECT sum(mentions) AS n FROM mention_rollup_1m
			 WHERE brand = {brand:String} AND minute >= toDateTime({from:UInt32}) AND minute < toDateTime({to:UInt32})`,
			{ brand, from: FROM / 1000, to: TO / 1000 }
		);
		expect(page.total).toBe(Number(rollup!.n));
		expect(page.total).toBe(brandCount + 3);
		expect(page.rows).toHaveLength(50);
	});

	it.each(SORTS)('visits every row exactly once across pages sorted by %s', async (sort) => {
		const rows = await allPages({ ...window(), sort, limit: '137' });
		const keys = rows.map((row) => `${row.source}/${row.id}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(keys.length).toBe(brandCount + 3);
		const sorted = [...rows].sort((a, b) => {
			const lead =
				sort === 'reach_desc'
					? b.author_followers - a.author_followers
					: sort === 'sentiment_asc'
						? a.score - b.score
						: sort === 'sentiment_desc'
							? b.score - a.score
							: 0;
			if (lead) return lead;
			const time = Date.parse(a.created_at) - Date.parse(b.created_at);
			return sort === 'time_asc' || sort === 'sentiment_asc' ? time : -time;
		});
		expect(rows.map((row) => row.created_at)).toEqual(sorted.map((row) => row.created_at));
	});

	it('filters by repeated and comma-separated values and by label', async () => {
		const both = await list({ ...window(), source: 'twitter,reddit', limit: '500' });
		const repeated = await list({ ...window(), source: ['twitter', 'reddit'], limit: '500' });
		expect(both.total).toBe(repeated.total);
		expect(both.rows.every((row) => ['twitter', 'reddit'].includes(row.source))).toBe(true);
		const negative = await list({ ...window(), label: 'negative', limit: '500' });
		expect(negative.rows.every((row) => row.label === 'negative')).toBe(true);
		const [counts] = await queryRows<{ n: number }>(
			client,
			`SELECT count() AS n FROM mentions WHERE brand = {brand:String} AND label = 'negative'`,
			{ brand }
		);
		expect(negative.total).toBe(Number(counts!.n));
	});

	it('finds words with q, case-insensitively, and shows the first reply', async () => {
		const page = await list({ ...window(), q: 'ZYXWV' });
		expect(page.rows.map((row) => row.id)).toEqual(['needle-2', 'needle-1']);
		expect(page.total).toBe(2);
		const answered = page.rows.find((row) => row.id === 'needle-1')!;
		expect(answered.latency_s).toBe(90);
		expect(answered.responded_at).toBe(new Date(FROM + 3_600_000 + 90_000).toISOString());
		expect(page.rows.find((row) => row.id === 'needle-2')!.responded_at).toBeNull();
		expect((await list({ ...window(), q: 'zyxwv refund' })).rows.map((row) => row.id)).toEqual(['needle-1']);
	});

	it('gives local times with their offset when tz is set', async () => {
		const page = await list({ ...window(), q: 'zyxwv refund', tz: 'Asia/Kolkata' });
		const row = page.rows[0]!;
		expect(row.created_at_local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:30$/);
		expect(Date.parse(row.created_at_local!)).toBe(Date.parse(row.created_at));
	});

	it('treats injection payloads in every parameter as data', async () => {
		const payloads = [
			"' OR 1=1 --",
			"twitter') OR ('1'='1",
			"x'; DROP TABLE mentions; --",
			'\\',
			'{brand:String}'
		];
		for (const payload of payloads) {
			if (searchTokens(payload).length) expect((await list({ ...window(), q: payload })).total).toBe(0);
			expect((await list({ ...window(), author: payload })).total).toBe(0);
			for (const field of ['source', 'lang', 'country', 'label', 'brand', 'sort', 'limit', 'from', 'tz']) {
				const error = badRequest(() =>
					parseQuery(mentionsQuerySchema, query({ ...window(), [field]: payload }))
				);
				expect(error.status).toBe(400);
				expect(error.field).toBe(field);
			}
		}
		const [{ n }] = (await queryRows<{ n: number }>(client, 'SELECT count() AS n FROM mentions')) as [
			{ n: number }
		];
		expect(Number(n)).toBeGreaterThan(4000);
	});

	it('refuses bad parameters naming them', () => {
		const cases: [Record<string, string | string[]>, string][] = [
			[{ ...window(), colour: 'red' }, 'colour'],
			[{ ...window(), to: new Date(FROM).toISOString() }, 'to'],
			[{ ...window(), from: '2024-01-01T00:00:00Z' }, 'to'],
			[{ ...window(), limit: '0' }, 'limit'],
			[{ ...window(), limit: '501' }, 'limit'],
			[{ ...window(), limit: ['5', '6'] }, 'limit'],
			[{ ...window(), label: 'angry' }, 'label'],
			[{ ...window(), q: '--' }, 'q'],
			[{ ...window(), tz: 'Mars/Olympus' }, 'tz'],
			[{ brand, from: new Date(FROM).toISOString() }, 'to']
		];
		for (const [params, field] of cases) {
			expect(badRequest(() => parseQuery(mentionsQuerySchema, query(params))).field).toBe(field);
		}
	});

	it('refuses tampered cursors and cursors from another query with 400', async () => {
		const page = await list({ ...window(), limit: '10' });
		const cursor = page.next_cursor!;
		const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { k: unknown[] };
		const tampered = [
			cursor.slice(0, -3),
			'not a cursor',
			Buffer.from(JSON.stringify({ ...decoded, k: ["' OR 1=1", 0, 'x', 'y'] })).toString('base64url'),
			Buffer.from(JSON.stringify({ ...decoded, f: 'other' })).toString('base64url')
		];
		for (const bad of tampered) {
			await expect(list({ ...window(), limit: '10', cursor: bad })).rejects.toMatchObject({
				status: 400,
				field: 'cursor'
			});
		}
		await expect(list({ ...window(), limit: '10', sort: 'time_asc', cursor })).rejects.toMatchObject({
			field: 'cursor'
		});
		await expect(list({ ...window(), limit: '10', source: 'twitter', cursor })).rejects.toMatchObject({
			field: 'cursor'
		});
	});
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
	return new Response(stream).text();
}

describe('export', () => {
	// 700: several pages with replies looked up by id; 5,000: one page, replies selected by time range.
	it.each([700, 5000])(
		'streams exactly the matching rows as CSV, newest first, in pages of %i',
		async (pageRows) => {
			const params = parseQuery(
				exportQuerySchema,
				query({ ...window(), format: 'csv', tz: 'Europe/Berlin' })
			);
			const text = await readAll(exportStream(client, params, 'csv', params.tz, pageRows));
			const records = parse(text, { columns: true }) as Record<string, string>[];
			expect(Object.keys(records[0]!)).toEqual([...EXPORT_COLUMNS]);
			const listed = await allPages({ ...window(), limit: '500' });
			expect(records.map((record) => `${record.source}/${record.id}`)).toEqual(
				listed.map((row) => `${row.source}/${row.id}`)
			);
			const needle = records.find((record) => record.id === 'needle-1')!;
			expect(needle.text).toBe('My Zyxwv order never arrived, "refund" please, now');
			expect(needle.author).toBe('o\'brien, "the" customer');
			expect(needle.latency_s).toBe('90');
			expect(needle.created_at).toMatch(/\+01:00$/);
			expect(records.find((record) => record.id === 'needle-2')!.text).toBe('zyxwv again\nsecond line');
		}
	);

	it('streams NDJSON under the same filters', async () => {
		const params = parseQuery(exportQuerySchema, query({ ...window(), format: 'ndjson', q: 'zyxwv' }));
		const lines = (await readAll(exportStream(client, params, 'ndjson', params.tz))).trim().split('\n');
		expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(['needle-2', 'needle-1']);
		expect((JSON.parse(lines[1]!) as { created_at: string }).created_at).toMatch(/\+00:00$/);
	});

	it('writes RFC 4180 CSV: quoted header, CRLF records, doubled quotes, empty fields for no reply', async () => {
		const params = parseQuery(
			exportQuerySchema,
			query({
				...window(),
				format: 'csv',
				tz: 'America/New_York',
				source: ['twitter', 'forum'],
				q: 'zyxwv ärger'
			})
		);
		// No mention holds both words: the header alone comes out.
		expect(await readAll(exportStream(client, params, 'csv', params.tz))).toBe(
			EXPORT_COLUMNS.map((column) => `"${column}"`).join(',') + '\r\n'
		);
		const all = parseQuery(exportQuerySchema, query({ ...window(), format: 'csv', tz: 'America/New_York' }));
		const text = await readAll(exportStream(client, all, 'csv', all.tz));
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/\r/);
		const rows = parse(text, { columns: true }) as Record<string, string>[];
		const accented = rows.find((row) => row.id === 'needle-3')!;
		const answered = rows.find((row) => row.id === 'needle-1')!;
		expect(accented).toMatchObject({
			text: ' ÄRGER über die Lieferung; Crème brûlée, naïve Straße ',
			author: 'Jörg',
			url: 'https://example.com/forum/needle-3?a=1&b=2',
			author_followers: '9876543210',
			responded_at: '',
			latency_s: ''
		});
		// 2026-11-18T15:00Z in New York (EST, UTC-5), offset shown.
		expect(accented.created_at).toBe('2026-11-18T10:00:00.000-05:00');
		expect(answered.responded_at).toBe('2026-11-18T08:01:30.000-05:00');
		expect(answered.latency_s).toBe('90');
		expect(text).toContain('"My Zyxwv order never arrived, ""refund"" please, now"');
	});

	it('writes NDJSON with numbers as numbers, null for no reply, plain URLs and UTF-8 text', async () => {
		const params = parseQuery(
			exportQuerySchema,
			query({ ...window(), format: 'ndjson', tz: 'Asia/Kolkata', q: 'STRAßE CRÈME' })
		);
		const text = await readAll(exportStream(client, params, 'ndjson', params.tz));
		expect(text.endsWith('}\n')).toBe(true);
		expect(text).toContain('"url":"https://example.com/forum/needle-3?a=1&b=2"');
		const lines = text.trim().split('\n');
		expect(lines).toHaveLength(1);
		const record = JSON.parse(lines[0]!) as Record<string, unknown>;
		expect(Object.keys(record)).toEqual([...EXPORT_COLUMNS]);
		expect(record).toMatchObject({
			id: 'needle-3',
			text: ' ÄRGER über die Lieferung; Crème brûlée, naïve Straße ',
			author_followers: 9_876_543_210,
			responded_at: null,
			latency_s: null,
			// India is UTC+05:30 all year.
			created_at: '2026-11-18T20:30:00.000+05:30'
		});
		expect(typeof record.score).toBe('number');
	});
});
