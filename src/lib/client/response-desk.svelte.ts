import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { QueueResponse } from './api';

export type QueueRow = QueueResponse['rows'][number];

/** The target every unanswered mention counts down to. */
export const ANSWER_TARGET_S = 3600;
/** Under this much time left a row turns amber: still in time, but someone should pick it up now. */
export const DUE_SOON_S = 15 * 60;

export type Urgency = 'overdue' | 'soon' | 'ok';

/**
 * The response desk's queue: the server's rows, minus those answered here, with time left counting down
 * against the server's clock (corrected for this machine's skew, so a slow laptop clock does not show a
 * mention as overdue early).
 */
export class ResponseDesk {
	readonly #queue: () => QueueResponse;
	readonly #post: (row: QueueRow) => Promise<void>;
	/** Rows answered from this page, until a fresh queue from `load` no longer lists them. */
	readonly #answered = new SvelteSet<string>();
	readonly #pending = new SvelteSet<string>();
	readonly #errors = new SvelteMap<string, string>();
	now = $state(Date.now());
	/**
	 * False in the server-rendered page until `start` runs in the browser: a "Mark answered" pressed before
	 * hydration would do nothing, so the page keeps the buttons disabled until it can act on them.
	 */
	ready = $state(false);
	/** Server minus client clock, measured when the queue arrived. */
	#skewMs = 0;

	constructor(queue: () => QueueResponse, post: (row: QueueRow) => Promise<void>) {
		this.#queue = queue;
		this.#post = post;
	}

	/** Call with the queue's `as_of` when it arrives; the difference is the clock skew. */
	calibrate(asOf: string, receivedAt = Date.now()): void {
		const server = Date.parse(asOf);
		if (Number.isFinite(server)) this.#skewMs = server - receivedAt;
	}

	readonly rows: QueueRow[] = $derived.by(() =>
		this.#queue().rows.filter((row) => !this.#answered.has(keyOf(row)))
	);

	readonly unanswered = $derived.by(() => Math.max(0, this.#queue().unanswered - this.#answeredCount()));

	readonly overdue = $derived.by(() => this.rows.filter((row) => this.secondsLeft(row) < 0).length);

	/** Answered here and still in the loaded queue: the server's count does not know about them yet. */
	#answeredCount(): number {
		return this.#queue().rows.filter((row) => this.#answered.has(keyOf(row))).length;
	}

	secondsLeft(row: QueueRow): number {
		return Math.round((Date.parse(row.due_at) - (this.now + this.#skewMs)) / 1000);
	}

	urgency(row: QueueRow): Urgency {
		const left = this.secondsLeft(row);
		if (left < 0) return 'overdue';
		return left <= DUE_SOON_S ? 'soon' : 'ok';
	}

	isPending(row: QueueRow): boolean {
		return this.#pending.has(keyOf(row));
	}

	errorOf(row: QueueRow): string | null {
		return this.#errors.get(keyOf(row)) ?? null;
	}

	/** Records the reply; the row leaves the queue once the server has it, and stays with an error if not. */
	async answer(row: QueueRow): Promise<void> {
		const key = keyOf(row);
		if (this.#pending.has(key)) return;
		this.#pending.add(key);
		this.#errors.delete(key);
		try {
			await this.#post(row);
			this.#answered.add(key);
		} catch (error) {
			this.#errors.set(key, error instanceof Error ? error.message : String(error));
		} finally {
			this.#pending.delete(key);
		}
	}

	/** Makes the desk ready and ticks the countdowns once a second; returns the stop function for an effect's teardown. */
	start(): () => void {
		this.ready = true;
		const timer = setInterval(() => (this.now = Date.now()), 1000);
		return () => {
			clearInterval(timer);
			this.ready = false;
		};
	}
}

function keyOf(row: QueueRow): string {
	return `${row.source}:${row.id}`;
}

/** "12:04" left, "−3:10" overdue, "1:02:40" for long spans: a countdown, read like a clock. */
export function formatCountdown(seconds: number): string {
	const sign = seconds < 0 ? '\u2212' : '';
	const abs = Math.abs(seconds);
	const h = Math.floor(abs / 3600);
	const m = Math.floor((abs % 3600) / 60);
	const s = abs % 60;
	const pad = (value: number) => String(value).padStart(2, '0');
	return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}
