/**
 * One measured phase of the import bench, in a process of its own, as `npm run import` runs: started fresh,
 * with its own embedded store, and none of the bench's generated mentions in its heap (a million of them
 * and their encoded text, ~650 MB, left the import 7% slower in the bench's own process, its main thread
 * collecting them). Prints its result as one JSON line.
 *   tsx src/bench/_import-phase.ts raw FILE.tsv BATCH_ROWS   a raw TabSeparated insert of pre-scored rows
 *   tsx src/bench/_import-phase.ts import FILE BATCH_ROWS    importFile into the embedded store
 */
import { readFileSync } from 'node:fs';
import { cpuByGroup, threadCpu } from './_support';
import { openTestClickHouse } from '../lib/server/testing/clickhouse';
import { importFile, localSink } from '../lib/server/import';
import { MENTION_COLUMNS } from '../lib/server/ingest/mention-row';
import { TABLES } from '../lib/server/db/tables';
import { tabSeparatedStream } from '../lib/server/db/tab-separated';

export interface PhaseResult {
	rows: number;
	seconds: number;
	accepted: number;
	rejected: number;
	/** Mentions the rollups count once the phase is done. */
	stored: number;
	byGroup: ReturnType<typeof cpuByGroup>;
	/** The whole process's CPU over the phase, the import's worker thread included. */
	processCpu: number;
}

/** The file's lines in blocks of `batchRows`, each a TabSeparated body, and how many lines in all. */
function blocksOf(file: string, batchRows: number): { blocks: string[]; lines: number } {
	const lines = readFileSync(file, 'utf8').split('\n');
	if (lines.at(-1) === '') lines.pop();
	const blocks: string[] = [];
	for (let start = 0; start < lines.length; start += batchRows)
		blocks.push(lines.slice(start, start + batchRows).join('\n') + '\n');
	return { blocks, lines: lines.length };
}

const [mode, file, batch] = process.argv.slice(2);
const batchRows = Number(batch);
if ((mode !== 'raw' && mode !== 'import') || !file || !(batchRows > 0))
	throw new Error('usage: _import-phase.ts raw|import FILE BATCH_ROWS');

const raw = mode === 'raw' ? blocksOf(file, batchRows) : { blocks: [], lines: 0 };
const db = await openTestClickHouse();
try {
	const cpuBefore = process.cpuUsage();
	const threadsBefore = threadCpu(process.pid);
	const started = performance.now();
	let rows = 0;
	let accepted = 0;
	let rejected = 0;
	if (mode === 'raw') {
		for (const body of raw.blocks) {
			await db.client.insert({
				table: TABLES.mentions,
				values: tabSeparatedStream(body),
				format: 'TabSeparated',
				columns: [...MENTION_COLUMNS]
			});
		}
		rows = accepted = raw.lines;
	} else {
		const summary = await importFile({
			file,
			batchRows,
			sink: localSink(db.client, db.dataDir),
			checkpointFile: `${file}.checkpoint`
		});
		({ records: rows, accepted, rejected } = summary);
	}
	const seconds = (performance.now() - started) / 1000;
	const byGroup = cpuByGroup(process.pid, threadsBefore, threadCpu(process.pid));
	const cpu = process.cpuUsage(cpuBefore);
	const result = await db.client.query({
		query: `SELECT sum(mentions) AS n FROM ${TABLES.mentionRollupMinute}`,
		format: 'JSONEachRow'
	});
	const stored = Number((await result.json<{ n: number }>())[0]?.n ?? 0);
	const phase: PhaseResult = {
		rows,
		seconds,
		accepted,
		rejected,
		stored,
		byGroup,
		processCpu: (cpu.user + cpu.system) / 1e6
	};
	process.stdout.write(`${JSON.stringify(phase)}\n`);
} finally {
	await db.close();
}
