import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	emptyKpis,
	emptyPoint,
	type MetricsDelta,
	type MetricsSnapshot,
	type MetricsWindow
} from '../metrics';
import type { SubscribeAck } from '../socket-events';
import { LiveMetrics, type LiveSocket } from './live-metrics.svelte';

type Listener = (...args: never[]) => void;
type AckCallback = (error: Error | null, ack: SubscribeAck) => void;

/** Just enough of a socket.io client socket to drive LiveMetrics from a test. */
class FakeSocket {
	connected = false;
	active = true;
	readonly listeners = new Map<string, Listener[]>();
	readonly subscribes: { view: { brand: string; window: MetricsWindow }; ack: AckCallback }[] = [];
	readonly unsubscribes: { brand: string; window: MetricsWindow }[] = [];
	disconnects = 0;

	on(event: string, listener: Listener) {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
		return this;
	}

	removeAllListeners() {
		this.listeners.clear();
		return this;
	}

	timeout() {
		return this;
	}

	emit(event: string, view: { brand: string; window: MetricsWindow }, ack?: AckCallback) {
		if (event === 'subscribe' && ack) this.subscribes.push({ view, ack });
		if (event === 'unsubscribe') this.unsubscribes.push(view);
		return this;
	}

	connect() {
		return this;
	}

	disconnect() {
		this.disconnects += 1;
		this.connected = false;
		return this;
	}

	fire(event: string, ...args: unknown[]) {
		for (const listener of this.listeners.get(event) ?? [])
			(listener as (...values: unknown[]) => void)(...args);
	}

	serverConnects() {
		this.connected = true;
		this.fire('connect');
	}

	serverDrops() {
		this.connected = false;
		this.fire('disconnect', 'transport close');
	}
}

function snapshot(brand: string, window: MetricsWindow, at: number): MetricsSnapshot {
	return {
		brand,
		window,
		at,
		from: at - 3_600_000,
		to: at,
		step_seconds: 60,
		kpis: { ...emptyKpis(), mentions: 1, mentions_prev: 1 },
		series: []
	};
}

describe('LiveMetrics', () => {
	let socket: FakeSocket;
	let live: LiveMetrics;
	let reloads: string[];

	beforeEach(() => {
		vi.useFakeTimers();
		socket = new FakeSocket();
		reloads = [];
		live = new LiveMetrics({
			version: 'build-1',
			connect: () => socket as unknown as LiveSocket,
			onVersionMismatch: (version) => reloads.push(version),
			throttleClock: {
				now: () => Date.now(),
				setTimeout: (callback, ms) => setTimeout(callback, ms),
				clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
				requestFrame: null,
				cancelFrame: () => {}
			}
		});
	});

	afterEach(() => {
		live.destroy();
		vi.useRealTimers();
	});

	it('applies deltas to the latest snapshot and subscribes again when one was missed', () => {
		live.show({ brand: 'northwind', window: '1h' }, null);
		socket.serverConnects();
		const at = Date.now();
		const base: MetricsSnapshot = {
			...snapshot('northwind', '1h', at),
			from: at - 2 * 60_000,
			to: at,
			series: [0, 1].map((i) => ({ ...emptyPoint(at - (2 - i) * 60_000), negative: i })),
			seq: 7
		};
		socket.subscribes[0]!.ack(null, { ok: true, snapshot: base });
		const changed = { ...base.series[1]!, negative: 5 };
		const delta: MetricsDelta = {
			kind: 'delta',
			brand: 'northwind',
			window: '1h',
			at: at + 1,
			from: base.from,
			to: base.to,
			step_seconds: 60,
			seq: 8,
			base_seq: 7,
			sent_at: at + 1,
			kpis: { ...base.kpis, mentions: 6 },
			series: [changed]
		};
		socket.fire('metrics', delta);
		vi.advanceTimersByTime(300);
		expect(live.snapshot!.kpis.mentions).toBe(6);
		expect(live.snapshot!.series.map((p) => p.negative)).toEqual([0, 5]);
		expect(live.snapshot!.seq).toBe(8);
		expect(socket.subscribes).toHaveLength(1);

		// Update 9 never arrived: 10 cannot be applied, so the whole view is asked for again, once.
		socket.fire('metrics', { ...delta, seq: 10, base_seq: 9, kpis: { ...delta.kpis, mentions: 9 } });
		socket.fire('metrics', { ...delta, seq: 11, base_seq: 10 });
		vi.advanceTimersByTime(300);
		expect(live.snapshot!.kpis.mentions).toBe(6);
		expect(socket.subscribes).toHaveLength(2);
	});

	it('starts from the server-rendered snapshot and subscribes once connected', () => {
		const initial = snapshot('northwind', '1h', Date.now());
		live.show({ brand: 'northwind', window: '1h' }, initial);
		expect(live.snapshot).toBe(initial);
		expect(live.state).toBe('live');
		expect(socket.subscribes).toHaveLength(0);

		socket.serverConnects();
		expect(socket.subscribes.map((entry) => entry.view)).toEqual([{ brand: 'northwind', window: '1h' }]);

		const fresh = snapshot('northwind', '1h', Date.now() + 1);
		socket.subscribes[0]?.ack(null, { ok: true, snapshot: fresh });
		vi.advanceTimersByTime(300);
		expect(live.snapshot).toBe(fresh);
	});

	it('batches a burst of updates into one', () => {
		live.show({ brand: 'northwind', window: '1h' }, null);
		socket.serverConnects();
		const burst = [1, 2, 3, 4, 5].map((offset) => snapshot('northwind', '1h', Date.now() + offset));
		for (const update of burst) socket.fire('metrics', update);
		vi.advanceTimersByTime(0);
		expect(live.snapshot).toBe(burst[4]);
	});

	it('goes reconnecting on a drop, stale after 10 s without data, live again on data', () => {
		live.show({ brand: 'northwind', window: '1h' }, snapshot('northwind', '1h', Date.now()));
		socket.serverConnects();
		socket.serverDrops();
		expect(live.state).toBe('reconnecting');

		vi.advanceTimersByTime(9_000);
		expect(live.state).toBe('reconnecting');
		vi.advanceTimersByTime(1_500);
		expect(live.state).toBe('stale');
		expect(live.staleSince).toBe(live.lastUpdateAt);

		socket.serverConnects();
		expect(socket.subscribes).toHaveLength(2);
		socket.subscribes[1]?.ack(null, { ok: true, snapshot: snapshot('northwind', '1h', Date.now()) });
		expect(live.state).toBe('live');
	});

	it('goes stale when a connected server stops sending', () => {
		live.show({ brand: 'northwind', window: '1h' }, null);
		socket.serverConnects();
		socket.fire('metrics', snapshot('northwind', '1h', Date.now()));
		vi.advanceTimersByTime(5_000);
		socket.fire('metrics', snapshot('northwind', '1h', Date.now()));
		vi.advanceTimersByTime(9_000);
		expect(live.state).toBe('live');
		vi.advanceTimersByTime(2_000);
		expect(live.state).toBe('stale');
	});

	it('switches views: unsubscribes the old one and ignores its late messages', () => {
		live.show({ brand: 'northwind', window: '1h' }, null);
		socket.serverConnects();
		live.show({ brand: 'northwind', window: '6h' }, null);
		expect(socket.unsubscribes).toEqual([{ brand: 'northwind', window: '1h' }]);
		expect(socket.subscribes.at(-1)?.view).toEqual({ brand: 'northwind', window: '6h' });

		socket.subscribes[0]?.ack(null, { ok: true, snapshot: snapshot('northwind', '1h', Date.now()) });
		socket.fire('metrics', snapshot('northwind', '1h', Date.now()));
		vi.advanceTimersByTime(1_000);
		expect(live.snapshot).toBeNull();
	});

	it('never steps back to an older snapshot', () => {
		live.show({ brand: 'northwind', window: '1h' }, null);
		socket.serverConnects();
		const computedAt = Date.now();
		const newer = snapshot('northwind', '1h', computedAt + 1_000);
		socket.fire('metrics', newer);
		vi.advanceTimersByTime(300);
		socket.subscribes[0]?.ack(null, { ok: true, snapshot: snapshot('northwind', '1h', computedAt) });
		vi.advanceTimersByTime(300);
		expect(live.snapshot).toBe(newer);
	});

	it('reports a refused subscription and asks again after a lost acknowledgement', () => {
		live.show({ brand: 'secret', window: '1h' }, null);
		socket.serverConnects();
		socket.subscribes[0]?.ack(null, { ok: false, error: 'brand: not allowed for this key' });
		expect(live.error).toBe('brand: not allowed for this key');

		live.show({ brand: 'northwind', window: '1h' }, null);
		expect(live.error).toBeNull();
		socket.subscribes.at(-1)?.ack(new Error('operation has timed out'), { ok: false, error: '' });
		expect(socket.subscribes.at(-1)?.view).toEqual({ brand: 'northwind', window: '1h' });
		expect(socket.subscribes).toHaveLength(3);
	});

	it('reloads when the server runs another build', () => {
		live.show({ brand: 'northwind', window: '1h' }, null);
		socket.fire('hello', { version: 'build-1' });
		expect(reloads).toEqual([]);
		socket.fire('hello', { version: 'build-2' });
		expect(reloads).toEqual(['build-2']);
	});

	it('leaves no timers or connection behind', () => {
		live.show({ brand: 'northwind', window: '1h' }, null);
		socket.serverConnects();
		socket.fire('metrics', snapshot('northwind', '1h', Date.now()));
		live.destroy();
		expect(socket.disconnects).toBe(1);
		expect(socket.listeners.size).toBe(0);
		expect(vi.getTimerCount()).toBe(0);
	});
});
