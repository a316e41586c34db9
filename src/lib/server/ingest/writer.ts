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
	/** The dedupe key; rows with the same key in one block are duplicates of the first. */
	keyOf(row: In): string;
	/** Decides, against what is already stored, what to do with each row (one per input, same order). */
	prepare(rows: In[]): Promise<PreparedRow<Out>[]>;
	/** Runs before each flush, e.g. to make sure rows another writer holds are stored first. */
	beforeFlush?(): Promise<void>;
	/** Told after each successful insert, with the rows inserted. */
	onInserted?(rows: Out[]): void;
}

export interface WriterLimits {
	/** A block is inserted as soon as this many rows wait and no insert is running... */
	flushRows: number;
	/** ...or this long after its first row arrived, whichever comes first. */
	flushIntervalMs: number;
}

/** A block gathered while the one before it was inserted goes in whole, up to this many times flushRows. */
const MAX_BLOCK_FACTOR = 5;

interface PendingWrite<In> {
	rows: In[];
	resolve(outcomes: RowOutcome[]): void;
	reject(error: unknown): void;
}

/**
 * Adds the first row of each key to `unique`, and gives each row its index there (-index-1 for a repeat
 * of a key seen before, in this write or an earlier one of the block).
 */
function slotsByKey<In>(
	rows: In[],
	keyOf: (row: In) => string,
	unique: In[],
	firstIndexByKey: Map<string, number>
): number[] {
	return rows.map((row) => {
		const key = keyOf(row);
		const index = firstIndexByKey.get(key);
		if (index !== undefined) return -index - 1;
		firstIndexByKey.set(key, unique.length);
		unique.push(row);
		return unique.length - 1;
	});
}

/** A repeat of a key is a duplicate of its first row, unless that row was refused. */
function outcomeOf<Out>(prepared: PreparedRow<Out>[], slot: number): RowOutcome {
	const item = prepared[slot < 0 ? -slot - 1 : slot];
	if (!item || item.kind === 'duplicate') return { kind: 'duplicate' };
	if (item.kind === 'insert') return slot < 0 ? { kind: 'duplicate' } : { kind: 'inserted' };
	return item;
}

/**
 * One buffered writer per table: rows from many requests are gathered and inserted together, on size,
 * on a timer and at close. A write resolves only once its rows are committed (or known duplicates), so
 * an API can answer 2xx with a clear conscience. Blocks never overlap, which is what makes the dedupe
 * check and the insert one step as far as this process is concerned.
 *
 * Group commit: while one block is inserted the next gathers, and goes in whole once the first is done,
 * so under load blocks grow instead of queueing up as many small inserts (each costs a part per table
 * and its share of merges).
 */
export class BufferedWriter<In, Out extends Record<string, ScalarValue>> {
	#pending: PendingWrite<In>[] = [];
	#pendingRows = 0;
	#timer: NodeJS.Timeout | undefined;
	/** The block being inserted; never rejects (a failed block rejects its writes instead). */
	#inFlight: Promise<void> | undefined;
	/** The gathering block is due: full, timed out or asked for by flush(). */
	#due = false;
	/** Resolves once the rows pending when flush() was called are committed. */
	#flushed: { promise: Promise<void>; resolve(): void } | undefined;
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
		return new Promise<RowOutcome[]>((resolve, reject) => this.#enqueue({ rows, resolve, reject }));
	}

	/** Flushes what is buffered now; resolves when that (and any flush before it) is done. */
	flush(): Promise<void> {
		if (this.#pending.length === 0) return this.#inFlight ?? Promise.resolve();
		if (!this.#flushed) {
			let resolve!: () => void;
			const promise = new Promise<void>((done) => (resolve = done));
			this.#flushed = { promise, resolve };
		}
		const { promise } = this.#flushed;
		this.#due = true;
		this.#startIfDue();
		return promise;
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.flush();
	}

	#enqueue(write: PendingWrite<In>): void {
		this.#pending.push(write);
		this.#pendingRows += write.rows.length;
		if (this.#pendingRows >= this.limits.flushRows) this.#due = true;
		else this.#armTimer();
		this.#startIfDue();
	}

	#armTimer(): void {
		this.#timer ??= setTimeout(() => {
			this.#timer = undefined;
			this.#due = true;
			this.#startIfDue();
		}, this.limits.flushIntervalMs);
	}

	#startIfDue(): void {
		if (this.#inFlight || !this.#due || this.#pending.length === 0) return;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#due = false;
		const limit = this.limits.flushRows * MAX_BLOCK_FACTOR;
		let take = 0;
		for (let rows = 0; take < this.#pending.length && (take === 0 || rows < limit); take += 1) {
			rows += this.#pending[take]!.rows.length;
		}
		const batch = this.#pending.splice(0, take);
		for (const write of batch) this.#pendingRows -= write.rows.length;
		// flush() callers are told once the block that empties the buffer is done.
		const flushed = this.#pending.length === 0 ? this.#flushed : undefined;
		if (flushed) this.#flushed = undefined;
		this.#inFlight = this.#flushBatch(batch).then(() => {
			this.#inFlight = undefined;
			flushed?.resolve();
			if (this.#pending.length === 0) return;
			if (this.#pendingRows >= this.limits.flushRows || this.#flushed) this.#due = true;
			if (!this.#due) this.#armTimer();
			this.#startIfDue();
		});
	}

	async #flushBatch(batch: PendingWrite<In>[]): Promise<void> {
		try {
			await this.spec.beforeFlush?.();
			// One check for the block: a key repeated across its writes is looked up once.
			const unique: In[] = [];
			const firstIndexByKey = new Map<string, number>();
			const slots = batch.map((write) => slotsByKey(write.rows, this.spec.keyOf, unique, firstIndexByKey));
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
			batch.forEach((write, index) => write.resolve(slots[index]!.map((slot) => outcomeOf(prepared, slot))));
		} catch (error) {
			for (const write of batch) write.reject(error);
		}
	}
}
