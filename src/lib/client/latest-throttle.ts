/** Timer functions, injectable so tests can drive them with fake timers. */
export interface ThrottleClock {
	now: () => number;
	setTimeout: (callback: () => void, ms: number) => unknown;
	clearTimeout: (handle: unknown) => void;
	/** Runs the callback just before the next paint; null applies it straight away. */
	requestFrame: ((callback: () => void) => unknown) | null;
	cancelFrame: (handle: unknown) => void;
}

function defaultClock(): ThrottleClock {
	const hasFrames = typeof requestAnimationFrame === 'function';
	return {
		now: () => performance.now(),
		setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
		clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
		requestFrame: hasFrames ? (callback) => requestAnimationFrame(callback) : null,
		cancelFrame: (handle) => {
			if (hasFrames) cancelAnimationFrame(handle as number);
		}
	};
}

/**
 * Applies only the latest of a burst of values, at most once per interval and in step with paint, so ten
 * snapshots arriving together cost one render. Holds one value, never a queue: pages run for days.
 */
export class LatestThrottle<T> {
	readonly #apply: (value: T) => void;
	readonly #intervalMs: number;
	readonly #clock: ThrottleClock;
	#pending: { value: T } | null = null;
	#timer: unknown = null;
	#frame: unknown = null;
	#lastAppliedAt = Number.NEGATIVE_INFINITY;

	constructor(apply: (value: T) => void, intervalMs: number, clock: ThrottleClock = defaultClock()) {
		this.#apply = apply;
		this.#intervalMs = intervalMs;
		this.#clock = clock;
	}

	push(value: T): void {
		this.#pending = { value };
		if (this.#timer !== null || this.#frame !== null) return;
		const wait = Math.max(0, this.#lastAppliedAt + this.#intervalMs - this.#clock.now());
		this.#timer = this.#clock.setTimeout(() => {
			this.#timer = null;
			const { requestFrame } = this.#clock;
			if (requestFrame === null) {
				this.#flush();
				return;
			}
			this.#frame = requestFrame(() => {
				this.#frame = null;
				this.#flush();
			});
		}, wait);
	}

	/** Drops a pending value, e.g. one for a view the reader has just left. */
	cancel(): void {
		if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
		if (this.#frame !== null) this.#clock.cancelFrame(this.#frame);
		this.#timer = null;
		this.#frame = null;
		this.#pending = null;
	}

	#flush(): void {
		const pending = this.#pending;
		this.#pending = null;
		this.#lastAppliedAt = this.#clock.now();
		if (pending) this.#apply(pending.value);
	}
}
