/**
 * Plain (non-reactive) bookkeeping for the notification center: nothing here is rendered, so it needs no
 * Svelte reactivity, and both are bounded for pages that stay open for days.
 */

/** A set that forgets its oldest keys beyond `max`. */
export class RecentKeys {
	readonly #keys = new Set<string>();
	constructor(readonly max: number) {}

	has(key: string): boolean {
		return this.#keys.has(key);
	}

	add(key: string): void {
		this.#keys.delete(key);
		this.#keys.add(key);
		if (this.#keys.size > this.max) this.#keys.delete(this.#keys.values().next().value!);
	}
}

/** One pending timeout per key. */
export class KeyedTimers {
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

	get size(): number {
		return this.#timers.size;
	}

	set(key: string, ms: number, callback: () => void): void {
		this.clear(key);
		this.#timers.set(
			key,
			setTimeout(() => {
				this.#timers.delete(key);
				callback();
			}, ms)
		);
	}

	clear(key: string): void {
		const timer = this.#timers.get(key);
		if (timer !== undefined) clearTimeout(timer);
		this.#timers.delete(key);
	}

	keys(): string[] {
		return [...this.#timers.keys()];
	}

	clearAll(): void {
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
	}
}
