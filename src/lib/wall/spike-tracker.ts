import type { SnapshotAnnotation } from '../metrics';
import { activeSpikeMarks, type WallSpike } from './spike-data';

/** A spike nobody has mentioned for this long is dropped, so a lost "resolved" cannot hold the screen forever. */
export const SPIKE_FORGET_MS = 15 * 60_000;

/**
 * Spikes under way on a board's brands, from three sources that may each be missing: the socket's `spike`
 * events, the spike markers on snapshots, and the spike API's list. Bounded: entries leave when resolved,
 * when their brand leaves the board, or when unconfirmed for SPIKE_FORGET_MS.
 */
export class SpikeTracker {
	readonly #spikes = new Map<string, { spike: WallSpike; seenAt: number }>();
	#brands: Set<string>;

	constructor(brands: Iterable<string>) {
		this.#brands = new Set(brands);
	}

	get size(): number {
		return this.#spikes.size;
	}

	/** The board changed: forget spikes of brands no longer on it. */
	setBrands(brands: Iterable<string>): void {
		this.#brands = new Set(brands);
		for (const [id, entry] of this.#spikes) if (!this.#brands.has(entry.spike.brand)) this.#spikes.delete(id);
	}

	observe(spike: WallSpike, now: number): void {
		if (!this.#brands.has(spike.brand)) return;
		if (spike.phase === 'resolved') this.#spikes.delete(spike.id);
		else this.#spikes.set(spike.id, { spike, seenAt: now });
	}

	/** Markers on a brand's snapshot: confirm the spikes they show as under way, drop the resolved ones. */
	observeMarks(brand: string, marks: readonly SnapshotAnnotation[] | undefined, now: number): void {
		if (!this.#brands.has(brand) || !Array.isArray(marks)) return;
		for (const mark of marks) {
			if (mark?.kind === 'spike' && mark.phase === 'resolved') this.#spikes.delete(mark.id);
		}
		for (const mark of activeSpikeMarks(marks)) {
			const known = this.#spikes.get(mark.id);
			if (known) {
				known.seenAt = now;
				continue;
			}
			this.#spikes.set(mark.id, {
				seenAt: now,
				spike: {
					id: mark.id,
					brand,
					metric: 'volume',
					source: null,
					phase: mark.phase ?? 'forming',
					direction: 'up',
					started_at: mark.at,
					detected_at: mark.at,
					peak_at: mark.at,
					ended_at: null,
					severity: mark.severity ?? 0,
					peak_value: 0,
					peak_expected: 0
				}
			});
		}
	}

	/** The spike API's full list for a brand: it is the authority, so spikes it does not list are over. */
	replaceBrand(brand: string, spikes: readonly WallSpike[], now: number): void {
		if (!this.#brands.has(brand)) return;
		const active = new Set<string>();
		for (const spike of spikes) {
			if (spike.brand !== brand || spike.phase === 'resolved') continue;
			active.add(spike.id);
			this.#spikes.set(spike.id, { spike, seenAt: now });
		}
		for (const [id, entry] of this.#spikes) {
			if (entry.spike.brand === brand && !active.has(id)) this.#spikes.delete(id);
		}
	}

	forget(now: number): void {
		for (const [id, entry] of this.#spikes) if (now - entry.seenAt > SPIKE_FORGET_MS) this.#spikes.delete(id);
	}

	/** Most severe first; the first one takes over the screen. */
	list(): WallSpike[] {
		return [...this.#spikes.values()]
			.map((entry) => entry.spike)
			.sort((a, b) => b.severity - a.severity || a.started_at - b.started_at);
	}
}

/** The spike API's list for a brand over the last day, up to a minute ahead for clock skew. */
export function spikesUrl(brand: string, now: number): string {
	const from = new Date(now - 86_400_000).toISOString();
	const to = new Date(now + 60_000).toISOString();
	return `/api/v1/spikes?brand=${encodeURIComponent(brand)}&from=${from}&to=${to}`;
}

export function uniqueBrands(panels: readonly { brand: string }[]): string[] {
	return [...new Set(panels.map((panel) => panel.brand))];
}

export function panelViewKeys(panels: readonly { brand: string; window: string }[]): Set<string> {
	return new Set(panels.map((panel) => `${panel.brand}:${panel.window}`));
}
