import { simulateRange, type LabelledSpike } from '../simulator/index';
import type { DetectorOptions } from './detector';
import { createSpikeMonitor } from './index';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface SimulatedSpikeResult {
	brand: string;
	labelledStart: number;
	/** Minutes from the labelled start to the first alert within the spike; null if never flagged. */
	delayMinutes: number | null;
	beforePeak: boolean;
	/** Minutes between the tracker's start time for the spike and the labelled start (negative = earlier). */
	startErrorMinutes: number | null;
}

export interface SimulatorEvaluation {
	days: number;
	warmupDays: number;
	brands: number;
	summary: {
		spikes: number;
		detected: number;
		flaggedBeforePeak: number;
		medianDelayMinutes: number | null;
		/** Alerts on a brand's volume outside any of its labelled spikes, after warm-up. */
		falseAlerts: number;
		falseAlertsPerBrandDay: number;
	};
	spikes: SimulatedSpikeResult[];
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Detection delay on the simulator's labelled viral complaints: per-brand minute mention volume from a
 * simulated history, fed minute by minute to the same monitor the server runs (detector + tracker, upward).
 * Spikes that start during the warm-up days are not scored.
 */
export function evaluateOnSimulator(
	options: Partial<DetectorOptions> = {},
	{ days = 10, warmupDays = 3, seed = 1 }: { days?: number; warmupDays?: number; seed?: number } = {}
): SimulatorEvaluation {
	const from = Date.UTC(2026, 0, 5);
	const to = from + days * DAY;
	const scoredFrom = from + warmupDays * DAY;
	const batch = simulateRange(from, to, { seed });
	const minutes = Math.round((to - from) / MINUTE);

	const volume = new Map<string, Float64Array>();
	for (const mention of batch.mentions) {
		let counts = volume.get(mention.brand);
		if (!counts) volume.set(mention.brand, (counts = new Float64Array(minutes)));
		const slot = Math.floor((Date.parse(mention.created_at) - from) / MINUTE);
		if (slot >= 0 && slot < minutes) counts[slot] = counts[slot]! + 1;
	}

	const results: SimulatedSpikeResult[] = [];
	let falseAlerts = 0;
	for (const [brand, counts] of volume) {
		const labelled = batch.spikes.filter((s) => s.brand === brand);
		const within = (t: number, spike: LabelledSpike) => t >= spike.start && t <= spike.end;
		const monitor = createSpikeMonitor('volume', options);
		const alerts: number[] = [];
		const opened: { startedAt: number; detectedAt: number }[] = [];
		for (let i = 0; i < minutes; i++) {
			const t = from + i * MINUTE;
			const { output, transitions } = monitor.update(t, counts[i]!);
			if (t < scoredFrom) continue;
			if (output.anomaly) alerts.push(t);
			for (const transition of transitions) {
				if (transition.phase === 'forming' && transition.spike.detectedAt === t)
					opened.push(transition.spike);
			}
		}
		// A minute is labelled by when it starts; the spike's first minute is the one containing its start.
		const minuteOf = (t: number) => Math.floor(t / MINUTE) * MINUTE;
		for (const spike of labelled) {
			if (spike.start < scoredFrom) continue;
			const window = { ...spike, start: minuteOf(spike.start) };
			const hit = alerts.find((t) => within(t, window));
			const trackerSpike = opened.find((s) => within(s.detectedAt, window));
			results.push({
				brand,
				labelledStart: spike.start,
				delayMinutes: hit === undefined ? null : (hit - window.start) / MINUTE,
				beforePeak: hit !== undefined && hit <= spike.peak,
				startErrorMinutes: trackerSpike ? (trackerSpike.startedAt - window.start) / MINUTE : null
			});
		}
		falseAlerts += alerts.filter(
			(t) => !labelled.some((s) => within(t, { ...s, start: minuteOf(s.start) }))
		).length;
	}

	const delays = results.flatMap((r) => (r.delayMinutes === null ? [] : [r.delayMinutes]));
	return {
		days,
		warmupDays,
		brands: volume.size,
		summary: {
			spikes: results.length,
			detected: delays.length,
			flaggedBeforePeak: results.filter((r) => r.beforePeak).length,
			medianDelayMinutes: median(delays),
			falseAlerts,
			falseAlertsPerBrandDay: falseAlerts / Math.max(1, volume.size * (days - warmupDays))
		},
		spikes: results
	};
}
