import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { BufferedWriter, type WriterSpec } from './writer';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;

beforeAll(async () => {
	db = await openTestClickHouse();
	await db.client.command({
		query: 'CREATE TABLE writer_rows (key String, value UInt32) ENGINE = MergeTree ORDER BY key'
	});
}, 60_000);
afterAll(async () => {
	await db?.close();
});

type Row = { key: string; value: number };

/** A writer over writer_rows that checks keys against the table and records every block it inserts. */
function writer(flushRows: number, flushIntervalMs: number, table = 'writer_rows') {
	const blocks: number[] = [];
	const spec: WriterSpec<Row, Row> = {
		table,
		columns: ['key', 'value'],
		keyOf: (row) => row.key,
		async prepare(rows) {
			const stored = new Set(
				(
					await queryRows<{ key: string }>(
						db.client,
						'SELECT key FROM writer_rows WHERE key IN {keys:Array(String)}',
						{
							keys: rows.map((row) => row.key)
						}
					)
				).map((row) => row.key)
			);
			return rows.map((row) => (stored.has(row.key) ? { kind: 'duplicate' } : { kind: 'insert', row }));
		},
		onInserted: (rows) => blocks.push(rows.length)
	};
	return { writer: new BufferedWriter(db.client, spec, { flushRows, flushIntervalMs }), blocks };
}

const rows = (prefix: string, count: number): Row[] =>
	Array.from({ length: count }, (_, index) => ({ key: `${prefix}${index}`, value: index }));

async function stored(prefix: string): Promise<number> {
	const [row] = await queryRows<{ count: number }>(
		db.client,
		'SELECT count() AS count FROM writer_rows WHERE startsWith(key, {prefix:String})',
		{ prefix }
	);
	return Number(row!.count);
}

describe('BufferedWriter', () => {
	it('gathers the writes that arrive during an insert into one block after it (group commit)', async () => {
		const { writer: target, blocks } = writer(100, 60_000);
		const first = target.write(rows('g-a', 100)); // full: inserted at once
		// Arrive while the first block is in flight: each alone is below flushRows, together above it.
		const rest = ['g-b', 'g-c', 'g-d', 'g-e'].map((prefix) => target.write(rows(prefix, 40)));
		await Promise.all([first, ...rest]);
		expect(blocks).toEqual([100, 160]);
		expect(await stored('g-')).toBe(260);
		await target.close();
	});

	it('inserts a small write on the timer, and flush() resolves once what was pending is stored', async () => {
		const { writer: timed, blocks } = writer(1_000, 20);
		const outcomes = await timed.write(rows('t-', 3));
		expect(outcomes.map((outcome) => outcome.kind)).toEqual(['inserted', 'inserted', 'inserted']);
		expect(blocks).toEqual([3]);

		const { writer: flushed } = writer(1_000, 60_000);
		const pending = flushed.write(rows('f-', 5));
		await flushed.flush();
		expect(await stored('f-')).toBe(5);
		await pending;
		await flushed.close();
		await timed.close();
	});

	it('flush() under steady load resolves once the writes made before it are stored, while writes go on', async () => {
		const { writer: busy, blocks } = writer(60, 60_000);
		const settled: boolean[] = [];
		let producing = true;
		// Four senders, each writing 30 rows again as soon as its last write is stored (as HTTP clients do):
		// the writer always has the next block waiting, so a flush that waited for the run of back-to-back
		// blocks to end would not resolve before the senders stop.
		const sender = async () => {
			while (producing) {
				const index = settled.push(false) - 1;
				await busy.write(rows(`l${index}-`, 30));
				settled[index] = true;
			}
		};
		const senders = [sender(), sender(), sender(), sender()];
		const before = settled.length;
		await busy.flush();
		expect(settled.slice(0, before).every(Boolean)).toBe(true);
		const afterFlush = settled.length;
		expect(afterFlush).toBeGreaterThan(before); // the senders went on writing during the flush
		producing = false;
		await Promise.all(senders);
		await busy.close();
		expect(await stored('l')).toBe(settled.length * 30);
		expect(blocks.reduce((sum, size) => sum + size, 0)).toBe(settled.length * 30);
	});

	it('counts a key once, within a block, across blocks and against the store', async () => {
		const { writer: target } = writer(10, 20);
		const batch = [...rows('d-', 6), { key: 'd-0', value: 99 }];
		const [first, second] = await Promise.all([target.write(batch), target.write(batch)]);
		const kinds = [...first!, ...second!].map((outcome) => outcome.kind);
		expect(kinds.filter((kind) => kind === 'inserted')).toHaveLength(6);
		expect(kinds.filter((kind) => kind === 'duplicate')).toHaveLength(8);
		const again = await target.write(batch);
		expect(again.every((outcome) => outcome.kind === 'duplicate')).toBe(true);
		expect(await stored('d-')).toBe(6);
		await target.close();
	});

	it('checks the next block while one is inserted, and still counts the keys they share once', async () => {
		const { writer: target, blocks } = writer(100, 60_000);
		const first = target.write(rows('p-', 100));
		// Taken and checked while the first block is inserted: half of it repeats the first block's keys.
		const second = target.write([...rows('p-', 50), ...rows('q-', 60)]);
		const [a, b] = await Promise.all([first, second]);
		expect(a!.every((outcome) => outcome.kind === 'inserted')).toBe(true);
		expect(b!.filter((outcome) => outcome.kind === 'duplicate')).toHaveLength(50);
		expect(b!.filter((outcome) => outcome.kind === 'inserted')).toHaveLength(60);
		expect(blocks).toEqual([100, 60]);
		expect(await stored('p-')).toBe(100);
		expect(await stored('q-')).toBe(60);
		await target.close();
	});

	it('rejects the writes of a block whose insert fails, and goes on with the next block', async () => {
		const { writer: broken } = writer(2, 60_000, 'writer_rows_missing');
		await expect(broken.write(rows('x-', 2))).rejects.toThrow(/writer_rows_missing/);
		await expect(broken.write(rows('y-', 2))).rejects.toThrow(/writer_rows_missing/);
		await broken.close();
		await expect(broken.write(rows('z-', 1))).rejects.toThrow(/closed/);
	});
});
