import type { MentionInput, ResponseInput } from '../ingest/schema';
import { MinHeap } from './heap';
import {
	SLOT_MS,
	StreamModel,
	type BrandState,
	type LabelledSpike,
	type SimMention,
	type SimulatorOptions,
	type SpikePlan
} from './model';
import { stream } from './rng';

export interface SimulatorSink {
	mentions(batch: MentionInput[]): Promise<unknown>;
	responses(batch: ResponseInput[]): Promise<unknown>;
}

export interface LiveSimulatorOptions extends SimulatorOptions {
	sink: SimulatorSink;
	/** Clock, for tests. Default Date.now. */
	now?: () => number;
	/** After a stall longer than this (suspended laptop, debugger) the stream skips ahead instead of replaying it. */
	maxCatchUpMs?: number;
	/**
	 * Start of a `simulateRange` backfill that ended at start() with the same seed and brands: the replies it
	 * left for later (those due after its end) are then sent when due, so the reply rate does not dip after
	 * a restart. At most the last 24 h are regenerated for this.
	 */
	backfillFromMs?: number;
}

const MINUTE = 60_000;
const S_LIVE = 21;

/**
 * Feeds the sink in real time: each tick sends the mentions whose created_at has passed and the replies
 * whose responded_at has come. Memory stays flat: one minute of mentions ahead, replies in a heap.
 */
export class LiveSimulator {
	readonly #model: StreamModel;
	readonly #sink: SimulatorSink;
	readonly #now: () => number;
	readonly #tickMs: number;
	readonly #viralDelayMs: number;
	readonly #viralEveryMs: number;
	readonly #maxCatchUpMs: number;
	readonly #backfillFromMs: number | undefined;
	readonly #spikes: LabelledSpike[] = [];
	readonly #replies = new MinHeap<ResponseInput>();
	#active: SpikePlan[] = [];
	#pending: SimMention[] = [];
	#nextSlot = 0;
	#cursor = 0;
	#startedAt = 0;
	#nextSpikeAt = Infinity;
	#spikeCount = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | undefined;
	#stopped = true;
	#failing = false;

	constructor(options: LiveSimulatorOptions) {
		this.#model = new StreamModel(options);
		this.#sink = options.sink;
		this.#now = options.now ?? Date.now;
		this.#tickMs = options.tickMs ?? 500;
		this.#viralDelayMs = options.viralDelayMs ?? 60_000;
		this.#viralEveryMs = options.viralEveryMs ?? 16 * 3_600_000;
		this.#maxCatchUpMs = options.maxCatchUpMs ?? 10 * MINUTE;
		this.#backfillFromMs = options.backfillFromMs;
	}

	/** Viral complaints planned so far (each reported once it is laid out, at the latest when it starts). */
	get spikes(): LabelledSpike[] {
		return this.#spikes;
	}

	/** Replies scheduled but not yet sent. */
	get pendingResponses(): number {
		return this.#replies.size;
	}

	start(): void {
		if (!this.#stopped) return;
		this.#stopped = false;
		const now = this.#now();
		this.#startedAt = now;
		this.#cursor = now;
		this.#pending = [];
		this.#active = [];
		this.#nextSlot = Math.floor(now / SLOT_MS);
		this.#nextSpikeAt = Number.isFinite(this.#viralDelayMs)
			? now + Math.max(0, this.#viralDelayMs)
			: Infinity;
		if (this.#backfillFromMs !== undefined) this.#carryOverReplies(this.#backfillFromMs, now);
		this.#schedule();
	}

	#carryOverReplies(fromMs: number, now: number): void {
		const from = Math.max(fromMs, now - 24 * 3_600_000);
		for (let slot = Math.floor(from / SLOT_MS); slot * SLOT_MS < now; slot++) {
			for (const brand of this.#model.brands) {
				for (const m of this.#model.generateSlot(brand, slot, [])) {
					if (m.t >= from && m.t < now && m.reply && m.reply.t >= now)
						this.#replies.push(m.reply.t, m.reply.input);
				}
			}
		}
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
		await this.#running;
	}

	#schedule(): void {
		if (this.#stopped) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#running = this.#tick()
				.catch((error: unknown) => console.error('simulator: tick failed', error))
				.finally(() => {
					this.#running = undefined;
					this.#schedule();
				});
		}, this.#tickMs);
	}

	async #tick(): Promise<void> {
		const now = this.#now();
		if (now <= this.#cursor) return;
		if (now - this.#cursor > this.#maxCatchUpMs) this.#skipTo(now - this.#maxCatchUpMs);
		this.#generateUntil(now);

		let cut = 0;
		while (cut < this.#pending.length && this.#pending[cut]!.t < now) cut++;
		const due = this.#pending.slice(0, cut);
		this.#pending = this.#pending.slice(cut);
		this.#cursor = now;

		const mentions: MentionInput[] = [];
		for (const m of due) {
			mentions.push(m.input);
			if (m.reply) this.#replies.push(m.reply.t, m.reply.input);
		}
		const responses = this.#replies.popUntil(now - 1);
		if (mentions.length > 0) await this.#deliver(() => this.#sink.mentions(mentions));
		if (responses.length > 0) await this.#deliver(() => this.#sink.responses(responses));
	}

	async #deliver(send: () => Promise<unknown>): Promise<void> {
		try {
			await send();
			if (this.#failing) console.warn('simulator: sink recovered');
			this.#failing = false;
		} catch (error) {
			// One line per outage: a database that is down for a minute must not flood the log twice a second.
			if (!this.#failing) console.error('simulator: sink failed, dropping batches until it recovers', error);
			this.#failing = true;
		}
	}

	#skipTo(t: number): void {
		this.#cursor = t;
		this.#pending = this.#pending.filter((m) => m.t >= t);
		this.#nextSlot = Math.max(this.#nextSlot, Math.floor(t / SLOT_MS));
		// A viral complaint that would have started during the gap is dropped rather than reported unseen.
		while (this.#nextSpikeAt < t) this.#nextSpikeAt = this.#followingSpike(this.#nextSpikeAt);
	}

	/** Generates whole minutes up to the one containing `now`, so mentions sit ready ahead of the clock. */
	#generateUntil(now: number): void {
		const lastSlot = Math.floor(now / SLOT_MS);
		while (this.#nextSlot <= lastSlot) {
			const slot = this.#nextSlot++;
			const slotEnd = (slot + 1) * SLOT_MS;
			while (this.#nextSpikeAt < slotEnd) this.#planSpike();
			this.#active = this.#active.filter((s) => s.end > slot * SLOT_MS);
			const batch: SimMention[] = [];
			for (const brand of this.#model.brands) {
				for (const m of this.#model.generateSlot(brand, slot, this.#active)) {
					if (m.t >= this.#cursor && m.t >= this.#startedAt) batch.push(m);
				}
			}
			batch.sort((a, b) => a.t - b.t);
			for (const m of batch) this.#pending.push(m);
		}
	}

	#planSpike(): void {
		const start = this.#nextSpikeAt;
		const first = this.#spikeCount === 0;
		const rng = stream(this.#model.seed, S_LIVE, this.#spikeCount, Math.floor(start / SLOT_MS));
		this.#spikeCount++;
		// The first one is short and lands on the brand busiest right now, so a newcomer watches it build.
		const brand = first
			? this.#busiestBrand(start)
			: this.#model.brands[Math.floor(rng() * this.#model.brands.length)]!;
		const rise = first ? 4 * MINUTE : (20 + rng() * 40) * MINUTE;
		const decay = first ? 4 * MINUTE : (20 + rng() * 40) * MINUTE;
		const plan = this.#model.planSpike(brand, start, rise, decay, first ? 8 : 6 + rng() * 4);
		this.#active.push(plan);
		this.#spikes.push(plan.label);
		this.#nextSpikeAt = this.#followingSpike(plan.end, rng);
	}

	#followingSpike(
		after: number,
		rng = stream(this.#model.seed, S_LIVE, Math.floor(after / SLOT_MS))
	): number {
		if (!Number.isFinite(this.#viralEveryMs) || this.#viralEveryMs <= 0) return Infinity;
		// Exponential gaps: viral stories do not keep a schedule.
		return after + Math.round(-Math.log(1 - rng()) * this.#viralEveryMs);
	}

	#busiestBrand(t: number): BrandState {
		let best = this.#model.brands[0]!;
		for (const brand of this.#model.brands) {
			if (this.#model.rate(brand, t) > this.#model.rate(best, t)) best = brand;
		}
		return best;
	}
}
