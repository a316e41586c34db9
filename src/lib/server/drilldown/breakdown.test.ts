import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { ApiError } from '../http/errors';
import { IngestPipeline } from '../ingest/pipeline';
import { generateMentions } from '../simulator';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import {
	breakdown,
	breakdownQuerySchema,
	shareOfVoice,
	shareOfVoiceQuerySchema,
	usesRollup,
	type BreakdownRow
} from './breakdown';
import { parseQuery, requireBrands } from './params';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let client: ClickHouseClient;
let pipeline: IngestPipeline;

const TO = Date.parse('2026-11-20T12:00:00Z');
const FROM = TO - 86_400_000;
const brands: string[] = [];
let brand = '';

beforeAll(async () => {
	db = await openTestClickHouse();
	client = db.client;
	pipeline = new IngestPipeline(client, { flushRows: 5000, flushIntervalMs: 20 });
	const mentions = generateMentions(3000, { seed: 21, fromMs: FROM, toMs: TO });
	await pipeline.ingestMentions(mentions);
	const counts = new Map<string, number>();
	for (const mention of mentions) counts.set(mention.brand, (counts.get(mention.brand) ?? 0) + 1);
	brands.push(...[...counts.keys()].sort());
	brand = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
	await pipeline.ingestMentions(
		Array.from({ length: 30 }, (_, index) => ({
			id: `gate-${index}`,
			brand,
			source: 'forum',
			text: `The battery died again #BatteryGate #fail quxquux ${index}`,
			created_at: new Date(FROM + index * 60_000).toISOString(),
			author: 'loud-author',
			author_followers: 100
		}))
	);
}, 120_000);
afterAll(async () => {
	await pipeline.close();
	await db.close();
});

const window = () => ({ brand, from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() });
const run = (params: Record<string, string>) =>
	breakdown(client, parseQuery(breakdownQuerySchema, new URLSearchParams(params)));
const total = (rows: BreakdownRow[]) => rows.reduce((sum, row) => sum + row.mentions, 0);

describe('breakdown', () => {
	it('reads source, lang and country from the rollup with the same numbers as raw mentions', async () => {
		for (const by of ['source', 'lang', 'country']) {
			const fromRollup = await run({ ...window(), by });
			expect(fromRollup.read_from).toBe('rollup');
			// A window a millisecond off whole minutes must read raw rows, and the counts must agree.
			const fromRaw = await run({ ...window(), by, to: new Date(TO - 1).toISOString() });
			expect(fromRaw.read_from).toBe('raw');
			const raw = await queryRows<{ key: string; n: number }>(
				client,
				`SELECT ${by} AS key, count() AS n FROM mentions WHERE brand = {brand:String} GROUP BY key ORDER BY n DESC, key LIMIT 20`,
				{ brand }
			);
			expect(fromRollup.rows.map((row) => [row.key, row.mentions])).toEqual(
				raw.map((row) => [row.key, Number(row.n)])
			);
			expect(fromRollup.rows.filter((row) => row.key !== '')).toEqual(fromRaw.rows);
			for (const row of fromRollup.rows) expect(row.negative + row.neutral + row.positive).toBe(row.mentions);
		}
	});

	it('switches to raw rows when a label, author or text filter needs them', async () => {
		const query = parseQuery(
			breakdownQuerySchema,
			new URLSearchParams({ ...window(), by: 'source', label: 'negative' })
		);
		expect(usesRollup(query)).toBe(false);
		const result = await breakdown(client, query);
		expect(result.rows.every((row) => row.mentions === row.negative)).toBe(true);
		const [negatives] = await queryRows<{ n: number }>(
			client,
			`SELECT count() AS n FROM mentions WHERE brand = {brand:String} AND label = 'negative'`,
			{ brand }
		);
		expect(total(result.rows)).toBe(Number(negatives!.n));
	});

	it('finds the terms and hashtags behind a spike, without stop words or the brand name', async () => {
		const terms = await run({ ...window(), by: 'term', q: 'quxquux' });
		expect(terms.rows.find((row) => row.key === 'battery')).toMatchObject({ mentions: 30, reach: 3000 });
		expect(terms.rows.map((row) => row.key)).not.toContain('the');
		expect(terms.rows.every((row) => row.key.length >= 3 && !/^\d+$/.test(row.key))).toBe(true);
		const all = await run({ ...window(), by: 'term' });
		expect(all.rows.map((row) => row.key)).not.toContain(brand);
		const tags = await run({ ...window(), by: 'hashtag', q: 'quxquux' });
		expect(tags.rows.map((row) => [row.key, row.mentions])).toEqual([
			['#batterygate', 30],
			['#fail', 30]
		]);
		expect((await run({ ...window(), by: 'hashtag' })).rows.length).toBeGreaterThan(2);
		const authors = await run({ ...window(), by: 'author' });
		expect(authors.rows[0]).toMatchObject({ key: 'loud-author', mentions: 30 });
	});

	it('treats injection payloads as data', async () => {
		for (const payload of ["' OR 1=1 --", "x') OR ('1'='1"]) {
			expect((await run({ ...window(), by: 'term', q: payload })).rows).toEqual([]);
			expect((await run({ ...window(), by: 'source', author: payload })).rows).toEqual([]);
			expect(() =>
				parseQuery(breakdownQuerySchema, new URLSearchParams({ ...window(), by: payload }))
			).toThrow(ApiError);
		}
	});
});

describe('share of voice', () => {
	it('counts each brand per step from the rollups, every step present', async () => {
		const query = parseQuery(
			shareOfVoiceQuerySchema,
			new URLSearchParams({ brands: brands.join(','), from: window().from, to: window().to, step: '1h' })
		);
		const result = await shareOfVoice(client, query);
		expect(result.series).toHaveLength(24);
		expect(result.step_seconds).toBe(3600);
		const rollup = await queryRows<{ brand: string; n: number }>(
			client,
			'SELECT brand, sum(mentions) AS n FROM mention_rollup_1h GROUP BY brand'
		);
		for (const row of rollup) expect(result.totals[row.brand]).toBe(Number(row.n));
		const perStep = brands.map((name) => result.series.reduce((sum, point) => sum + point.counts[name]!, 0));
		expect(perStep).toEqual(brands.map((name) => result.totals[name]));
		expect(Object.values(result.share).reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 9);
	});

	it('refuses brands the caller may not see, and steps too small for the window', async () => {
		const principal = { id: 'k', kind: 'api_key' as const, scopes: ['read' as const], brands: [brands[0]!] };
		expect(() => requireBrands(principal, brands, 'brands')).toThrow(/not allowed/);
		const query = parseQuery(
			shareOfVoiceQuerySchema,
			new URLSearchParams({
				brands: brand,
				from: '2026-01-01T00:00:00Z',
				to: '2026-11-01T00:00:00Z',
				step: '1m'
			})
		);
		await expect(shareOfVoice(client, query)).rejects.toMatchObject({ status: 400, field: 'step' });
	});
});
