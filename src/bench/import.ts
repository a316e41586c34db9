import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import type { BenchRun } from './types';
import { cpuByGroup, round, threadCpu } from './_support';
import { openTestClickHouse } from '../lib/server/testing/clickhouse';
import { generateMentions } from '../lib/server/simulator';
import { MENTION_COLUMNS } from '../lib/server/ingest/mention-row';
import { toMentionRow } from '../lib/server/ingest/pipeline';
import { IMPORT_FIELDS, importFile, localSink } from '../lib/server/import';
import { TABLES } from '../lib/server/db/tables';
import { tabSeparated, tabSeparatedStream } from '../lib/server/db/tab-separated';
import { csvFormatBody } from 'd3';

/** Rows in the generated file; the figure is for a million. `BENCH_IMPORT_ROWS` to change it. */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const CHUNK = 100_000;
/** The CLI's default batch. */
const BLOCK = 50_000;

interface ImportRun {
	summary: Awaited<ReturnType<typeof importFile>>;
	rate: number;
	/** Mentions the rollups count once the import is done. */
	stored: number;
	byGroup: ReturnType<typeof cpuByGroup>;
	/** The whole process's CPU, the import's worker thread included (gone, with its /proc entry, by the end). */
	processCpu: number;
}

/** One import of `file` into a fresh embedded store, with where its CPU went. */
async function importInto(file: string): Promise<ImportRun> {
	const db = await openTestClickHouse();
	try {
		const cpuBefore = process.cpuUsage();
		const threadsBefore = threadCpu(process.pid);
		const summary = await importFile({
			file,
			batchRows: BLOCK,
			sink: localSink(db.client),
			checkpointFile: `${file}.checkpoint`
		});
		const byGroup = cpuByGroup(process.pid, threadsBefore, threadCpu(process.pid));
		const cpu = process.cpuUsage(cpuBefore);
		const result = await db.client.query({
			query: `SELECT sum(mentions) AS n FROM ${TABLES.mentionRollupMinute}`,
			format: 'JSONEachRow'
		});
		return {
			summary,
			rate: summary.records / summary.seconds,
			stored: Number((await result.json<{ n: number }>())[0]?.n ?? 0),
			byGroup,
			processCpu: (cpu.user + cpu.system) / 1e6
		};
	} finally {
		await db.close();
	}
}

function describeRun({ summary, stored, byGroup, processCpu }: ImportRun): string {
	const perRow = (seconds: number) => `${round((seconds * 1e6) / summary.records, 1)}`;
	const worker = Math.max(0, processCpu - byGroup.total);
	return (
		`accepted ${summary.accepted.toLocaleString('en-US')}, rejected ${summary.rejected}, rollups count ${stored.toLocaleString('en-US')}; ` +
		`${round(processCpu / summary.seconds)} cores busy over ${round(summary.seconds)} s; ` +
		`CPU per row (µs): ${perRow(processCpu)} = import worker ${perRow(worker)} (read, parse, map, validate, score, encode) ` +
		`+ main thread ${perRow(byGroup.main)} (dedupe, insert, checkpoint) + engine queries ${perRow(byGroup.engine)} ` +
		`+ merges ${perRow(byGroup.merges)} + other threads (GC, libuv) ${perRow(byGroup.other)}; ` +
		`at all ${availableParallelism()} cores this CPU would allow ` +
		`${Math.round(availableParallelism() / (processCpu / summary.records)).toLocaleString('en-US')} rows/s`
	);
}

/**
 * `npm run import`'s path, for the same mentions as NDJSON and as CSV, each into a fresh embedded store (a
 * worker thread reads, maps, validates, scores and encodes; this thread dedupes, inserts with the rollup views
 * and checkpoints), against a raw
 * @clickhouse/client TabSeparated insert of the same rows, already scored and encoded, in blocks of the same
 * size into another fresh store in this process.
 */
export const run: BenchRun = async () => {
	if (!(ROWS > 0)) throw new Error('BENCH_IMPORT_ROWS must be a positive number');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-import-bench-'));
	const file = path.join(dir, 'history.ndjson');
	const csvFile = path.join(dir, 'history.csv');
	const blocks: string[] = [];
	try {
		// History over the past 30 days, written chunk by chunk so a million rows never sit in memory as objects;
		// the same mentions as NDJSON and as CSV.
		const out = createWriteStream(file);
		const csvOut = createWriteStream(csvFile);
		csvOut.write(`${IMPORT_FIELDS.join(',')}\n`);
		const toMs = Date.now();
		const spanMs = 30 * 86_400_000;
		for (let start = 0, seed = 1; start < ROWS; start += CHUNK, seed += 1) {
			const count = Math.min(CHUNK, ROWS - start);
			const fromMs = toMs - spanMs + (start / ROWS) * spanMs;
			const mentions = generateMentions(count, { seed, fromMs, toMs: fromMs + (count / ROWS) * spanMs });
			if (!out.write(mentions.map((mention) => JSON.stringify(mention)).join('\n') + '\n'))
				await once(out, 'drain');
			if (!csvOut.write(`${csvFormatBody(mentions, [...IMPORT_FIELDS])}\n`)) await once(csvOut, 'drain');
			const rows = mentions.map(toMentionRow);
			for (let index = 0; index < rows.length; index += BLOCK)
				blocks.push(tabSeparated(rows.slice(index, index + BLOCK), MENTION_COLUMNS));
		}
		out.end();
		csvOut.end();
		await Promise.all([once(out, 'close'), once(csvOut, 'close')]);

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

		const ndjson = await importInto(file);
		const csv = await importInto(csvFile);
		const rawRate = ROWS / rawSeconds;
		const figure = (format: string, run: ImportRun) => ({
			metric: `bulk import, ${format} (read, map, validate, score, dedupe, insert, rollups)`,
			value: Math.round(run.rate),
			unit: 'rows/s',
			baseline: { name: 'raw client insert (TabSeparated, pre-scored)', value: Math.round(rawRate) },
			ratio: round(run.rate / rawRate),
			target: '>= 100,000 rows/s',
			pass: run.rate >= 100_000 && run.summary.accepted === ROWS && run.stored === ROWS
		});
		return {
			name: 'import',
			description: `${ROWS.toLocaleString('en-US')} generated mentions (${Math.round(statSync(file).size / 2 ** 20)} MiB NDJSON, ${Math.round(statSync(csvFile).size / 2 ** 20)} MiB CSV) through importFile, each into a fresh embedded store, batches of ${BLOCK.toLocaleString('en-US')}`,
			figures: [figure('NDJSON', ndjson), figure('CSV', csv)],
			notes: [
				...[ndjson, csv].map((run, index) => `${index ? 'CSV' : 'NDJSON'}: ${describeRun(run)}`),
				// `npm run import` and `npm run bench` pass the same V8 flag; run otherwise, the figure is not the CLI's.
				`V8 flags: ${process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size')).join(' ') || 'none (npm run import sets --max-semi-space-size=64)'}`,
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
