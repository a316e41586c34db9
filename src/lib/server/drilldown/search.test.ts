import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openTestClickHouse } from '../testing/clickhouse';
import { mentionsWhere } from './filters';
import { parseQuery, searchTokens } from './params';
import { mentionsQuerySchema } from './mentions';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let client: ClickHouseClient;
const ROWS = 400_000;
const FROM = Date.parse('2026-10-01T00:00:00Z');
const TO = Date.parse('2026-11-01T00:00:00Z');

/**
 * Enough rows for many granules (8,192 rows each), written server-side; one mention in 50,000 holds the
 * rare word. MATERIALIZE INDEX (the migration's second statement) runs again over the written parts, as it
 * does on a database that had mentions before 0005.
 */
beforeAll(async () => {
	db = await openTestClickHouse();
	client = db.client;
	await client.command({
		query: `INSERT INTO mentions (brand, created_at, source, id, text, author_followers, score, label)
			SELECT 'acme', fromUnixTimestamp64Milli(toInt64({from:Int64} + intDiv(number * ({to:Int64} - {from:Int64}), {rows:UInt64})), 'UTC'),
				'twitter', toString(number),
				concat('Flight ', ['delayed', 'great', 'refund', 'lost', 'crew'][1 + number % 5], ' again ',
					if(number % 50000 = 123, 'Zyxwv', 'today'),
					if(number % 50000 = 456, ' ÄRGERLICH: Crème brûlée, Straße Ωmega', '')), number % 1000, 0, 'neutral'
			FROM numbers({rows:UInt64})`,
		query_params: { from: FROM, to: TO, rows: ROWS }
	});
	await client.command({
		// A SETTINGS clause, not clickhouse_settings: the embedded connection turns those into session-wide SETs.
		query: 'ALTER TABLE mentions MATERIALIZE INDEX text_tokens_utf8 SETTINGS mutations_sync = 2'
	});
}, 120_000);
afterAll(async () => {
	await db.close();
});

const where = (q: string) =>
	mentionsWhere(
		parseQuery(
			mentionsQuerySchema,
			new URLSearchParams({
				brand: 'acme',
				from: new Date(FROM).toISOString(),
				to: new Date(TO).toISOString(),
				q
			})
		)
	);

async function explain(sql: string, params: Record<string, unknown>): Promise<string> {
	const result = await client.query({
		query: `EXPLAIN indexes = 1 ${sql}`,
		query_params: params,
		format: 'TabSeparatedRaw'
	});
	return result.text();
}

describe('text search index', () => {
	it('tokenises like the index: split on ASCII non-alphanumerics, UTF-8 letters kept, case left to SQL', () => {
		expect(searchTokens("Zyxwv's REFUND, über-Café Straße")).toEqual([
			'Zyxwv',
			's',
			'REFUND',
			'über',
			'Café',
			'Straße'
		]);
	});

	it.each(['ärgerlich', 'ÄRGERLICH', 'Ärgerlich crème', 'CRÈME BRÛLÉE', 'straße', 'STRAßE', 'ωMEGA'])(
		'finds non-ASCII words whatever their case, through the index: q=%s',
		async (q) => {
			const { sql, params } = where(q);
			const result = await client.query({
				query: `SELECT count() FROM mentions WHERE ${sql}`,
				query_params: params,
				format: 'JSONCompactEachRow'
			});
			expect(await result.json()).toEqual([[ROWS / 50_000]]);
			const plan = await explain(
				`SELECT id FROM mentions WHERE ${sql} ORDER BY created_at DESC LIMIT 50`,
				params
			);
			const skip = plan.slice(plan.indexOf('Name: text_tokens_utf8'));
			expect(skip).toMatch(/^Name: text_tokens_utf8/);
			const [, selected, total] = /Granules: (\d+)\/(\d+)/.exec(skip)!;
			expect(Number(total)).toBeGreaterThan(40);
			expect(Number(selected)).toBeLessThanOrEqual(8);
		}
	);

	it('does not match a non-ASCII word by its ASCII look-alike', async () => {
		const { sql, params } = where('creme');
		const result = await client.query({
			query: `SELECT count() FROM mentions WHERE ${sql}`,
			query_params: params,
			format: 'JSONCompactEachRow'
		});
		expect(await result.json()).toEqual([[0]]);
	});

	it('is used by the q filter and skips the granules without the word', async () => {
		const { sql, params } = where('ZYXWV');
		const plan = await explain(
			`SELECT id FROM mentions WHERE ${sql} ORDER BY created_at DESC LIMIT 50`,
			params
		);
		expect(plan).toMatch(/Name: text_tokens_utf8/);
		const skip = plan.slice(plan.indexOf('Name: text_tokens_utf8'));
		const [, selected, total] = /Granules: (\d+)\/(\d+)/.exec(skip)!;
		console.log(`EXPLAIN indexes = 1, q=zyxwv:\n${plan}`);
		expect(Number(total)).toBeGreaterThan(40);
		expect(Number(selected)).toBeLessThanOrEqual(8);

		const timed = async (settings: string) => {
			const times: number[] = [];
			for (let run = 0; run < 5; run++) {
				const started = performance.now();
				const result = await client.query({
					query: `SELECT id FROM mentions WHERE ${sql} ORDER BY created_at DESC LIMIT 50 SETTINGS use_query_condition_cache = 0${settings}`,
					query_params: params,
					format: 'JSONCompactEachRow'
				});
				expect(await result.json()).toHaveLength(ROWS / 50_000);
				times.push(performance.now() - started);
			}
			return Math.min(...times);
		};
		const withIndex = await timed('');
		const withoutIndex = await timed(', use_skip_indexes = 0');
		console.log(
			`q=zyxwv over ${ROWS} rows: ${withIndex.toFixed(1)} ms with the index, ${withoutIndex.toFixed(1)} ms without`
		);
	});

	it('needs every word of q, and a common word still reads in order', async () => {
		const rare = await client.query({
			query: `SELECT count() FROM mentions WHERE ${where('zyxwv refund').sql}`,
			query_params: where('zyxwv refund').params,
			format: 'JSONCompactEachRow'
		});
		// The rare word's rows all say "lost" (123 + 50,000k is 3 mod 5), none says "refund".
		expect(await rare.json()).toEqual([[0]]);
		const both = where('zyxwv LOST');
		const found = await client.query({
			query: `SELECT count() FROM mentions WHERE ${both.sql}`,
			query_params: both.params,
			format: 'JSONCompactEachRow'
		});
		expect(await found.json()).toEqual([[ROWS / 50_000]]);
		const common = where('refund');
		const plan = await explain(
			`SELECT id FROM mentions WHERE ${common.sql} ORDER BY created_at DESC, source DESC, id DESC LIMIT 50`,
			common.params
		);
		expect(plan).toMatch(/Read type: InReverseOrder/);
	});
});
