import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRun } from './types';
import type { PhaseResult } from './_import-phase';
import { round } from './_support';
import { generateMentions } from '../lib/server/simulator';
import { MENTION_COLUMNS } from '../lib/server/ingest/mention-row';
import { toMentionRow } from '../lib/server/ingest/pipeline';
import { IMPORT_FIELDS } from '../lib/server/import';
import { tabSeparated } from '../lib/server/db/tab-separated';
import { csvFormatBody } from 'd3';

/** Rows in the generated file; the figure is for a million. `BENCH_IMPORT_ROWS` to change it. */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const CHUNK = 100_000;
/** The CLI's default batch; `BENCH_IMPORT_BATCH` to try another. */
const BLOCK = Number(process.env.BENCH_IMPORT_BATCH ?? 50_000);

const PHASE = path.join(path.dirname(fileURLToPath(import.meta.url)), '_import-phase.ts');

/**
 * One phase in a fresh process (see _import-phase.ts), started as this one was (tsx, the same V8 flags).
 */
async function phase(mode: 'raw' | 'import', file: string): Promise<PhaseResult> {
	const { stdout } = await promisify(execFile)(
		process.execPath,
		[...process.execArgv, PHASE, mode, file, String(BLOCK)],
		{ encoding: 'utf8', maxBuffer: 16 * 2 ** 20 }
	);
	return JSON.parse(stdout.trim().split('\n').at(-1)!) as PhaseResult;
}

/** CPU seconds spent over `rows` rows, in µs a row. */
function perRow(cpuSeconds: number, rows: number): string {
	return `${round((cpuSeconds * 1e6) / rows, 1)}`;
}

function describeRun({
	rows,
	seconds,
	accepted,
	rejected,
	stored,
	byGroup,
	processCpu
}: PhaseResult): string {
	const us = (cpuSeconds: number) => perRow(cpuSeconds, rows);
	const worker = Math.max(0, processCpu - byGroup.total);
	return (
		`accepted ${accepted.toLocaleString('en-US')}, rejected ${rejected}, rollups count ${stored.toLocaleString('en-US')}; ` +
		`${round(processCpu / seconds)} cores busy over ${round(seconds)} s; ` +
		`CPU per row (µs): ${us(processCpu)} = import worker ${us(worker)} (read, parse, map, validate, score, encode) ` +
		`+ main thread ${us(byGroup.main)} (dedupe, insert, checkpoint) + engine queries ${us(byGroup.engine)} ` +
		`+ merges ${us(byGroup.merges)} + other threads (GC, libuv) ${us(byGroup.other)}; ` +
		`at all ${availableParallelism()} cores this CPU would allow ` +
		`${Math.round(availableParallelism() / (processCpu / rows)).toLocaleString('en-US')} rows/s`
	);
}

/**
 * `npm run import`'s path, for the same mentions as NDJSON and as CSV (a worker thread reads, maps, validates,
 * scores and encodes; the main thread has the engine dedupe, insert with the rollup views, and checkpoints),
 * against a raw @clickhouse/client TabSeparated insert of the same rows, already scored and encoded, in
 * blocks of the same size. Each in a fresh process with a fresh embedded store, as the CLI runs.
 */
export const run: BenchRun = async () => {
	if (!(ROWS > 0)) throw new Error('BENCH_IMPORT_ROWS must be a positive number');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-import-bench-'));
	const file = path.join(dir, 'history.ndjson');
	const csvFile = path.join(dir, 'history.csv');
	const tsvFile = path.join(dir, 'history.tsv');
	try {
		// History over the past 30 days, written chunk by chunk so a million rows never sit in memory as objects;
		// the same mentions as NDJSON and as CSV, and scored and encoded as the raw insert takes them.
		const outs = [file, csvFile, tsvFile].map((name) => createWriteStream(name));
		const [out, csvOut, tsvOut] = outs as [WriteStream, WriteStream, WriteStream];
		const write = async (stream: WriteStream, text: string) => {
			if (!stream.write(text)) await once(stream, 'drain');
		};
		await write(csvOut, `${IMPORT_FIELDS.join(',')}\n`);
		const toMs = Date.now();
		const spanMs = 30 * 86_400_000;
		for (let start = 0, seed = 1; start < ROWS; start += CHUNK, seed += 1) {
			const count = Math.min(CHUNK, ROWS - start);
			const fromMs = toMs - spanMs + (start / ROWS) * spanMs;
			const mentions = generateMentions(count, { seed, fromMs, toMs: fromMs + (count / ROWS) * spanMs });
			await write(out, mentions.map((mention) => JSON.stringify(mention)).join('\n') + '\n');
			await write(csvOut, `${csvFormatBody(mentions, [...IMPORT_FIELDS])}\n`);
			await write(tsvOut, tabSeparated(mentions.map(toMentionRow), MENTION_COLUMNS));
		}
		for (const stream of outs) stream.end();
		await Promise.all(outs.map((stream) => once(stream, 'close')));

		// One after another, so that no phase shares the machine with another.
		const raw = await phase('raw', tsvFile);
		const ndjson = await phase('import', file);
		const csv = await phase('import', csvFile);
		const rawRate = raw.rows / raw.seconds;
		const figure = (format: string, run: PhaseResult) => ({
			metric: `bulk import, ${format} (read, map, validate, score, dedupe, insert, rollups)`,
			value: Math.round(run.rows / run.seconds),
			unit: 'rows/s',
			baseline: { name: 'raw client insert (TabSeparated, pre-scored)', value: Math.round(rawRate) },
			ratio: round(run.rows / run.seconds / rawRate),
			target: '>= 100,000 rows/s',
			pass: run.rows / run.seconds >= 100_000 && run.accepted === ROWS && run.stored === ROWS
		});
		return {
			name: 'import',
			description: `${ROWS.toLocaleString('en-US')} generated mentions (${Math.round(statSync(file).size / 2 ** 20)} MiB NDJSON, ${Math.round(statSync(csvFile).size / 2 ** 20)} MiB CSV) through importFile, each phase in a fresh process with a fresh embedded store, batches of ${BLOCK.toLocaleString('en-US')}`,
			figures: [figure('NDJSON', ndjson), figure('CSV', csv)],
			notes: [
				...[ndjson, csv].map((run, index) => `${index ? 'CSV' : 'NDJSON'}: ${describeRun(run)}`),
				// `npm run import` and `npm run bench` pass the same V8 flag; run otherwise, the figure is not the CLI's.
				`V8 flags: ${process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size')).join(' ') || 'none (npm run import sets --max-semi-space-size=64)'}`,
				// What the engine alone spends on a row bounds the import: the rest must fit beside it.
				`raw insert's own CPU per row (µs): ${perRow(raw.processCpu, raw.rows)} (engine queries ` +
					`${perRow(raw.byGroup.engine, raw.rows)}, merges ${perRow(raw.byGroup.merges, raw.rows)}, ` +
					`other ${perRow(raw.byGroup.other, raw.rows)}, main thread ${perRow(raw.byGroup.main, raw.rows)})`
			]
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
};
