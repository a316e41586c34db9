import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import type { BenchRun } from './types';
import { cpuByGroup, round, threadCpu } from './_support';
import { openTestClickHouse } from '../lib/server/testing/clickhouse';
import { generateMentions } from '../lib/server/simulator';
import { MENTION_COLUMNS, toMentionRow } from '../lib/server/ingest/pipeline';
import { importFile, localSink } from '../lib/server/import';
import { TABLES } from '../lib/server/db/tables';
import { tabSeparated, tabSeparatedStream } from '../lib/server/db/tab-separated';

/** Rows in the generated file; the figure is for a million. `BENCH_IMPORT_ROWS` to change it. */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const CHUNK = 100_000;
/** The CLI's default batch. */
const BLOCK = 50_000;

/**
 * `npm run import`'s path into a fresh embedded store (a worker thread reads NDJSON, maps, validates, scores
 * and encodes; this thread dedupes, inserts with the rollup views and checkpoints), against a raw
 * @clickhouse/client TabSeparated insert of the same rows, already scored and encoded, in blocks of the same
 * size into another fresh store in this process.
 */
export const run: BenchRun = async () => {
	if (!(ROWS > 0)) throw new Error('BENCH_IMPORT_ROWS must be a positive number');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-import-bench-'));
	const file = path.join(dir, 'history.ndjson');
	const blocks: string[] = [];
	try {
		// History over the past 30 days, written chunk by chunk so a million rows never sit in memory as objects.
		const out = createWriteStream(file);
		const toMs = Date.now();
		const spanMs = 30 * 86_400_000;
		for (let start = 0, seed = 1; start < ROWS; start += CHUNK, seed += 1) {
			const count = Math.min(CHUNK, ROWS - start);
			const fromMs = toMs - spanMs + (start / ROWS) * spanMs;
			const mentions = generateMentions(count, { seed, fromMs, toMs: fromMs + (count / ROWS) * spanMs });
			if (!out.write(mentions.map((mention) => JSON.stringify(mention)).join('\n') + '\n'))
				await once(out, 'drain');
			const rows = mentions.map(toMentionRow);
			for (let index = 0; index < rows.length; index += BLOCK)
				blocks.push(tabSeparated(rows.slice(index, index + BLOCK), MENTION_COLUMNS));
		}
		out.end();
		await once(out, 'close');

		const baseline = await openTestClickHouse();
		let rawSeconds: number;
		let rawCpu: ReturnType<typeof cpuByGroup>;
		try {
			const rawThreadsBefore = threadCpu(process.pid);
			const started = performance.now();
			for (const body of blocks) {
				await baseline.client.insert({
					table: TABLES.mentions,
					values: tabSeparatedStream(body),
					format: 'TabSeparated',
					columns: [...MENTION_COLUMNS]
				});
			}
			rawSeconds = (performance.now() - started) / 1000;
			rawCpu = cpuByGroup(process.pid, rawThreadsBefore, threadCpu(process.pid));
		} finally {
			await baseline.close();
		}
		blocks.length = 0;

		const db = await openTestClickHouse();
		let summary: Awaited<ReturnType<typeof importFile>>;
		let stored: number;
		let byGroup: ReturnType<typeof cpuByGroup>;
		/** The whole process's CPU, the import's worker thread included (gone, with its /proc entry, by the end). */
		let processCpu: number;
		try {
			const cpuBefore = process.cpuUsage();
			const threadsBefore = threadCpu(process.pid);
			summary = await importFile({
				file,
				batchRows: BLOCK,
				sink: localSink(db.client),
				checkpointFile: `${file}.checkpoint`
			});
			byGroup = cpuByGroup(process.pid, threadsBefore, threadCpu(process.pid));
			const cpu = process.cpuUsage(cpuBefore);
			processCpu = (cpu.user + cpu.system) / 1e6;
			const result = await db.client.query({
				query: `SELECT sum(mentions) AS n FROM ${TABLES.mentionRollupMinute}`,
				format: 'JSONEachRow'
			});
			stored = Number((await result.json<{ n: number }>())[0]?.n ?? 0);
		} finally {
			await db.close();
		}
		const worker = Math.max(0, processCpu - byGroup.total);
		const rate = summary.records / summary.seconds;
		const perRow = (seconds: number) => `${round((seconds * 1e6) / summary.records, 1)}`;
		const rawRate = ROWS / rawSeconds;
		return {
			name: 'import',
			description: `${ROWS.toLocaleString('en-US')} generated mentions (${Math.round(statSync(file).size / 2 ** 20)} MiB NDJSON) through importFile into a fresh embedded store, batches of ${BLOCK.toLocaleString('en-US')}`,
			figures: [
				{
					metric: 'bulk import (read, map, validate, score, dedupe, insert, rollups)',
					value: Math.round(rate),
					unit: 'rows/s',
					baseline: { name: 'raw client insert (TabSeparated, pre-scored)', value: Math.round(rawRate) },
					ratio: round(rate / rawRate),
					target: '>= 100,000 rows/s',
					pass: rate >= 100_000 && summary.accepted === ROWS && stored === ROWS
				}
			],
			notes: [
				`accepted ${summary.accepted.toLocaleString('en-US')}, rejected ${summary.rejected}, rollups count ${stored.toLocaleString('en-US')}`,
				// `npm run import` and `npm run bench` pass the same V8 flag; run otherwise, the figure is not the CLI's.
				`V8 flags: ${process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size')).join(' ') || 'none (npm run import sets --max-semi-space-size=64)'}`,
				`this process's CPU during the import: ${round(processCpu / summary.seconds)} cores over ${round(summary.seconds)} s (engine threads included)`,
				`CPU per row (µs): ${perRow(processCpu)} = import worker ${perRow(worker)} (read, parse, map, validate, score, encode) ` +
					`+ main thread ${perRow(byGroup.main)} (dedupe, insert, checkpoint) + engine queries ${perRow(byGroup.engine)} ` +
					`+ merges ${perRow(byGroup.merges)} + other threads (GC, libuv) ${perRow(byGroup.other)}; ` +
					`at all ${availableParallelism()} cores this CPU would allow ` +
					`${Math.round(availableParallelism() / (processCpu / summary.records)).toLocaleString('en-US')} rows/s`,
				// What the engine alone spends on a row bounds the import: the rest must fit beside it.
				`raw insert's own CPU per row (µs): ${round((rawCpu.total * 1e6) / ROWS, 1)} (engine queries ` +
					`${round((rawCpu.engine * 1e6) / ROWS, 1)}, merges ${round((rawCpu.merges * 1e6) / ROWS, 1)}, ` +
					`other ${round((rawCpu.other * 1e6) / ROWS, 1)}, main thread ${round((rawCpu.main * 1e6) / ROWS, 1)})`
			]
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
};
