import type { MetricsSnapshot, SpikeInfo } from '../../metrics';
import { activeSpikeMarks, metricLabel, parseSpike } from '../../wall/spike-data';
import { KeyedTimers, RecentKeys } from './keyed';

export interface SpikeNotice {
	/** Spike id and phase: a spike that forms and then peaks notifies twice. */
	key: string;
	spikeId: string;
	brand: string;
	phase: 'forming' | 'peak';
	title: string;
	severity: number;
	at: number;
	read: boolean;
}

/** The bell keeps the latest few; older ones are history, on the spikes page. */
export const MAX_NOTICES = 20;
/** Remembered spike phases, so the same news is not announced twice; bounded for pages open for days. */
const MAX_SEEN = 500;
/** How long a toast stays up. */
export const TOAST_MS = 8_000;

/**
 * In-app spike notifications: fed by the socket's `spike` event (`fromEvent`) and, where that is not wired,
 * by the spike markers on live snapshots (`fromSnapshot`). Holds a bounded list and at most one toast per
 * notice, so a dashboard open for weeks stays the same size.
 */
export class SpikeNotificationCenter {
	notices = $state.raw<SpikeNotice[]>([]);
	/** Notices currently shown as toasts (a subset of `notices`). */
	toasts = $state.raw<SpikeNotice[]>([]);
	readonly unread = $derived(this.notices.filter((notice) => !notice.read).length);

	readonly #seen = new RecentKeys(MAX_SEEN);
	readonly #timers = new KeyedTimers();
	readonly #now: () => number;

	constructor(options: { now?: () => number } = {}) {
		this.#now = options.now ?? Date.now;
	}

	/** The socket's `spike` event: `{ brand, spike }`. Read defensively; a malformed one is ignored. */
	fromEvent(event: { brand: string; spike: SpikeInfo } | unknown): void {
		const spike = parseSpike((event as { spike?: unknown } | null)?.spike);
		if (!spike || spike.phase === 'resolved') return;
		this.#notify({
			spikeId: spike.id,
			brand: spike.brand,
			phase: spike.phase,
			severity: spike.severity,
			title: `${metricLabel(spike.metric)} ${spike.direction === 'down' ? 'dropped' : 'spiked'}`
		});
	}

	/**
	 * Spike markers on a live snapshot. The first snapshot of a view only primes what is already known, so
	 * opening a dashboard during a spike does not toast old news.
	 */
	fromSnapshot(snapshot: MetricsSnapshot | null): void {
		if (!snapshot) return;
		const primeKey = `prime:${snapshot.brand}`;
		const priming = !this.#seen.has(primeKey);
		this.#seen.add(primeKey);
		for (const mark of activeSpikeMarks(snapshot.annotations)) {
			const phase = mark.phase === 'peak' ? 'peak' : 'forming';
			if (priming) {
				this.#seen.add(`${mark.id}:${phase}`);
				continue;
			}
			this.#notify({
				spikeId: mark.id,
				brand: snapshot.brand,
				phase,
				severity: mark.severity ?? 0,
				title: mark.label || 'Spike'
			});
		}
	}

	dismiss(key: string): void {
		this.#timers.clear(key);
		this.toasts = this.toasts.filter((toast) => toast.key !== key);
	}

	markAllRead(): void {
		if (this.unread === 0) return;
		this.notices = this.notices.map((notice) => (notice.read ? notice : { ...notice, read: true }));
	}

	destroy(): void {
		this.#timers.clearAll();
		this.toasts = [];
	}

	#notify(input: Omit<SpikeNotice, 'key' | 'at' | 'read'>): void {
		const key = `${input.spikeId}:${input.phase}`;
		if (this.#seen.has(key)) return;
		this.#seen.add(key);
		const notice: SpikeNotice = { ...input, key, at: this.#now(), read: false };
		this.notices = [notice, ...this.notices].slice(0, MAX_NOTICES);
		this.toasts = [notice, ...this.toasts].slice(0, 3);
		this.#timers.set(key, TOAST_MS, () => this.dismiss(key));
		// Toasts pushed out of the stack by newer ones must not keep their timers.
		for (const timerKey of this.#timers.keys()) {
			if (!this.toasts.some((toast) => toast.key === timerKey)) this.dismiss(timerKey);
		}
	}
}
