import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPipeline } from '../ingest/pipeline';
import { openTestClickHouse } from '../testing/clickhouse';
import { buildSnapshot, rollupsFor, snapshotQuery, windowBounds } from './snapshot';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let pipeline: IngestPipeline;
const NOW = Date.parse('2026-11-20T12:30:20Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

beforeAll(async () => {
	db = await openTestClickHouse();
	pipeline = new IngestPipeline(db.client, { flushRows: 10_000, flushIntervalMs: 10 });
	const mention = (id: string, minutes: number, text: string, followers = 100) => ({
		id,
		brand: 'snap',
		source: 'twitter',
		text,
		created_at: minutesAgo(minutes),
		author_followers: followers
	});
	await pipeline.ingestMentions([
		mention('now-pos', 0, 'great, I love it'),
		mention('now-neg', 5, 'awful, I hate it', 1000),
		mention('now-neu', 30, 'the shop opens at nine'),
		mention('prev-1', 70, 'the shop opens at ten'),
		mention('prev-2', 100, 'great'),
		mention('old', 24 * 60 * 3, 'awful')
	]);
	await pipeline.ingestResponses([
		{ mention_id: 'now-neg', brand: 'snap', responded_at: minutesAgo(4) },
		{ mention_id: 'now-neu', brand: 'snap', responded_at: minutesAgo(-20) },
		{ mention_id: 'prev-1', brand: 'snap', responded_at: minutesAgo(10) }
	]);
});
afterAll(async () => {
	await pipeline.close();
	await db.close();
});

describe('windowBounds', () => {
	it('ends at the end of the current step and spans whole steps', () => {
		const bounds = windowBounds('1h', NOW);
		expect(new Date(bounds.to).toISOString()).toBe('2026-11-20T12:31:00.000Z');
		expect(bounds.to - bounds.from).toBe(3600_000);
		expect(bounds.from - bounds.previousFrom).toBe(3600_000);
	});
});

describe('buildSnapshot', () => {
	it('computes the KPIs over the window and the window before it', async () => {
		const snapshot = await buildSnapshot(db.client, 'snap', '1h', NOW);
		expect(snapshot.kpis.mentions).toBe(3);
		expect(snapshot.kpis.mentions_prev).toBe(2);
		expect(snapshot.kpis.net_sentiment).toBeCloseTo(0);
		expect(snapshot.kpis.negative_share).toBeCloseTo(1 / 3);
		expect(snapshot.kpis.reach).toBe(1200);
		expect(snapshot.series).toHaveLength(60);
		expect(
			snapshot.series.reduce((sum, point) => sum + point.positive + point.negative + point.neutral, 0)
		).toBe(3);
		expect(snapshot.series.at(-1)!.positive).toBe(1);
		expect(
			snapshot.series.find((point) => point.neutral === 1 && point.avg_sentiment !== null)
		).toBeDefined();
	});

	it('merges reply latency over the window and tells the share answered within an hour', async () => {
		const snapshot = await buildSnapshot(db.client, 'snap', '1h', NOW);
		// Replies made inside the window: now-neg after 60 s and prev-1 after 60 min; now-neu's reply is in the future.
		expect(snapshot.kpis.responses).toBe(2);
		expect(snapshot.kpis.answered_within_1h_share).toBe(1);
		expect(snapshot.kpis.latency_p50_s).toBeGreaterThanOrEqual(60);
		expect(snapshot.kpis.latency_p90_s).toBeLessThanOrEqual(3600);
	});

	it('reads the hour rollups for long windows and reports no latency without replies', async () => {
		const snapshot = await buildSnapshot(db.client, 'snap', '7d', NOW);
		expect(snapshot.step_seconds).toBe(3600);
		expect(snapshot.series).toHaveLength(168);
		expect(snapshot.kpis.mentions).toBe(6);
		const empty = await buildSnapshot(db.client, 'nobody', '15m', NOW);
		expect(empty.kpis).toMatchObject({ mentions: 0, latency_p50_s: null, answered_within_1h_share: null });
		expect(empty.series.every((point) => point.avg_sentiment === null)).toBe(true);
	});

	it('reads hour steps from the brand-only rollup, which agrees with the dimensioned one', async () => {
		const tables = rollupsFor(3600);
		const result = await db.client.query({
			query: `EXPLAIN indexes = 1 ${snapshotQuery(tables.time, tables.mentions, tables.responses)}`,
			query_params: { brand: 'snap', step: 3600, from: 0, to: NOW / 1000, previousFrom: 0 },
			format: 'TabSeparatedRaw'
		});
		const plan = await result.text();
		expect(plan).toContain('mention_rollup_brand_1h');
		expect(plan).not.toMatch(/\bmention_rollup_1h\b|\bmentions\b/);
		const sums = 'sum(mentions), sum(negative), sum(reach), round(sum(sentiment_sum), 6)';
		const totals = async (table: string) => {
			const result = await db.client.query({
				query: `SELECT ${sums} FROM ${table} WHERE brand = 'snap'`,
				format: 'JSONCompactEachRow'
			});
			return (await result.json<unknown[]>())[0]!;
		};
		const brandOnly = await totals('mention_rollup_brand_1h');
		expect(brandOnly).toEqual(await totals('mention_rollup_1h'));
		expect(Number(brandOnly[0])).toBe(6);
	});
});
