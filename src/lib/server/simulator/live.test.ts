import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	mentionInputSchema,
	responseInputSchema,
	type MentionInput,
	type ResponseInput
} from '../ingest/schema';
import { MinHeap } from './heap';
import { LiveSimulator, simulateRange, type SimulatorSink } from './index';

const MINUTE = 60_000;
// Tuesday 10:00 in Berlin, 04:00 in New York.
const START = Date.UTC(2026, 10, 24, 9);

class CollectingSink implements SimulatorSink {
	mentions_: MentionInput[] = [];
	responses_: ResponseInput[] = [];
	calls = 0;
	inFlight = 0;
	maxInFlight = 0;

	async mentions(batch: MentionInput[]): Promise<void> {
		await this.#enter();
		this.mentions_.push(...batch);
	}

	async responses(batch: ResponseInput[]): Promise<void> {
		await this.#enter();
		this.responses_.push(...batch);
	}

	async #enter(): Promise<void> {
		this.calls++;
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		await Promise.resolve();
		this.inFlight--;
	}
}

afterEach(() => {
	vi.useRealTimers();
	vi.restoreAllMocks();
});

describe('LiveSimulator', () => {
	it('emits mentions as their time comes, replies later, a viral complaint after the delay, and stops cleanly', async () => {
		vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const sink = new CollectingSink();
		const sim = new LiveSimulator({
			seed: 9,
			sink,
			tickMs: 500,
			viralDelayMs: 60_000,
			now: () => Date.now()
		});
		sim.start();
		await vi.advanceTimersByTimeAsync(90 * MINUTE);

		expect(sink.mentions_.length).toBeGreaterThan(500);
		expect(sink.responses_.length).toBeGreaterThan(20);
		expect(sink.maxInFlight).toBe(1);
		for (const m of sink.mentions_) {
			expect(mentionInputSchema.safeParse(m).success).toBe(true);
			expect(Date.parse(m.created_at)).toBeGreaterThanOrEqual(START);
			expect(Date.parse(m.created_at)).toBeLessThan(START + 90 * MINUTE);
		}
		const seen = new Map(sink.mentions_.map((m) => [`${m.brand}|${m.id}`, m]));
		expect(seen.size).toBe(sink.mentions_.length);
		for (const r of sink.responses_) {
			expect(responseInputSchema.safeParse(r).success).toBe(true);
			const mention = seen.get(`${r.brand}|${r.mention_id}`);
			expect(mention).toBeDefined();
			expect(Date.parse(r.responded_at)).toBeGreaterThan(Date.parse(mention!.created_at));
		}

		const [spike] = sim.spikes;
		expect(spike).toBeDefined();
		expect(spike!.start).toBe(START + 60_000);
		const during = sink.mentions_.filter(
			(m) =>
				m.brand === spike!.brand &&
				Date.parse(m.created_at) >= spike!.start &&
				Date.parse(m.created_at) < spike!.end
		);
		const after = sink.mentions_.filter(
			(m) =>
				m.brand === spike!.brand &&
				Date.parse(m.created_at) >= spike!.end &&
				Date.parse(m.created_at) < spike!.end + (spike!.end - spike!.start)
		);
		expect(during.length).toBeGreaterThan(2 * after.length);

		await sim.stop();
		expect(vi.getTimerCount()).toBe(0);
		const calls = sink.calls;
		await vi.advanceTimersByTimeAsync(10 * MINUTE);
		expect(sink.calls).toBe(calls);
	});

	it('matches the backfill for the same seed and minutes', async () => {
		vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const sink = new CollectingSink();
		const sim = new LiveSimulator({ seed: 4, sink, tickMs: 700, viralDelayMs: Infinity });
		sim.start();
		await vi.advanceTimersByTimeAsync(10 * MINUTE);
		await sim.stop();
		const emitted = sink.mentions_.filter((m) => Date.parse(m.created_at) < START + 9 * MINUTE);
		const backfill = simulateRange(START, START + 9 * MINUTE, { seed: 4 });
		expect(emitted).toEqual(backfill.mentions);
	});

	it('sends the replies a backfill left for later', async () => {
		vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const from = START - 3 * 3_600_000;
		const opts = { seed: 6, viralEveryMs: Infinity };
		const backfill = simulateRange(from, START, opts);
		const sink = new CollectingSink();
		const sim = new LiveSimulator({ ...opts, sink, viralDelayMs: Infinity, backfillFromMs: from });
		sim.start();
		expect(sim.pendingResponses).toBeGreaterThan(10);
		await vi.advanceTimersByTimeAsync(30 * MINUTE);
		await sim.stop();
		const backfilled = new Set(backfill.mentions.map((m) => `${m.brand}|${m.id}`));
		const carried = sink.responses_.filter((r) => backfilled.has(`${r.brand}|${r.mention_id}`));
		expect(carried.length).toBeGreaterThan(10);
		const sent = new Set(backfill.responses.map((r) => `${r.brand}|${r.mention_id}`));
		expect(carried.some((r) => sent.has(`${r.brand}|${r.mention_id}`))).toBe(false);
	});

	it('logs a failing sink once per outage and carries on', async () => {
		vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		let failing = true;
		const sink: SimulatorSink = {
			mentions: async () => {
				if (failing) throw new Error('database down');
			},
			responses: async () => {}
		};
		const sim = new LiveSimulator({ seed: 1, sink, rateScale: 20 });
		sim.start();
		await vi.advanceTimersByTimeAsync(30_000);
		expect(error).toHaveBeenCalledTimes(1);
		failing = false;
		await vi.advanceTimersByTimeAsync(30_000);
		await sim.stop();
		expect(error.mock.calls.length).toBeLessThanOrEqual(2);
	});

	it('skips ahead after a long stall instead of replaying it', async () => {
		let now = START;
		vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout'] });
		const sink = new CollectingSink();
		const sim = new LiveSimulator({ seed: 2, sink, tickMs: 100, now: () => now, maxCatchUpMs: 2 * MINUTE });
		sim.start();
		now += 24 * 60 * MINUTE;
		await vi.advanceTimersByTimeAsync(100);
		await sim.stop();
		const earliest = Math.min(...sink.mentions_.map((m) => Date.parse(m.created_at)));
		expect(earliest).toBeGreaterThanOrEqual(now - 2 * MINUTE);
	});
});

describe('MinHeap', () => {
	it('pops in key order', () => {
		const heap = new MinHeap<number>();
		const keys = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
		for (const k of keys) heap.push(k, k);
		expect(heap.popUntil(499)).toEqual([...keys].filter((k) => k <= 499).sort((a, b) => a - b));
		expect(heap.size).toBe(keys.filter((k) => k > 499).length);
		expect(heap.peekKey()).toBe(Math.min(...keys.filter((k) => k > 499)));
	});
});
