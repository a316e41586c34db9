/**
 * Spike detection for brand minute series: pure, DB-free, cheap enough to run every realtime tick.
 *
 * Detector (one per brand x series):
 *   createDetector(options?: Partial<DetectorOptions>): Detector
 *   detector.update(timestampMs, value): { expected, lower, upper, sigmas, score, anomaly }, score in [0,1]
 *     - repeated timestamp = revision of the last point (feed the filling minute every tick);
 *       older timestamps are ignored; NaN (empty minute) scores 0 and leaves the model alone;
 *     - the returned object is reused by the next call, copy what you keep.
 *   detector.warmUp(points: Iterable<{ timestamp, value }>): backfill in one call.
 *   detector.toJSON(): DetectorState (plain JSON) / restoreDetector(state): Detector.
 *   Options that matter to callers: direction ('up' | 'down' | 'both'), threshold (default tuned on NAB),
 *   bandSigmas (chart band width). Half-lives are in points; see DEFAULT_DETECTOR_OPTIONS.
 *
 * Spike lifecycle (one per brand x series, fed with the detector's output):
 *   new SpikeTracker({ direction }) ; tracker.update(timestampMs, value, output): readonly SpikeTransition[]
 *   transitions: forming -> peak (-> forming again if it climbs higher) -> resolved, each carrying a Spike
 *   snapshot { id, direction, startedAt, detectedAt, peakAt, severity (robust sigmas), endedAt, ... }.
 *   A repeated timestamp is a revision there too: the tracker re-runs it and may re-emit a transition for
 *   the same spike id, so consumers should upsert spikes by id. tracker.toJSON() / SpikeTracker.fromJSON().
 *
 * createSpikeMonitor(kind) bundles both with the right direction for a brand metric. Series directions:
 * mention volume and negative share spike upwards, average sentiment downwards.
 */
import {
	createDetector,
	restoreDetector,
	type DetectorOptions,
	type DetectorOutput,
	type DetectorState
} from './detector';
import {
	SpikeTracker,
	type SpikeTrackerOptions,
	type SpikeTrackerState,
	type SpikeTransition
} from './spike-tracker';

export * from './detector';
export * from './spike-tracker';

export type BrandMetric = 'volume' | 'negative_share' | 'avg_sentiment';

export const METRIC_DIRECTION: Record<BrandMetric, 'up' | 'down'> = {
	volume: 'up',
	negative_share: 'up',
	avg_sentiment: 'down'
};

export interface SpikeMonitorState {
	detector: DetectorState;
	tracker: SpikeTrackerState;
}

export interface SpikeMonitor {
	update(
		timestampMs: number,
		value: number
	): { output: DetectorOutput; transitions: readonly SpikeTransition[] };
	warmUp(points: Iterable<{ timestamp: number; value: number }>): void;
	toJSON(): SpikeMonitorState;
	readonly detector: ReturnType<typeof createDetector>;
	readonly tracker: SpikeTracker;
}

function monitorOf(detector: ReturnType<typeof createDetector>, tracker: SpikeTracker): SpikeMonitor {
	const result: { output: DetectorOutput; transitions: readonly SpikeTransition[] } = {
		output: undefined as unknown as DetectorOutput,
		transitions: []
	};
	return {
		detector,
		tracker,
		update(timestampMs, value) {
			result.output = detector.update(timestampMs, value);
			result.transitions = tracker.update(timestampMs, value, result.output);
			return result;
		},
		warmUp(points) {
			// Transitions during a backfill are history, not news; the tracker still learns of a spike in progress.
			for (const p of points) tracker.update(p.timestamp, p.value, detector.update(p.timestamp, p.value));
		},
		toJSON: () => ({ detector: detector.toJSON(), tracker: tracker.toJSON() })
	};
}

export function createSpikeMonitor(
	metric: BrandMetric,
	detectorOptions: Partial<DetectorOptions> = {},
	trackerOptions: Partial<SpikeTrackerOptions> = {}
): SpikeMonitor {
	const direction = METRIC_DIRECTION[metric];
	return monitorOf(
		createDetector({ direction, ...detectorOptions }),
		new SpikeTracker({ direction, ...trackerOptions })
	);
}

export function restoreSpikeMonitor(state: SpikeMonitorState): SpikeMonitor {
	return monitorOf(restoreDetector(state.detector), SpikeTracker.fromJSON(state.tracker));
}
