import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { IngestPipeline } from './pipeline';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let client: ClickHouseClient;
let pipeline: IngestPipeline;
const changed: string[] = [];

beforeAll(async () => {
	db = await openTestClickHouse();
	client = db.client;
	pipeline = new IngestPipeline(client, { flushRows: 1000, flushIntervalMs: 20 }, (brands) =>
		changed.push(...brands)
	);
});
afterAll(async () => {
	await pipeline.close();
	await db.close();
});

const mention = (id: string, overrides: Record<string, unknown> = {}) => ({
	id,
	brand: 'acme',
	source: 'twitter',
	text: 'I love the new acme app, great work',
	created_at: '2026-11-20T10:15:30+01:00',
	author_followers: 120,
	...overrides
});

async function rollupTotals(brand: string) {
	const [row] = await queryRows<{ mentions: number; reach: number }>(
		client,
		'SELECT sum(mentions) AS mentions, sum(reach) AS reach FROM mention_rollup_1m WHERE brand = {brand:String}',
		{ brand }
	);
	return row!;
}

describe('IngestPipeline mentions', () => {
	it('stores valid mentions with sentiment and feeds the minute rollup', async () => {
		const report = await pipeline.ingestMentions([
			mention('a1'),
			mention('a2', { text: 'awful, I hate it' })
		]);
		expect(report).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
		const rows = await queryRows<{ id: string; label: string; created_at: string }>(
			client,
			"SELECT id, label, toString(created_at) AS created_at FROM mentions WHERE brand = 'acme' ORDER BY id"
		);
		expect(rows.map((row) => [row.id, row.label])).toEqual([
			['a1', 'positive'],
			['a2', 'negative']
		]);
		expect(rows[0]!.created_at).toBe('2026-11-20 09:15:30.000');
		expect(await rollupTotals('acme')).toEqual({ mentions: 2, reach: 240 });
		expect(changed).toContain('acme');
	});

	it('never double-counts a retried batch, in raw rows or rollups', async () => {
		const batch = [mention('b1', { brand: 'retry' }), mention('b2', { brand: 'retry' })];
		const [first, second] = await Promise.all([
			pipeline.ingestMentions(batch),
			pipeline.ingestMentions(batch)
		]);
		expect(first!.accepted + second!.accepted).toBe(2);
		expect(first!.duplicates + second!.duplicates).toBe(2);
		const third = await pipeline.ingestMentions(batch);
		expect(third).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
		expect(await rollupTotals('retry')).toEqual({ mentions: 2, reach: 240 });
	});

	it('stores a block of history spanning more than a hundred months (monthly partitions)', async () => {
		// ClickHouse refuses a block that touches over 100 partitions unless told otherwise: a backfill of
		// twelve years of reviews must still land, whole.
		const months = 150;
		const history = Array.from({ length: months }, (_, index) =>
			mention(`h${index}`, {
				brand: 'backfill',
				created_at: new Date(Date.UTC(2014, index, 15)).toISOString()
			})
		);
		expect(await pipeline.ingestMentions(history)).toEqual({ accepted: months, duplicates: 0, rejected: [] });
		expect(await rollupTotals('backfill')).toEqual({ mentions: months, reach: months * 120 });
	});

	it('treats the same id from another source as a different mention', async () => {
		const report = await pipeline.ingestMentions([
			mention('c1', { brand: 'multi' }),
			mention('c1', { brand: 'multi', source: 'reddit' })
		]);
		expect(report.accepted).toBe(2);
	});

	it('stores times as the instant sent, whatever the form: offset, UTC with and without milliseconds', async () => {
		await pipeline.ingestMentions([
			mention('t1', { brand: 'times', created_at: '2026-11-20T09:15:30.123Z' }),
			mention('t2', { brand: 'times', created_at: '2026-11-20T09:15:30Z' }),
			mention('t3', { brand: 'times', created_at: '2026-11-20T10:15:30.5+01:00' }),
			mention('t4', { brand: 'times', created_at: '2024-02-29T23:59:59.999Z' })
		]);
		const rows = await queryRows<{ id: string; created_at: string }>(
			client,
			"SELECT id, toString(created_at) AS created_at FROM mentions WHERE brand = 'times' ORDER BY id"
		);
		expect(rows.map((row) => row.created_at)).toEqual([
			'2026-11-20 09:15:30.123',
			'2026-11-20 09:15:30.000',
			'2026-11-20 09:15:30.500',
			'2024-02-29 23:59:59.999'
		]);
	});

	it('rejects bad rows naming the field and stores the good ones', async () => {
		const report = await pipeline.ingestMentions([
			mention('d1', { brand: 'partial' }),
			mention('d2', { brand: 'partial', created_at: 'yesterday' }),
			mention('d3', { brand: 'Not A Slug' }),
			mention('d4', { brand: 'partial', colour: 'red' }),
			42
		]);
		expect(report.accepted).toBe(1);
		expect(report.rejected.map((r) => [r.index, r.field])).toEqual([
			[1, 'created_at'],
			[2, 'brand'],
			[3, 'colour'],
			[4, '(item)']
		]);
		expect(report.rejected[0]!.message).toBe('must be an ISO 8601 date and time');
		expect(report.rejected[3]!.message).toBe('must be an object, not a number');
		expect(await rollupTotals('partial')).toMatchObject({ mentions: 1 });
	});
});

describe('IngestPipeline responses', () => {
	it('records the first reply with its latency and refuses unknown mentions', async () => {
		await pipeline.ingestMentions([mention('r1', { brand: 'replies', created_at: '2026-11-20T10:00:00Z' })]);
		const reply = {
			mention_id: 'r1',
			brand: 'replies',
			responded_at: '2026-11-20T10:30:00Z',
			channel: 'twitter'
		};
		const report = await pipeline.ingestResponses([
			reply,
			{ ...reply, responded_at: '2026-11-20T11:30:00Z' },
			{ mention_id: 'nope', brand: 'replies', responded_at: '2026-11-20T10:30:00Z' },
			{ mention_id: 'r1', brand: 'replies' }
		]);
		expect(report.accepted).toBe(1);
		expect(report.duplicates).toBe(1);
		expect(report.rejected.map((r) => [r.index, r.field])).toEqual([
			[2, 'mention_id'],
			[3, 'responded_at']
		]);
		expect(await pipeline.ingestResponses([reply])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
		const [rollup] = await queryRows<{ responses: number; within: number; p50: number }>(
			client,
			`SELECT sum(responses) AS responses, sum(within_1h) AS within, quantilesTDigestMerge(0.5, 0.9)(latency)[1] AS p50
			 FROM response_rollup_1m WHERE brand = 'replies'`
		);
		expect(rollup).toEqual({ responses: 1, within: 1, p50: 1800 });
	});

	it('refuses a reply dated before its mention', async () => {
		await pipeline.ingestMentions([mention('r2', { brand: 'replies', created_at: '2026-11-20T10:00:00Z' })]);
		const report = await pipeline.ingestResponses([
			{ mention_id: 'r2', brand: 'replies', responded_at: '2026-11-20T09:00:00Z' }
		]);
		expect(report.rejected).toEqual([
			{ index: 0, field: 'responded_at', message: 'is before the mention was created' }
		]);
	});
});
