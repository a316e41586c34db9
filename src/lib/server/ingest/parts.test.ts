import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse } from '../testing/clickhouse';
import { generateMentions } from '../simulator';
import { activeParts } from './parts';
import { IngestPipeline } from './pipeline';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let pipeline: IngestPipeline;

beforeAll(async () => {
	db = await openTestClickHouse();
	pipeline = new IngestPipeline(db.client, { flushRows: 1000, flushIntervalMs: 10 });
});
afterAll(async () => {
	await pipeline.close();
	await db.close();
});

describe('activeParts', () => {
	it('counts a part per insert in mentions and in each view table, per partition, with the thresholds', async () => {
		const now = Date.UTC(2026, 10, 15, 12);
		const mentions = generateMentions(30, { seed: 3, fromMs: now - 60_000, toMs: now });
		// Three separate inserts: three parts in each table's partition until a merge joins them.
		for (const chunk of [mentions.slice(0, 10), mentions.slice(10, 20), mentions.slice(20)]) {
			await pipeline.ingestMentions(chunk);
			await pipeline.flush();
		}
		const report = await activeParts(db.client);
		expect(report.parts_to_delay_insert).toBeGreaterThan(0);
		expect(report.parts_to_throw_insert).toBeGreaterThan(report.parts_to_delay_insert);
		const month = '202611';
		for (const table of ['mentions', 'mention_rollup_1m', 'mention_rollup_1h']) {
			const row = report.partitions.find((entry) => entry.table === table && entry.partition === month);
			expect(row?.active_parts, table).toBeGreaterThanOrEqual(1);
			expect(row?.active_parts, table).toBeLessThanOrEqual(3);
		}
		const keys = report.partitions.find((entry) => entry.table === 'mention_keys');
		expect(keys?.partition).toBe('tuple()');
		// Most parts first.
		const counts = report.partitions.map((entry) => entry.active_parts);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
	});
});
