import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { EncodedMentions } from '../ingest/encoded';
import type { IngestReport } from '../ingest/pipeline';
import {
	defaultCheckpointPath,
	fileIdentity,
	readCheckpoint,
	writeCheckpoint,
	type Checkpoint
} from './checkpoint';
import type { ColumnMap } from './mapping';
import type { PrepareOptions, PreparedSlice } from './prepare';
import type { WorkerCredit, WorkerMessage } from './prepare-worker';
import type { ImportFormat, RejectLine } from './rows';

export type { ImportFormat } from './rows';

/** Takes mapped rows and validates, scores and stores them itself: a running server over HTTP. */
export interface ItemSink {
	ingestMentions(items: unknown[]): Promise<IngestReport>;
}

/** Takes rows the import's worker has validated, scored and encoded, and stores them: this process's store. */
export interface EncodedSink {
	storeEncoded(batch: EncodedMentions[]): Promise<{ accepted: number; duplicates: number }>;
}

/** Where batches go. */
export type ImportSink = ItemSink | EncodedSink;

export interface ImportProgress {
	/** Bytes of the file read (compressed bytes for .gz), against `totalBytes`. */
	bytes: number;
	totalBytes: number;
	records: number;
	accepted: number;
	duplicates: number;
	rejected: number;
}

export interface ImportOptions {
	file: string;
	format?: ImportFormat;
	map?: ColumnMap;
	brand?: string;
	source?: string;
	/** NDJSON of `{ line, field, message, raw }`, one per refused row. */
	rejectsFile?: string;
	/** Continue after the last committed batch of an earlier run (refused if the file has changed). */
	resume?: boolean;
	checkpointFile?: string;
	/** Rows per batch stored at once: big enough for ClickHouse, small enough to bound memory. */
	batchRows?: number;
	/** CSV only: one character; a tab for .tsv files, else a comma. */
	delimiter?: string;
	sink: ImportSink;
	onProgress?(progress: ImportProgress): void;
	/** Stops after the batch in flight is committed and checkpointed. */
	signal?: AbortSignal;
}

export interface ImportSummary extends ImportProgress {
	/** Rows skipped because an earlier run had committed them. */
	resumedFrom: number;
	interrupted: boolean;
	seconds: number;
	rowsPerSecond: number;
	checkpointFile: string;
}

export class ImportError extends Error {}

export function detectFormat(file: string): ImportFormat {
	const name = file.toLowerCase().replace(/\.gz$/, '');
	if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'csv';
	if (name.endsWith('.ndjson') || name.endsWith('.jsonl') || name.endsWith('.json')) return 'ndjson';
	throw new ImportError(
		`cannot tell the format of ${file} from its name: pass --format csv or --format ndjson`
	);
}

/** The import's worker thread, which reads the file and prepares its rows (see prepare.ts). */
function startPreparing(options: PrepareOptions) {
	// One worker: on two cores it and the engine fill the machine, where two measured slower (70k against
	// 79k rows/s importing a million rows), each slowing the other.
	const worker = new Worker(new URL('./prepare-worker-entry.js', import.meta.url), { workerData: options });
	const queue: WorkerMessage[] = [];
	let failure: Error | undefined;
	let ended = false;
	let wake: (() => void) | undefined;
	const notify = () => {
		wake?.();
		wake = undefined;
	};
	worker.on('message', (message: WorkerMessage) => {
		if (message.kind === 'end') ended = true;
		queue.push(message);
		notify();
	});
	worker.on('error', (error) => {
		failure ??= error;
		notify();
	});
	worker.on('exit', (code) => {
		if (!ended) failure ??= new Error(`the import's worker stopped (exit code ${code})`);
		notify();
	});
	async function* messages(): AsyncGenerator<WorkerMessage> {
		for (;;) {
			while (!queue.length && !failure) await new Promise<void>((resolve) => (wake = resolve));
			const message = queue.shift();
			// The worker's errors are mostly the file's (unreadable, not gzip, not the format): name the file.
			if (!message) throw new ImportError(`${options.file}: ${failure!.message}`, { cause: failure });
			yield message;
			if (message.kind === 'end') return;
		}
	}
	return {
		messages: messages(),
		/** Room for `slices` more: the importer has taken that many for storing. */
		grant(slices: number) {
			worker.postMessage(slices satisfies WorkerCredit);
		},
		async stop() {
			ended = true;
			await worker.terminate();
		}
	};
}

/**
 * Streams a CSV or NDJSON file (plain or gzip) into the store in large batches. A worker thread reads the
 * file, maps each row, and (for a sink in this process) validates, scores and encodes it with the same
 * schema and scorer as the API, while this thread stores the batch before, deduplicated, so a file imported
 * twice, or resumed over rows already stored, counts nothing twice. Refused rows go to the rejects file with
 * their line; the good rows of the same batch are stored.
 */
export async function importFile(options: ImportOptions): Promise<ImportSummary> {
	const started = performance.now();
	if (!existsSync(options.file)) throw new ImportError(`${options.file}: no such file`);
	const format = options.format ?? detectFormat(options.file);
	// A .tsv file is CSV with tabs.
	const delimiter = options.delimiter ?? (/\.tsv(\.gz)?$/i.test(options.file) ? '\t' : ',');
	if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
		throw new ImportError(`the delimiter must be one character other than a quote or a line break`);
	const batchRows = options.batchRows ?? 50_000;
	const checkpointFile = options.checkpointFile ?? defaultCheckpointPath(options.file);
	const identity = fileIdentity(options.file);
	const totalBytes = statSync(options.file).size;

	let resumeAt = 0;
	const progress: ImportProgress = {
		bytes: 0,
		totalBytes,
		records: 0,
		accepted: 0,
		duplicates: 0,
		rejected: 0
	};
	if (options.resume) {
		const previous = readCheckpoint(checkpointFile);
		if (previous) {
			if (
				previous.file !== identity.file ||
				previous.size !== identity.size ||
				previous.mtime_ms !== identity.mtime_ms
			) {
				throw new ImportError(
					`${options.file} has changed since checkpoint ${checkpointFile} was written; import it without --resume (stored rows will count as duplicates)`
				);
			}
			resumeAt = previous.records;
			progress.records = previous.records;
			progress.accepted = previous.accepted;
			progress.duplicates = previous.duplicates;
			progress.rejected = previous.rejected;
		}
	}

	let rejects: WriteStream | null = null;
	if (options.rejectsFile) {
		rejects = createWriteStream(options.rejectsFile, { flags: options.resume && resumeAt > 0 ? 'a' : 'w' });
	}
	const writeRejects = async (lines: RejectLine[]) => {
		if (!rejects || !lines.length) return;
		if (!rejects.write(lines.map((reject) => JSON.stringify(reject)).join('\n') + '\n'))
			await once(rejects, 'drain');
	};

	let lastLine = 0;
	const checkpoint = (complete: boolean): Checkpoint => ({
		version: 1,
		...identity,
		records: progress.records,
		line: lastLine,
		bytes: progress.bytes,
		accepted: progress.accepted,
		duplicates: progress.duplicates,
		rejected: progress.rejected,
		complete,
		updated_at: new Date().toISOString()
	});

	const { sink } = options;
	/** Stores one batch, then records it: rejects first, then the checkpoint that says it is done. */
	const store = async (slices: PreparedSlice[]) => {
		const refused = slices.flatMap((slice) => slice.rejects);
		let refusedRows = slices.reduce((sum, slice) => sum + slice.rejectedRows, 0);
		let stored: { accepted: number; duplicates: number };
		if ('storeEncoded' in sink) {
			stored = await sink.storeEncoded(slices.map((slice) => slice.encoded!));
		} else {
			const items = slices.flatMap((slice) => slice.items!);
			const lines = slices.flatMap((slice) => slice.itemLines!);
			const report = items.length
				? await sink.ingestMentions(items)
				: { accepted: 0, duplicates: 0, rejected: [] };
			stored = report;
			for (const rejection of report.rejected) {
				refused.push({
					line: lines[rejection.index] ?? 0,
					field: rejection.field,
					message: rejection.message,
					raw: items[rejection.index]
				});
			}
			refusedRows += new Set(report.rejected.map((rejection) => rejection.index)).size;
		}
		refused.sort((a, b) => a.line - b.line);
		await writeRejects(refused);
		const last = slices.at(-1)!;
		progress.accepted += stored.accepted;
		progress.duplicates += stored.duplicates;
		progress.rejected += refusedRows;
		progress.records += slices.reduce((sum, slice) => sum + slice.records, 0);
		progress.bytes = last.bytes;
		lastLine = last.lastLine;
		writeCheckpoint(checkpointFile, checkpoint(false));
		options.onProgress?.({ ...progress });
	};

	const preparing = startPreparing({
		file: options.file,
		format,
		delimiter,
		map: options.map ?? {},
		...(options.brand !== undefined ? { brand: options.brand } : {}),
		...(options.source !== undefined ? { source: options.source } : {}),
		batchRows,
		skip: resumeAt,
		mode: 'storeEncoded' in sink ? 'encode' : 'items'
	});
	let interrupted = false;
	// While the engine stores one batch, the worker prepares the next. A batch is stored only once the one
	// before is committed and checkpointed, so a crash leaves exactly the checkpointed rows stored and a
	// resume neither skips nor re-counts any. `recorded` settles when the last batch sent is recorded.
	let recorded: Promise<void> = Promise.resolve();
	let endLine = 0;
	try {
		let batch: PreparedSlice[] = [];
		for await (const message of preparing.messages) {
			if (options.signal?.aborted) {
				interrupted = true;
				break;
			}
			if (message.kind === 'slice') {
				batch.push(message.slice);
				if (!message.slice.endsBatch) continue;
			} else endLine = message.lastLine;
			// A batch ends with a slice that says so, or with the file.
			if (batch.length) {
				await recorded;
				preparing.grant(batch.length);
				recorded = store(batch);
				// Surface a failure of this batch at the next one (or the end) rather than as an unhandled rejection.
				recorded.catch(() => {});
				batch = [];
			}
			if (message.kind === 'end') break;
		}
		await recorded;
		if (!interrupted) {
			// The last line read, which is past the last batch when a resume found nothing left to store.
			lastLine = Math.max(lastLine, endLine);
			progress.bytes = totalBytes;
			writeCheckpoint(checkpointFile, checkpoint(true));
		}
	} finally {
		await preparing.stop();
		if (rejects) {
			rejects.end();
			await once(rejects, 'close');
		}
	}
	const seconds = (performance.now() - started) / 1000;
	const imported = progress.records - resumeAt;
	return {
		...progress,
		resumedFrom: resumeAt,
		interrupted,
		seconds,
		rowsPerSecond: imported > 0 ? imported / seconds : 0,
		checkpointFile
	};
}
