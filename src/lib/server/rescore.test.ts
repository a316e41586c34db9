import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPipeline } from './ingest/pipeline';
import { rescoreRange } from './rescore';
import { SENTIMENT_ENGINE_VERSION } from './sentiment';
import { openTestClickHouse, queryRows } from './testing/clickhouse';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
beforeAll(async () => {
	db = await openTestClickHouse();
	const pipeline = new IngestPipeline(db.client, { flushRows: 1000, flushIntervalMs: 10 });
	const mention = (id: string, text: string, at: string) => ({
		id,
		brand: 'rescore',
		source: 'twitter',
		text,
		created_at: at,
		author_followers: 10
	});
	await pipeline.ingestMentions([
		mention('a', 'I love it, great service', '2026-11-20T10:05:00Z'),
		mention('b', 'awful, I hate it', '2026-11-20T10:35:00Z'),
		mention('c', 'the shop opens at nine', '2026-11-20T11:10:00Z'),
		mention('outside', 'awful, I hate it', '2026-11-20T14:00:00Z')
	]);
	await pipeline.close();
	// Pretend an older engine scored everything "neutral" at 0.
	await db.client.command({
		query:
			"ALTER TABLE mentions UPDATE score = 0, label = 'neutral', sentiment_version = 'old' WHERE brand = 'rescore' SETTINGS mutations_sync = 2"
	});
	for (const table of ['mention_rollup_1m', 'mention_rollup_1h', 'mention_rollup_brand_1h']) {
		await db.client.command({
			query: `ALTER TABLE ${table} UPDATE negative = 0, positive = 0, neutral = mentions, sentiment_sum = 0 WHERE brand = 'rescore' SETTINGS mutations_sync = 2`
		});
	}
});
afterAll(() => db.close());

const labels = () =>
	queryRows<{ id: string; label: string; version: string }>(
		db.client,
		"SELECT id, label, sentiment_version AS version FROM mentions FINAL WHERE brand = 'rescore' ORDER BY id"
	);
const rollup = (table: string) =>
	queryRows<{ mentions: number; negative: number; positive: number; neutral: number }>(
		db.client,
		`SELECT sum(mentions) AS mentions, sum(negative) AS negative, sum(positive) AS positive, sum(neutral) AS neutral FROM ${table} WHERE brand = 'rescore'`
	);

describe('rescoreRange', () => {
	it('re-scores the range with the current engine and the rollups follow, without double counting', async () => {
		const rescored = await rescoreRange(db.client, {
			brand: 'rescore',
			from: new Date('2026-11-20T10:00:00Z'),
			to: new Date('2026-11-20T12:00:00Z'),
			batchRows: 2
		});
		expect(rescored).toBe(3);
		expect(await labels()).toEqual([
			{ id: 'a', label: 'positive', version: SENTIMENT_ENGINE_VERSION },
			{ id: 'b', label: 'negative', version: SENTIMENT_ENGINE_VERSION },
			{ id: 'c', label: 'neutral', version: SENTIMENT_ENGINE_VERSION },
			{ id: 'outside', label: 'neutral', version: 'old' }
		]);
		for (const table of ['mention_rollup_1m', 'mention_rollup_1h', 'mention_rollup_brand_1h']) {
			expect(await rollup(table), table).toEqual([{ mentions: 4, negative: 1, positive: 1, neutral: 2 }]);
		}
	});

	it('does nothing the second time: everything in range is on the current engine', async () => {
		expect(
			await rescoreRange(db.client, {
				brand: 'rescore',
				from: new Date('2026-11-20T10:00:00Z'),
				to: new Date('2026-11-20T12:00:00Z')
			})
		).toBe(0);
		expect(await rollup('mention_rollup_1h')).toEqual([
			{ mentions: 4, negative: 1, positive: 1, neutral: 2 }
		]);
	});
});
