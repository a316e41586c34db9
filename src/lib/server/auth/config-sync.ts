import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { log } from '../log';

export const CONFIG_CHANGES_TABLE = 'config_changes';

/** How often each node asks whether the configuration moved: one tiny query a second per node. */
export const CONFIG_POLL_MS = 1000;

/**
 * Keeps the caches of users, sessions, keys, boards and brands coherent across web nodes. A change is a row
 * in `config_changes`; every node polls `max(at)` and, when it moved, tells its caches to forget. A node's own
 * writes clear its caches at once, the other nodes' within one poll. The caches still expire on their own
 * (10 s) in case polling fails, so a lost poll delays a change but never keeps it out.
 */
export class ConfigSync {
	readonly node = randomBytes(6).toString('hex');
	readonly #listeners = new Set<() => void>();
	#seen = -1;
	#timer: ReturnType<typeof setInterval> | null = null;
	#polling: Promise<void> | null = null;

	constructor(
		private readonly client: ClickHouseClient,
		private readonly pollMs = CONFIG_POLL_MS
	) {}

	/** `listener` runs whenever any node changed the configuration (including this one). */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Records a change for the other nodes and clears this node's caches now. */
	async changed(what: string): Promise<void> {
		this.#notify();
		try {
			await this.client.insert({
				table: CONFIG_CHANGES_TABLE,
				values: [{ at: new Date().toISOString(), node: this.node, what }],
				format: 'JSONEachRow'
			});
		} catch (error) {
			// The change itself is stored; other nodes will see it when their caches expire.
			log.error({ err: error, what }, 'config change not announced');
		}
	}

	/** Checks once for changes by any node; resolves after listeners ran. */
	poll(): Promise<void> {
		this.#polling ??= this.#poll().finally(() => (this.#polling = null));
		return this.#polling;
	}

	start(): void {
		if (this.#timer) return;
		void this.poll();
		this.#timer = setInterval(() => void this.poll(), this.pollMs);
		this.#timer.unref?.();
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		await this.#polling;
	}

	async #poll(): Promise<void> {
		try {
			const result = await this.client.query({
				query: `SELECT toUnixTimestamp64Milli(max(at)) AS at, count() AS n FROM ${CONFIG_CHANGES_TABLE}`,
				format: 'JSONEachRow'
			});
			const [row] = await result.json<{ at: string | number; n: string | number }>();
			// at and count together: two changes in the same millisecond still move the count.
			const version = Number(row?.at ?? 0) * 1000 + (Number(row?.n ?? 0) % 1000);
			if (this.#seen !== -1 && version !== this.#seen) this.#notify();
			this.#seen = version;
		} catch (error) {
			log.warn({ err: error }, 'config poll failed');
		}
	}

	#notify(): void {
		for (const listener of this.#listeners) {
			try {
				listener();
			} catch (error) {
				log.error({ err: error }, 'config listener failed');
			}
		}
	}
}
