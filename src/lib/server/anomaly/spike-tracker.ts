import type { Direction } from './detector';

/**
 * Spike lifecycle for one series, fed with the detector's output for every point:
 *
 *   idle --anomaly in the tracked direction--> forming --clearly past the top--> peak --calm--> resolved (idle)
 *
 * A spike in `peak` that climbs above its recorded top goes back to `forming` (same id): the chart's peak
 * marker moves and the alert can be escalated. A spike that calms down while still `forming` passes through
 * `peak` first, so consumers always see forming -> peak -> resolved.
 */

export type SpikePhase = 'forming' | 'peak' | 'resolved';

export interface Spike {
	id: number;
	phase: SpikePhase;
	direction: 'up' | 'down';
	/** First point of the excursion that led to the alert (it may precede the alert itself). */
	startedAt: number;
	detectedAt: number;
	peakAt: number;
	/** Robust sigmas beyond expected at the peak, positive in the spike's direction. */
	severity: number;
	peakValue: number;
	peakExpected: number;
	/** First calm point after the spike; null until resolved. */
	endedAt: number | null;
}

export interface SpikeTransition {
	phase: SpikePhase;
	/** Snapshot; safe to keep. */
	spike: Spike;
}

export interface SpikeTrackerOptions {
	direction: Direction;
	/** A point within this many sigmas of expected (in the spike's direction) counts as calm. */
	calmSigmas: number;
	/** Consecutive calm points that resolve a spike. */
	calmPoints: number;
	/** The top is confirmed once the deviation has fallen this fraction below it. */
	peakDrop: number;
}

export const DEFAULT_TRACKER_OPTIONS: SpikeTrackerOptions = {
	direction: 'up',
	calmSigmas: 2,
	calmPoints: 3,
	peakDrop: 0.25
};

/** What the tracker needs from a detector output. */
export interface TrackedPoint {
	expected: number;
	/** Signed residual in robust sigmas. */
	sigmas: number;
	anomaly: boolean;
}

interface TrackerVariables {
	active: Spike | null;
	excursionStart: number | null;
	excursionSign: number;
	calmRun: number;
	calmSince: number | null;
	nextId: number;
	lastTimestamp: number | null;
}

export interface SpikeTrackerState extends TrackerVariables {
	version: 1;
	options: SpikeTrackerOptions;
	/** The variables before the last update, so that a revised last point can be replayed. */
	previous: TrackerVariables | null;
}

const NO_TRANSITIONS: readonly SpikeTransition[] = Object.freeze([]);

function copyVariables(from: TrackerVariables, to: TrackerVariables) {
	to.active = from.active ? Object.assign(to.active ?? ({} as Spike), from.active) : null;
	to.excursionStart = from.excursionStart;
	to.excursionSign = from.excursionSign;
	to.calmRun = from.calmRun;
	to.calmSince = from.calmSince;
	to.nextId = from.nextId;
	to.lastTimestamp = from.lastTimestamp;
}

const freshVariables = (): TrackerVariables => ({
	active: null,
	excursionStart: null,
	excursionSign: 0,
	calmRun: 0,
	calmSince: null,
	nextId: 1,
	lastTimestamp: null
});

export class SpikeTracker {
	readonly options: SpikeTrackerOptions;
	private v: TrackerVariables = freshVariables();
	private previous: TrackerVariables = freshVariables();
	private canReplay = false;

	constructor(options: Partial<SpikeTrackerOptions> = {}) {
		this.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
	}

	static fromJSON(state: SpikeTrackerState): SpikeTracker {
		if (state.version !== 1) throw new Error(`unknown spike tracker state version ${String(state.version)}`);
		const tracker = new SpikeTracker(state.options);
		copyVariables(state, tracker.v);
		if (state.previous) {
			copyVariables(state.previous, tracker.previous);
			tracker.canReplay = true;
		}
		return tracker;
	}

	toJSON(): SpikeTrackerState {
		const variables = freshVariables();
		copyVariables(this.v, variables);
		let previous: TrackerVariables | null = null;
		if (this.canReplay) {
			previous = freshVariables();
			copyVariables(this.previous, previous);
		}
		return { version: 1, options: { ...this.options }, ...variables, previous };
	}

	/** The spike in progress, if any (a snapshot). */
	get current(): Spike | null {
		return this.v.active ? { ...this.v.active } : null;
	}

	/** Feeds one point; returns the transitions it caused (usually none; never allocates when none). */
	update(timestamp: number, value: number, point: TrackedPoint): readonly SpikeTransition[] {
		const last = this.v.lastTimestamp;
		if (last !== null && timestamp < last) return NO_TRANSITIONS;
		if (last !== null && timestamp === last) {
			if (!this.canReplay) return NO_TRANSITIONS;
			copyVariables(this.previous, this.v);
		}
		copyVariables(this.v, this.previous);
		this.canReplay = true;
		this.v.lastTimestamp = timestamp;

		this.trackExcursion(timestamp, point.sigmas);
		const spike = this.v.active;
		if (!spike) return this.maybeOpen(timestamp, value, point);

		const deviation = spike.direction === 'up' ? point.sigmas : -point.sigmas;
		let transitions: SpikeTransition[] | null = null;
		const emit = (phase: SpikePhase) => {
			spike.phase = phase;
			(transitions ??= []).push({ phase, spike: { ...spike } });
		};

		if (deviation > spike.severity) {
			spike.severity = deviation;
			spike.peakAt = timestamp;
			spike.peakValue = value;
			spike.peakExpected = point.expected;
			if (spike.phase === 'peak') emit('forming');
		} else if (spike.phase === 'forming' && deviation <= spike.severity * (1 - this.options.peakDrop)) {
			emit('peak');
		}

		if (deviation <= this.options.calmSigmas) {
			if (this.v.calmRun === 0) this.v.calmSince = timestamp;
			this.v.calmRun++;
		} else {
			this.v.calmRun = 0;
			this.v.calmSince = null;
		}
		if (this.v.calmRun >= this.options.calmPoints) {
			if (spike.phase === 'forming') emit('peak');
			spike.endedAt = this.v.calmSince ?? timestamp;
			emit('resolved');
			this.v.active = null;
			this.v.calmRun = 0;
			this.v.calmSince = null;
		}
		return transitions ?? NO_TRANSITIONS;
	}

	private trackExcursion(timestamp: number, sigmas: number) {
		if (Math.abs(sigmas) <= this.options.calmSigmas) {
			this.v.excursionStart = null;
			this.v.excursionSign = 0;
		} else if (Math.sign(sigmas) !== this.v.excursionSign || this.v.excursionStart === null) {
			this.v.excursionStart = timestamp;
			this.v.excursionSign = Math.sign(sigmas);
		}
	}

	private maybeOpen(timestamp: number, value: number, point: TrackedPoint): readonly SpikeTransition[] {
		if (!point.anomaly || point.sigmas === 0) return NO_TRANSITIONS;
		const direction = point.sigmas > 0 ? 'up' : 'down';
		if (this.options.direction !== 'both' && this.options.direction !== direction) return NO_TRANSITIONS;
		const spike: Spike = {
			id: this.v.nextId++,
			phase: 'forming',
			direction,
			startedAt: this.v.excursionStart ?? timestamp,
			detectedAt: timestamp,
			peakAt: timestamp,
			severity: Math.abs(point.sigmas),
			peakValue: value,
			peakExpected: point.expected,
			endedAt: null
		};
		this.v.active = spike;
		this.v.calmRun = 0;
		this.v.calmSince = null;
		return [{ phase: 'forming', spike: { ...spike } }];
	}
}
