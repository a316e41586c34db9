import type { BenchRun } from './types';
import { ensureBuild, freePort, round } from './_support';
import { TestServer } from '../lib/server/testing/server-process';
import { generateMentions } from '../lib/server/simulator';
import type { StatsResponse } from '../routes/api/v1/stats/+server';

/** Sustained ingest length; the issue asks for 10 minutes. `BENCH_PARTS_SECONDS=60` for a quick look. */
const SECONDS = Number(process.env.BENCH_PARTS_SECONDS ?? 600);
/** Mentions per second offered, in requests of BATCH every 1000 * BATCH / RATE ms. */
const RATE = Number(process.env.BENCH_PARTS_RATE ?? 10_000);
const BATCH = Number(process.env.BENCH_PARTS_BATCH ?? 500);
const SAMPLE_MS = 5_000;
/** "Far below" the slow-down threshold, made a number: at most a tenth of it. */
const FAR_BELOW = 0.1;

/**
 * Active parts per partition during a sustained ingest through the HTTP path. Every insert the buffered
 * writer makes adds a part to `mentions` and to each materialized view's table; background merges must
 * keep up, or ClickHouse starts delaying inserts at `parts_to_delay_insert` active parts in a partition
 * (read from system.merge_tree_settings: the baseline) and refuses them at `parts_to_throw_insert`.
 * Samples system.parts (through GET /api/v1/stats?parts=1) every 5 s and reports the highest and the final
 * count per table.
 */
export const run: BenchRun = async () => {
	if (!(SECONDS > 0 && RATE > 0 && BATCH > 0)) throw new Error('BENCH_PARTS_* must be positive numbers');
	ensureBuild();
	const pool = generateMentions(50_000, { seed: 11 });
	const server = new TestServer(await freePort(), { BRANDPULSE_LOG_LEVEL: 'error' });
	await server.start();
	const headers = { authorization: `Bearer ${server.masterKey}` };
	const maxByTable = new Map<string, number>();
	let last: StatsResponse['parts'];
	let samples = 0;
	let sent = 0;
	let accepted = 0;
	let failed = 0;
	let slowest = 0;
	let inFlight = 0;
	let maxInFlight = 0;
	const sample = async () => {
		const stats = (await (
			await fetch(`${server.url}/api/v1/stats?parts=1`, { headers })
		).json()) as StatsResponse;
		last = stats.parts!;
		samples += 1;
		for (const row of last.partitions)
			maxByTable.set(row.table, Math.max(maxByTable.get(row.table) ?? 0, row.active_parts));
	};
	const post = async (body: string) => {
		inFlight += 1;
		maxInFlight = Math.max(maxInFlight, inFlight);
		const started = performance.now();
		try {
			const response = await fetch(`${server.url}/api/v1/mentions`, {
				method: 'POST',
				headers: { ...headers, 'content-type': 'application/x-ndjson' },
				body
			});
			const report = (await response.json()) as { accepted?: number };
			if (response.status === 200) accepted += report.accepted ?? 0;
			else failed += 1;
		} catch {
			failed += 1;
		} finally {
			inFlight -= 1;
			slowest = Math.max(slowest, performance.now() - started);
		}
	};

	let elapsed: number;
	try {
		await sample();
		const started = performance.now();
		const end = started + SECONDS * 1000;
		const requests: Promise<void>[] = [];
		let nextSample = started + SAMPLE_MS;
		const intervalMs = (1000 * BATCH) / RATE;
		let sequence = 0;
		for (let due = started; due < end; due += intervalMs) {
			const wait = due - performance.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
			// Live mentions: fresh ids, created now, so they land in the current partition like a real stream.
			const now = new Date().toISOString();
			let body = '';
			for (let index = 0; index < BATCH; index += 1) {
				const mention = pool[(sequence * BATCH + index) % pool.length]!;
				body += `${JSON.stringify({ ...mention, id: `${mention.id}-${sequence}`, created_at: now })}\n`;
			}
			sequence += 1;
			sent += BATCH;
			const request = post(body);
			requests.push(request);
			if (requests.length > 1000) await Promise.all(requests.splice(0, 500));
			if (performance.now() >= nextSample) {
				nextSample += SAMPLE_MS;
				await sample();
			}
		}
		await Promise.all(requests);
		elapsed = (performance.now() - started) / 1000;
		await sample();
	} finally {
		await server.dispose();
	}

	const threshold = last!.parts_to_delay_insert;
	const maxParts = Math.max(...maxByTable.values());
	const finalByTable = new Map<string, number>();
	for (const row of last!.partitions)
		finalByTable.set(row.table, Math.max(finalByTable.get(row.table) ?? 0, row.active_parts));
	const finalParts = Math.max(...finalByTable.values());
	const perTable = [...maxByTable]
		.filter(([table]) => table !== 'schema_migrations')
		.sort((a, b) => b[1] - a[1])
		.map(([table, max]) => `${table} ${max} (final ${finalByTable.get(table) ?? 0})`)
		.join(', ');
	const target = `<= ${FAR_BELOW * 100}% of parts_to_delay_insert (${threshold})`;
	return {
		name: 'parts',
		description: `${round(SECONDS / 60, 1)} min of sustained HTTP ingest at ${RATE.toLocaleString('en-US')} mentions/s offered (requests of ${BATCH}), system.parts sampled every ${SAMPLE_MS / 1000} s`,
		figures: [
			{
				metric: 'max active parts in one partition (any table)',
				value: maxParts,
				unit: 'parts',
				baseline: { name: 'parts_to_delay_insert', value: threshold },
				ratio: round(maxParts / threshold, 3),
				target,
				pass: maxParts <= FAR_BELOW * threshold
			},
			{
				metric: 'active parts in one partition at the end',
				value: finalParts,
				unit: 'parts',
				baseline: { name: 'parts_to_delay_insert', value: threshold },
				ratio: round(finalParts / threshold, 3),
				target,
				pass: finalParts <= FAR_BELOW * threshold
			},
			{
				metric: 'ingest rate sustained',
				value: Math.round(accepted / elapsed),
				unit: 'mentions/s',
				baseline: { name: 'offered', value: RATE },
				ratio: round(accepted / elapsed / RATE),
				target: 'all accepted',
				pass: failed === 0 && accepted === sent
			}
		],
		notes: [
			`max (final) active parts per partition by table: ${perTable}`,
			`parts_to_throw_insert ${last!.parts_to_throw_insert}; ${samples} samples`,
			`${accepted.toLocaleString('en-US')} of ${sent.toLocaleString('en-US')} mentions accepted, ${failed} failed requests, slowest request ${Math.round(slowest)} ms, at most ${maxInFlight} requests in flight`
		]
	};
};
