import { simulateRange, type LabelledSpike } from '../simulator/index';
import { SLOT_MS, StreamModel, type SpikePlan } from '../simulator/model';
import type { DetectorOptions } from './detector';
import { createSpikeMonitor, type BrandMetric } from './index';
import { MINUTE_MONITOR_OPTIONS, minuteValue, type MinuteMonitorOptions } from './minute-options';

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
	/** The same simulator at minute resolution with the spike service's per-metric options (see minute-options). */
	minute: MinuteEvaluation;
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
		spikes: results,
		minute: evaluateMinuteMonitors(MINUTE_MONITOR_OPTIONS, { days, warmupDays, seed })
	};
}

/** Shape of the injected viral complaints: live (4 min build to 8x, as the demo stream opens with) or
 * backfill (the history generator's 40-120 min ramps). */
export type SpikeShape = 'live' | 'backfill';

export interface ShapeSummary {
	spikes: number;
	detected: number;
	/** Within 5 minutes of the labelled start (first alert minute - start minute <= 5). */
	detectedWithin5Min: number;
	flaggedBeforePeak: number;
	medianDelayMinutes: number | null;
	maxDelayMinutes: number | null;
	/** Spikes the tracker opened outside every labelled window, after warm-up: what an alert rule would send. */
	falseSpikes: number;
	falseSpikesPerBrandDay: number;
	/**
	 * Minutes from the moment the complaint alone equals the brand's mean everyday rate (volume doubled, on
	 * average) to the first alert: for slow ramps, "from the labelled start" mostly measures the ramp.
	 */
	medianDelayFromDoublingMinutes: number | null;
	/** How many of the same spikes the ratio monitors flagged too (any time within the spike). */
	alsoFlaggedBy: { negative_share: number; avg_sentiment: number };
}

export interface MinuteEvaluation {
	days: number;
	warmupDays: number;
	brands: number;
	/** Per metric: false spikes on normal traffic (labels by the simulator's ground truth, not the sentiment
	 * model: complaint and viral posts count as negative, praise positive). */
	metrics: Record<BrandMetric, { falseSpikes: number; falseSpikesPerBrandDay: number }>;
	/** Volume, per spike shape. */
	shapes: Record<SpikeShape, ShapeSummary>;
}

interface MinuteSeries {
	volume: Float64Array;
	negative: Float64Array;
	sentimentSum: Float64Array;
}

const KIND_SCORE: Record<string, number> = { complaint: -0.6, viral: -0.7, praise: 0.6 };

/** Minute counts per brand from the simulator's model with the given spike plans. */
function minuteSeries(
	model: StreamModel,
	from: number,
	minutes: number,
	plans: readonly SpikePlan[]
): MinuteSeries[] {
	return model.brands.map((brand) => {
		const series: MinuteSeries = {
			volume: new Float64Array(minutes),
			negative: new Float64Array(minutes),
			sentimentSum: new Float64Array(minutes)
		};
		const firstSlot = Math.floor(from / SLOT_MS);
		for (let i = 0; i < minutes; i++) {
			for (const m of model.generateSlot(brand, firstSlot + i, plans)) {
				series.volume[i] = series.volume[i]! + 1;
				const score = KIND_SCORE[m.kind] ?? 0;
				if (score < 0) series.negative[i] = series.negative[i]! + 1;
				series.sentimentSum[i] = series.sentimentSum[i]! + score;
			}
		}
		return series;
	});
}

/**
 * Minute-resolution evaluation with the options the spike service runs (per metric): live-shaped and
 * backfill-shaped viral complaints on volume, and false spikes per brand-day on every metric.
 */
export function evaluateMinuteMonitors(
	options: MinuteMonitorOptions = MINUTE_MONITOR_OPTIONS,
	{ days = 10, warmupDays = 3, seed = 1 }: { days?: number; warmupDays?: number; seed?: number } = {}
): MinuteEvaluation {
	const from = Date.UTC(2026, 0, 5);
	const to = from + days * DAY;
	const scoredFrom = from + warmupDays * DAY;
	const minutes = Math.round((to - from) / MINUTE);
	const model = new StreamModel({ seed });
	const scoredDays = days - warmupDays;

	// Live-shaped complaints: one per brand every ~36 h at varying times of day, after the warm-up.
	const livePlans: SpikePlan[] = [];
	model.brands.forEach((brand, b) => {
		for (let k = 0; ; k++) {
			const start = scoredFrom + k * 36 * 3_600_000 + b * 4_900_000 + ((k * 7_919_000) % 43_200_000) + 17_000;
			if (start + 20 * MINUTE >= to) break;
			livePlans.push(model.planSpike(brand, start, 4 * MINUTE, 4 * MINUTE, 8));
		}
	});
	const backfillPlans = model.planBackfillSpikes(from, to, 16 * 3_600_000);

	const shapes = {} as Record<SpikeShape, ShapeSummary>;
	const metrics = {} as MinuteEvaluation['metrics'];
	for (const [shape, plans] of [
		['live', livePlans],
		['backfill', backfillPlans]
	] as const) {
		const series = minuteSeries(model, from, minutes, plans);
		const delays: number[] = [];
		let spikes = 0;
		let beforePeak = 0;
		let within5 = 0;
		const falseByMetric: Record<BrandMetric, number> = { volume: 0, negative_share: 0, avg_sentiment: 0 };
		const detectedByMetric = { negative_share: 0, avg_sentiment: 0 };
		const fromDoubling: number[] = [];
		for (const metric of ['volume', 'negative_share', 'avg_sentiment'] as const) {
			const { detector, tracker, minMentionsForRatio } = options[metric];
			model.brands.forEach((brand, b) => {
				const s = series[b]!;
				const brandPlans = plans.filter((p) => p.brandIndex === b);
				const labelled = brandPlans.map((p) => p.label);
				const monitor = createSpikeMonitor(metric, detector, tracker);
				const opened: number[] = [];
				for (let i = 0; i < minutes; i++) {
					const t = from + i * MINUTE;
					const value = minuteValue(
						metric,
						s.volume[i]!,
						s.negative[i]!,
						s.sentimentSum[i]!,
						minMentionsForRatio
					);
					const { transitions } = monitor.update(t, value);
					if (t < scoredFrom) continue;
					for (const tr of transitions)
						if (tr.phase === 'forming' && tr.spike.detectedAt === t) opened.push(t);
				}
				const minuteOf = (t: number) => Math.floor(t / MINUTE) * MINUTE;
				// A spike's aftermath (the decay back to normal) is part of it, plus a margin for re-anchoring.
				const inside = (t: number, l: LabelledSpike) => t >= minuteOf(l.start) && t <= l.end + 30 * MINUTE;
				falseByMetric[metric] += opened.filter((t) => !labelled.some((l) => inside(t, l))).length;
				for (const l of labelled) {
					if (l.start < scoredFrom) continue;
					if (metric !== 'volume') {
						if (opened.some((t) => t >= minuteOf(l.start) && t <= l.end)) detectedByMetric[metric]++;
						continue;
					}
					spikes++;
					const hit = opened.find((t) => t >= minuteOf(l.start) && t <= l.end);
					if (hit === undefined) continue;
					// Intensity is peakRate * x^2 over the rise: it equals the mean everyday rate at x = 1/sqrt(multiple).
					const plan = brandPlans.find((p) => p.label === l)!;
					const baseRate = (brand.profile.mentionsPerHour * model.rateScale) / 3_600_000;
					const doubledAt = l.start + (l.peak - l.start) * Math.sqrt(baseRate / plan.peakRate);
					fromDoubling.push((hit + MINUTE - doubledAt) / MINUTE);
					const delay = (hit - minuteOf(l.start)) / MINUTE;
					delays.push(delay);
					if (delay <= 5) within5++;
					if (hit <= l.peak) beforePeak++;
				}
			});
		}
		shapes[shape] = {
			spikes,
			detected: delays.length,
			detectedWithin5Min: within5,
			flaggedBeforePeak: beforePeak,
			medianDelayMinutes: median(delays),
			maxDelayMinutes: delays.length ? Math.max(...delays) : null,
			medianDelayFromDoublingMinutes: median(fromDoubling),
			falseSpikes: falseByMetric.volume,
			falseSpikesPerBrandDay: falseByMetric.volume / (model.brands.length * scoredDays),
			alsoFlaggedBy: detectedByMetric
		};
		// Normal-day false spikes are measured on the live-shaped run, where spikes are short and rare.
		if (shape === 'live') {
			for (const metric of ['volume', 'negative_share', 'avg_sentiment'] as const) {
				metrics[metric] = {
					falseSpikes: falseByMetric[metric],
					falseSpikesPerBrandDay: falseByMetric[metric] / (model.brands.length * scoredDays)
				};
			}
		}
	}
	return { days, warmupDays, brands: model.brands.length, metrics, shapes };
}
