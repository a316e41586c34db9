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
/**
 * A block is taken during the insert before it (and its check sent) once this share of flushRows waits:
 * enough to be worth an insert of its own. With the check off the path from one insert to the next, the
 * ingest bench went from 45-48k to 50-52k mentions/s at a quarter (never taken at 1: the check of the
 * block before had just taken everything).
 */
const PIPELINED_BLOCK_FACTOR = 0.25;

/** Keys a block inserted. */
type Committed = Set<string>;

/** Writes taken for one insert, with their check against the store under way. */
interface Block<In, Out> {
	writes: PendingWrite<In>[];
	/** Settles `#lastTaken` for flush() callers. */
	done(): void;
	unique: In[];
	/** The key of each unique row. */
	keys: string[];
	slots: number[][];
	checked: Promise<PreparedRow<Out>[]>;
}

interface PendingWrite<In> {
	rows: In[];
	/** Resolves when the write is committed or has failed (for flush()). */
	settled: Promise<void>;
	resolve(outcomes: RowOutcome[]): void;
	reject(error: unknown): void;
}

/**
 * Adds the first row of each key to `unique` (and its key to `keys`), and gives each row its index there
 * (-index-1 for a repeat of a key seen before, in this write or an earlier one of the block).
 */
function slotsByKey<In>(
	rows: In[],
	keyOf: (row: In) => string,
	unique: In[],
	keys: string[],
	firstIndexByKey: Map<string, number>
): number[] {
	return rows.map((row) => {
		const key = keyOf(row);
		const index = firstIndexByKey.get(key);
		if (index !== undefined) return -index - 1;
		firstIndexByKey.set(key, unique.length);
		unique.push(row);
		keys.push(key);
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
 * an API can answer 2xx with a clear conscience. Inserts never overlap, and a block's check against the
 * store is completed with the keys of the insert it may not have seen, so no key is stored twice by this
 * process.
 *
 * Group commit: while one block is inserted the next gathers, and goes in whole once the first is done,
 * so under load blocks grow instead of queueing up as many small inserts (each costs a part per table
 * and its share of merges). Its check is sent during that insert, so the engine (one query at a time)
 * goes from one to the other without waiting for this thread.
 */
export class BufferedWriter<In, Out extends Record<string, ScalarValue>> {
	#pending: PendingWrite<In>[] = [];
	#pendingRows = 0;
	#timer: NodeJS.Timeout | undefined;
	/** The block being inserted; never rejects (a failed block rejects its writes instead). */
	#inFlight: Promise<void> | undefined;
	/** The gathering block is due: full, timed out or asked for by flush(). */
	#due = false;
	/** Settles when the last block taken so far is done. */
	#lastTaken: Promise<void> = Promise.resolve();
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
		let resolve!: (outcomes: RowOutcome[]) => void;
		let reject!: (error: unknown) => void;
		const outcomes = new Promise<RowOutcome[]>((ok, fail) => ((resolve = ok), (reject = fail)));
		const settled = outcomes.then(
			() => undefined,
			() => undefined
		);
		this.#enqueue({ rows, resolve, reject, settled });
		return outcomes;
	}

	/** Flushes what is buffered now; resolves when that (and any flush before it) is done. */
	flush(): Promise<void> {
		const last = this.#pending.at(-1);
		// Not the whole run of back-to-back blocks, which under steady load need not end.
		if (!last) return this.#lastTaken;
		this.#due = true;
		this.#startIfDue();
		// Blocks commit in order, so once the last write waiting now is settled, all before it are too.
		return last.settled;
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
		const run = async (first: Block<In, Out>) => {
			let block: Block<In, Out> | undefined = first;
			let before: Committed | undefined;
			// Back to back while the next block was taken (and checked) during the insert of the one before.
			while (block) ({ next: block, committed: before } = await this.#insertBlock(block, before));
		};
		this.#inFlight = run(this.#take()).then(() => {
			this.#inFlight = undefined;
			if (this.#pending.length === 0) return;
			if (this.#pendingRows >= this.limits.flushRows) this.#due = true;
			if (!this.#due) this.#armTimer();
			this.#startIfDue();
		});
	}

	/** Takes the pending writes (up to the block limit) as a block, and sends its check. */
	#take(): Block<In, Out> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#due = false;
		const limit = this.limits.flushRows * MAX_BLOCK_FACTOR;
		let take = 0;
		for (let rows = 0; take < this.#pending.length && (take === 0 || rows < limit); take += 1) {
			rows += this.#pending[take]!.rows.length;
		}
		const writes = this.#pending.splice(0, take);
		for (const write of writes) this.#pendingRows -= write.rows.length;
		// One check for the block: a key repeated across its writes is looked up once.
		const unique: In[] = [];
		const keys: string[] = [];
		const firstIndexByKey = new Map<string, number>();
		const slots = writes.map((write) =>
			slotsByKey(write.rows, this.spec.keyOf, unique, keys, firstIndexByKey)
		);
		const checked = (async () => {
			await this.spec.beforeFlush?.();
			return this.spec.prepare(unique);
		})();
		checked.catch(() => {}); // awaited in #insertBlock, which reports a failure
		let done!: () => void;
		this.#lastTaken = new Promise<void>((resolve) => (done = resolve));
		return { writes, done, unique, keys, slots, checked };
	}

	/**
	 * Inserts a checked block. While the engine inserts it, the next block is taken and its check sent, so
	 * the engine runs that check right after this insert (it runs one query at a time) without waiting for
	 * this thread in between. That check may not see this block's rows: `before` holds their keys.
	 */
	async #insertBlock(
		block: Block<In, Out>,
		before: Committed | undefined
	): Promise<{ next?: Block<In, Out>; committed?: Committed }> {
		let next: Block<In, Out> | undefined;
		let committed: Committed | undefined;
		try {
			let prepared = await block.checked;
			if (before) {
				prepared = prepared.map((item, index) =>
					item.kind === 'insert' && before.has(block.keys[index]!) ? { kind: 'duplicate' } : item
				);
			}
			const toInsert: Out[] = [];
			for (const item of prepared) if (item.kind === 'insert') toInsert.push(item.row);
			if (toInsert.length) {
				const inserted = this.client.insert({
					table: this.spec.table,
					values: tabSeparatedStream(tabSeparated(toInsert, this.spec.columns)),
					format: 'TabSeparated',
					columns: this.spec.columns as [string, ...string[]]
				});
				// A writer that waits for another (beforeFlush) checks only once that one has flushed.
				if (!this.spec.beforeFlush && this.#pendingRows >= this.limits.flushRows * PIPELINED_BLOCK_FACTOR) {
					next = this.#take();
				}
				// Only a block checked during this insert needs its keys, gathered while the engine works.
				const keys = next && new Set(block.keys.filter((_, index) => prepared[index]!.kind === 'insert'));
				await inserted;
				committed = keys;
				this.spec.onInserted?.(toInsert);
			}
			block.writes.forEach((write, index) =>
				write.resolve(block.slots[index]!.map((slot) => outcomeOf(prepared, slot)))
			);
		} catch (error) {
			for (const write of block.writes) write.reject(error);
		}
		block.done();
		// A failed insert stored nothing, so the next block's check stands as it is.
		return { next, committed };
	}
}
