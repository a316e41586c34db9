import type { ClickHouseClient } from '@clickhouse/client';
import { tabSeparated, tabSeparatedStream, type ScalarValue } from '../db/tab-separated';

/** What became of one row handed to a writer. */
export type RowOutcome =
	{ kind: 'inserted' } | { kind: 'duplicate' } | { kind: 'rejected'; field: string; message: string };

export type PreparedRow<Out> =
	{ kind: 'insert'; row: Out } | { kind: 'duplicate' } | { kind: 'rejected'; field: string; message: string };

export interface WriterSpec<In, Out extends Record<string, ScalarValue>> {
	table: string;
	/** The columns written, in order; the rows' other fields are not sent. */
	columns: readonly (keyof Out & string)[];
	/** The dedupe key; rows with the same key in one flush are duplicates of the first. */
	keyOf(row: In): string;
	/** Decides, against what is already stored, what to do with each row (one per input, same order). */
	prepare(rows: In[]): Promise<PreparedRow<Out>[]>;
	/** Runs before each flush, e.g. to make sure rows another writer holds are stored first. */
	beforeFlush?(): Promise<void>;
	/** Told after each successful insert, with the rows inserted. */
	onInserted?(rows: Out[]): void;
}

export interface WriterLimits {
	flushRows: number;
	flushIntervalMs: number;
}

interface PendingWrite<In> {
	rows: In[];
	resolve(outcomes: RowOutcome[]): void;
	reject(error: unknown): void;
}

/**
 * One buffered writer per table: rows from many requests are gathered and inserted together, on size,
 * on a timer and at close. A write resolves only once its rows are committed (or known duplicates), so
 * an API can answer 2xx with a clear conscience. Flushes never overlap, which is what makes the dedupe
 * check and the insert one step as far as this process is concerned.
 */
export class BufferedWriter<In, Out extends Record<string, ScalarValue>> {
	#pending: PendingWrite<In>[] = [];
	#pendingRows = 0;
	#timer: NodeJS.Timeout | undefined;
	#flushing: Promise<void> = Promise.resolve();
	#closed = false;

	constructor(
		private readonly client: ClickHouseClient,
		private readonly spec: WriterSpec<In, Out>,
		private readonly limits: WriterLimits
	) {}

	get bufferedRows(): number {
		return this.#pendingRows;
	}

	write(rows: In[]): Promise<RowOutcome[]> {
		if (this.#closed) return Promise.reject(new Error(`writer for ${this.spec.table} is closed`));
		if (rows.length === 0) return Promise.resolve([]);
		return new Promise<RowOutcome[]>((resolve, reject) => {
			this.#pending.push({ rows, resolve, reject });
			this.#pendingRows += rows.length;
			if (this.#pendingRows >= this.limits.flushRows) void this.flush();
			else this.#timer ??= setTimeout(() => void this.flush(), this.limits.flushIntervalMs);
		});
	}

	/** Flushes what is buffered now; resolves when that (and any flush before it) is done. */
	flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		const batch = this.#pending;
		this.#pending = [];
		this.#pendingRows = 0;
		this.#flushing = this.#flushing.then(() => (batch.length ? this.#flushBatch(batch) : undefined));
		return this.#flushing;
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.flush();
	}

	async #flushBatch(batch: PendingWrite<In>[]): Promise<void> {
		try {
			await this.spec.beforeFlush?.();
			const firstIndexByKey = new Map<string, number>();
			const unique: In[] = [];
			const slots: number[][] = [];
			for (const write of batch) {
				slots.push(
					write.rows.map((row) => {
						const key = this.spec.keyOf(row);
						let index = firstIndexByKey.get(key);
						if (index === undefined) {
							index = unique.length;
							firstIndexByKey.set(key, index);
							unique.push(row);
							return index;
						}
						return -index - 1;
					})
				);
			}
			const prepared = await this.spec.prepare(unique);
			const toInsert: Out[] = [];
			for (const item of prepared) if (item.kind === 'insert') toInsert.push(item.row);
			if (toInsert.length) {
				await this.client.insert({
					table: this.spec.table,
					values: tabSeparatedStream(tabSeparated(toInsert, this.spec.columns)),
					format: 'TabSeparated',
					columns: this.spec.columns as [string, ...string[]]
				});
				this.spec.onInserted?.(toInsert);
			}
			// A repeat of a key within the batch is a duplicate of its first row, unless that row was refused.
			const outcomeOf = (slot: number): RowOutcome => {
				const item = prepared[slot < 0 ? -slot - 1 : slot];
				if (!item || item.kind === 'duplicate') return { kind: 'duplicate' };
				if (item.kind === 'insert') return slot < 0 ? { kind: 'duplicate' } : { kind: 'inserted' };
				return item;
			};
			batch.forEach((write, writeIndex) => write.resolve(slots[writeIndex]!.map(outcomeOf)));
		} catch (error) {
			for (const write of batch) write.reject(error);
		}
	}
}
