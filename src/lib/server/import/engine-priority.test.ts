import { readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse } from '../testing/clickhouse';
import { ENGINE_THREAD_NICE, EngineThreadPriority } from './engine-priority';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;

beforeAll(async () => {
	db = await openTestClickHouse();
});
afterAll(async () => {
	await db.close();
});

/** Each thread of this process: its name and nice value (/proc/self/task/<tid>/stat, field 19). */
function threads(): Map<number, { name: string; nice: number }> {
	const found = new Map<number, { name: string; nice: number }>();
	for (const tid of readdirSync('/proc/self/task')) {
		try {
			const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
			const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
			// The fields after the name, which is in parentheses and may hold spaces, start at field 3.
			const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3]);
			found.set(Number(tid), { name, nice });
		} catch {
			// The thread ended while listed.
		}
	}
	return found;
}

describe('EngineThreadPriority', () => {
	it.runIf(process.platform === 'linux')(
		"steps the engine's threads back and leaves this process's own, a worker's included",
		async () => {
			// A worker thread like the import's, alive while the priorities change; it reports its thread id.
			const worker = new Worker(
				`const { parentPort } = require('node:worker_threads');
				const stat = require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8');
				parentPort.postMessage(Number(stat.split(' ')[0]));
				parentPort.once('message', () => process.exit(0));`,
				{ eval: true }
			);
			const [workerTid] = (await once(worker, 'message')) as [number];
			await db.client.query({ query: 'SELECT count() FROM numbers(1000000)' });
			const before = threads();
			const ownName = before.get(process.pid)!.name;

			expect(new EngineThreadPriority().lower()).toBeGreaterThan(0);

			const after = threads();
			const engine = [...after].filter(([tid, { name }]) => name !== ownName && before.has(tid));
			expect(engine.length).toBeGreaterThan(0);
			for (const [, { nice }] of engine) expect(nice).toBe(ENGINE_THREAD_NICE);
			expect(after.get(process.pid)!.nice).toBe(before.get(process.pid)!.nice);
			expect(after.get(workerTid)).toEqual(before.get(workerTid));
			for (const [tid, thread] of after)
				if (thread.name === ownName && before.has(tid)) expect(thread.nice).toBe(before.get(tid)!.nice);
			worker.postMessage('done');
			await once(worker, 'exit');
		}
	);
});
