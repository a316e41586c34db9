import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { tabSeparated, tabSeparatedStream } from './tab-separated';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
beforeAll(async () => {
	db = await openTestClickHouse();
	await db.client.command({
		query:
			'CREATE TABLE tsv_roundtrip (id UInt32, text String, score Float32, note Nullable(String)) ENGINE = MergeTree ORDER BY id'
	});
});
afterAll(() => db.close());

const TRICKY = [
	'plain',
	'tab\there',
	'line\nbreak and\r\ncrlf',
	'back\\slash \\n not a newline',
	'quotes \' and " and `',
	'emoji 😡🔥 and ümlauts, 中文',
	'nul\0byte, \b backspace, \f form feed',
	'\\N looks like null but is text',
	''
];

describe('tabSeparated', () => {
	it('round-trips every awkward string through ClickHouse unchanged', async () => {
		const rows = TRICKY.map((text, id) => ({ id, text, score: -0.5 + id / 10, note: id % 2 ? null : 'x' }));
		await db.client.insert({
			table: 'tsv_roundtrip',
			values: tabSeparatedStream(tabSeparated(rows, ['id', 'text', 'score', 'note'])),
			format: 'TabSeparated',
			columns: ['id', 'text', 'score', 'note']
		});
		const stored = await queryRows<{ id: number; text: string; note: string | null }>(
			db.client,
			'SELECT id, text, note FROM tsv_roundtrip ORDER BY id'
		);
		expect(stored.map((row) => row.text)).toEqual(TRICKY);
		expect(stored.map((row) => row.note)).toEqual(rows.map((row) => row.note));
	});

	it('writes one line per row in column order', () => {
		expect(tabSeparated([{ a: 1, b: 'x\ty' }], ['b', 'a'])).toBe('x\\ty\t1\n');
	});
});
