import { availableParallelism } from 'node:os';
import type { BenchRun } from './types';
import { cpuByGroup, ensureBuild, freePort, round, threadCpu } from './_support';
import { TestServer } from '../lib/server/testing/server-process';
import { openTestClickHouse } from '../lib/server/testing/clickhouse';
import { generateMentions } from '../lib/server/simulator';
import { toMentionRow } from '../lib/server/ingest/pipeline';
import { TABLES } from '../lib/server/db/tables';
import { tabSeparated, tabSeparatedStream } from '../lib/server/db/tab-separated';

// Long enough (~10 s a side) that background merges, which both sides pay for, even out between runs:
// with 200k rows the raw side alone varied from 78k to 129k rows/s between runs.
const TOTAL = 600_000;
const BATCH = 5_000;
// Throughput is measured at saturation: enough senders that the server always has a request to work on
// while a block is inserted (webhooks, collectors and imports post at once). 4 leaves it idle between blocks.
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 16);
const RAW_BLOCK = 20_000;

/**
 * Mentions per second through the whole HTTP path (read, parse, validate, score, dedupe, insert with its
 * rollups) of the production server, against a raw @clickhouse/client insert of the same rows into the same
 * engine and schema in this process.
 */
export const run: BenchRun = async () => {
	ensureBuild();
	const mentions = generateMentions(TOTAL, { seed: 7 });
	const bodies: string[] = [];
	for (let index = 0; index < TOTAL; index += BATCH) {
		bodies.push(
			mentions
				.slice(index, index + BATCH)
				.map((mention) => JSON.stringify(mention))
				.join('\n')
		);
	}

	const server = new TestServer(await freePort(), { BRANDPULSE_LOG_LEVEL: 'error' });
	await server.start();
	let httpSeconds: number;
	let accepted = 0;
	let steps: string;
	let cpu: ReturnType<typeof cpuByGroup>;
	let clientCpuSeconds: number;
	try {
		const post = async (body: string) => {
			const response = await fetch(`${server.url}/api/v1/mentions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${server.masterKey}`, 'content-type': 'application/x-ndjson' },
				body
			});
			const report = (await response.json()) as { accepted: number };
			accepted += report.accepted;
		};
		await post(bodies[0]!); // warm-up: JIT, first parts; not counted below
		const queue = bodies.slice(1);
		const threadsBefore = threadCpu(server.pid!);
		const clientBefore = process.cpuUsage();
		const started = performance.now();
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async () => {
				for (let body = queue.shift(); body; body = queue.shift()) await post(body);
			})
		);
		httpSeconds = (performance.now() - started) / 1000;
		cpu = cpuByGroup(server.pid!, threadsBefore, threadCpu(server.pid!));
		const clientUsage = process.cpuUsage(clientBefore);
		clientCpuSeconds = (clientUsage.user + clientUsage.system) / 1e6;
		// Where the server spent the time, so a miss points at the step to work on.
		const stats = await fetch(`${server.url}/api/v1/stats`, {
			headers: { authorization: `Bearer ${server.masterKey}` }
		});
		const { ingest_steps } = (await stats.json()) as {
			ingest_steps: Record<string, { rows: number; total_ms: number }>;
		};
		steps = Object.entries(ingest_steps)
			.filter(([step]) => step !== 'store')
			.map(([step, entry]) => `${step} ${round((entry.total_ms * 1000) / Math.max(1, entry.rows))} µs/row`)
			.join(', ');
	} finally {
		await server.dispose();
	}
	const measured = TOTAL - BATCH;
	const httpRate = measured / httpSeconds;
	const perRow = (seconds: number) => `${round((seconds * 1e6) / measured, 1)}`;
	// The CPU budget: on 2 cores, mentions/s can be at most 2 / (CPU per mention), whatever overlaps.
	const cpuPerRow = (cpu.total + clientCpuSeconds) / measured;

	const db = await openTestClickHouse();
	let rawRate: number;
	try {
		// The fastest plain insert we know for these rows (TabSeparated, ~5x JSONEachRow on this engine),
		// already scored and encoded, so the ratio is against the engine's own ceiling, not a strawman.
		const rows = mentions.map(toMentionRow);
		const columns = Object.keys(rows[0]!) as [string, ...string[]];
		// In blocks of the server's flush size (BRANDPULSE_FLUSH_ROWS, 20,000 by default), not of the request
		// size: the server gathers requests into blocks that big, and per-block costs (a part per table, the
		// views) fall with the block size, so smaller raw blocks would flatter the HTTP path.
		const encoded: string[] = [];
		for (let index = 0; index < TOTAL; index += RAW_BLOCK) {
			encoded.push(tabSeparated(rows.slice(index, index + RAW_BLOCK), columns));
		}
		const insert = (body: string) =>
			db.client.insert({
				table: TABLES.mentions,
				values: tabSeparatedStream(body),
				format: 'TabSeparated',
				columns
			});
		await insert(encoded[0]!); // warm-up, as for the HTTP path
		const started = performance.now();
		for (const body of encoded.slice(1)) await insert(body);
		rawRate = (TOTAL - RAW_BLOCK) / ((performance.now() - started) / 1000);
	} finally {
		await db.close();
	}

	return {
		name: 'ingest',
		description: `${measured.toLocaleString('en-US')} mentions as NDJSON batches of ${BATCH}, ${CONCURRENCY} concurrent requests`,
		figures: [
			{
				metric: 'HTTP ingest (whole path)',
				value: Math.round(httpRate),
				unit: 'mentions/s',
				baseline: {
					name: `raw client insert (TabSeparated, blocks of ${RAW_BLOCK})`,
					value: Math.round(rawRate)
				},
				ratio: round(httpRate / rawRate),
				target: '>= 50,000 mentions/s and >= 0.5x raw',
				pass: httpRate >= 50_000 && httpRate / rawRate >= 0.5
			}
		],
		notes: [
			`accepted ${accepted + 0} of ${TOTAL} (the first batch is a warm-up); ${CONCURRENCY} concurrent requests (BENCH_INGEST_CONCURRENCY)`,
			`server steps (CPU on the request thread, dedupe in the engine): ${steps}`,
			`CPU per mention (µs): server ${perRow(cpu.total)} = main thread ${perRow(cpu.main)} + engine queries ` +
				`${perRow(cpu.engine)} + merges ${perRow(cpu.merges)} + other threads (GC, libuv) ${perRow(cpu.other)}; ` +
				`load generator ${perRow(clientCpuSeconds)}. ${round((cpu.total + clientCpuSeconds) / httpSeconds, 2)} ` +
				`of ${availableParallelism()} cores busy; at all of them this CPU per mention would allow ` +
				`${Math.round(availableParallelism() / cpuPerRow).toLocaleString('en-US')} mentions/s`
		]
	};
};
