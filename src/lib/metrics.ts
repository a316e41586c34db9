/**
 * The live-metrics contract shared by the server (snapshot builder, socket hub, read API) and the
 * browser (stores, charts). One definition so both ends stay in step.
 */

export const WINDOWS = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;
export type MetricsWindow = (typeof WINDOWS)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** How long each window spans and the width of one chart step, in seconds. */
export const WINDOW_SPEC: Record<MetricsWindow, { spanSeconds: number; stepSeconds: number }> = {
	'15m': { spanSeconds: 15 * 60, stepSeconds: 60 },
	'1h': { spanSeconds: 3600, stepSeconds: 60 },
	'6h': { spanSeconds: 6 * 3600, stepSeconds: 5 * 60 },
	'24h': { spanSeconds: 24 * 3600, stepSeconds: 15 * 60 },
	'7d': { spanSeconds: 7 * 86400, stepSeconds: 3600 },
	'30d': { spanSeconds: 30 * 86400, stepSeconds: 6 * 3600 }
};

export function isMetricsWindow(value: unknown): value is MetricsWindow {
	return typeof value === 'string' && (WINDOWS as readonly string[]).includes(value);
}

/** Brand slugs: lower-case, URL- and room-safe. */
export const BRAND_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface Kpis {
	/** Mentions in the window. */
	mentions: number;
	/** Mentions in the window of the same length just before it. */
	mentions_prev: number;
	/** (positive - negative) / mentions, in [-1, 1]; 0 when there are no mentions. */
	net_sentiment: number;
	/** negative / mentions, in [0, 1]. */
	negative_share: number;
	/** Mean sentiment score in [-1, 1]. */
	avg_sentiment: number;
	/** Sum of author followers over the window's mentions. */
	reach: number;
	/** Brand replies made in the window. */
	responses: number;
	/** Median seconds from mention to first brand reply, over replies made in the window; null without replies. */
	latency_p50_s: number | null;
	/** 90th percentile of the same; null without replies. */
	latency_p90_s: number | null;
	/** Share of the window's replies that came within one hour of their mention; null without replies. */
	answered_within_1h_share: number | null;
}

/** One chart step. `t` is the step's start, epoch milliseconds (UTC). */
export interface SeriesPoint {
	t: number;
	negative: number;
	neutral: number;
	positive: number;
	/** Mean sentiment of the step's mentions; null for an empty step. */
	avg_sentiment: number | null;
	reach: number;
	responses: number;
	latency_p50_s: number | null;
	latency_p90_s: number | null;
}

/** A step nothing fell in: what the series holds before any mention or reply of the step is counted. */
export function emptyPoint(t: number): SeriesPoint {
	return {
		t,
		negative: 0,
		neutral: 0,
		positive: 0,
		avg_sentiment: null,
		reach: 0,
		responses: 0,
		latency_p50_s: null,
		latency_p90_s: null
	};
}

/** The figures of a window without mentions or replies. */
export function emptyKpis(): Kpis {
	return {
		mentions: 0,
		mentions_prev: 0,
		net_sentiment: 0,
		negative_share: 0,
		avg_sentiment: 0,
		reach: 0,
		responses: 0,
		latency_p50_s: null,
		latency_p90_s: null,
		answered_within_1h_share: null
	};
}

export interface MetricsSnapshot {
	brand: string;
	window: MetricsWindow;
	/** When the snapshot was computed, epoch milliseconds. */
	at: number;
	/** Window bounds [from, to), epoch milliseconds; `to` is the end of the current (partial) step. */
	from: number;
	to: number;
	step_seconds: number;
	kpis: Kpis;
	series: SeriesPoint[];
	/** Expected mention volume per step of `series` (same order), when the spike service decorates it. */
	band?: BandPoint[];
	/** Spikes and analyst notes that overlap the window, when the spike service decorates it. */
	annotations?: SnapshotAnnotation[];
	/** On the socket: the number of the view's update this snapshot is (deltas name the one they follow). */
	seq?: number;
	/** On the socket: when the server emitted it, epoch milliseconds. */
	sent_at?: number;
}

/** Spike lifecycle phase, as the detector's tracker reports it. */
export type SpikePhase = 'forming' | 'peak' | 'resolved';
/** Brand series watched for spikes. */
export type SpikeMetric = 'volume' | 'negative_share' | 'avg_sentiment';

/** A detected spike (one brand, one series). Times are epoch milliseconds. */
export interface SpikeInfo {
	id: string;
	brand: string;
	metric: SpikeMetric;
	/** The source whose own volume spiked; null for the brand's whole series. */
	source: string | null;
	phase: SpikePhase;
	direction: 'up' | 'down';
	started_at: number;
	detected_at: number;
	peak_at: number;
	/** First calm minute after the spike; null until resolved. */
	ended_at: number | null;
	/** Robust sigmas beyond expected at the peak, in the spike's direction. */
	severity: number;
	peak_value: number;
	peak_expected: number;
}

/** Expected mention volume for one chart step and its band; `t` is the step's start. */
export interface BandPoint {
	t: number;
	expected: number;
	lower: number;
	upper: number;
}

/** A marker on the timeline: a spike (with its extent) or an analyst's note. */
export interface SnapshotAnnotation {
	id: string;
	kind: 'spike' | 'note';
	at: number;
	end?: number;
	label: string;
	severity?: number;
	phase?: SpikePhase;
}

/**
 * A live view update, sent after the first: only what changed since the update numbered `base_seq` (the
 * steps whose values changed or are new, keyed by `t`, the band points likewise, the annotations whole if
 * they changed) with the window's bounds and all KPIs. A 24 h view is ~100 steps; a tick changes one or two,
 * so 5,000 screens receive and parse a few hundred bytes each instead of the whole snapshot.
 */
export interface MetricsDelta {
	kind: 'delta';
	brand: string;
	window: MetricsWindow;
	at: number;
	from: number;
	to: number;
	step_seconds: number;
	/** This update's number within the view, and the one it applies to. */
	seq: number;
	base_seq: number;
	/** When the server emitted it, epoch milliseconds (for measuring the broadcast). */
	sent_at: number;
	kpis: Kpis;
	series: SeriesPoint[];
	band?: BandPoint[];
	annotations?: SnapshotAnnotation[];
}

/** A `metrics` event: a whole snapshot (first update, after a reconnect, or when most steps changed) or a delta. */
export type MetricsUpdate = MetricsSnapshot | MetricsDelta;

export function isMetricsDelta(update: MetricsUpdate): update is MetricsDelta {
	return (update as MetricsDelta).kind === 'delta';
}

const samePoint = (a: SeriesPoint | undefined, b: SeriesPoint): boolean =>
	a !== undefined &&
	a.negative === b.negative &&
	a.neutral === b.neutral &&
	a.positive === b.positive &&
	a.avg_sentiment === b.avg_sentiment &&
	a.reach === b.reach &&
	a.responses === b.responses &&
	a.latency_p50_s === b.latency_p50_s &&
	a.latency_p90_s === b.latency_p90_s;

const sameBand = (a: BandPoint | undefined, b: BandPoint): boolean =>
	a !== undefined && a.expected === b.expected && a.lower === b.lower && a.upper === b.upper;

function changedByT<T extends { t: number }>(
	previous: readonly T[],
	next: readonly T[],
	same: (a: T | undefined, b: T) => boolean
): T[] {
	const before = new Map(previous.map((point) => [point.t, point]));
	return next.filter((point) => !same(before.get(point.t), point));
}

/**
 * The delta from `previous` (update `baseSeq`) to `next`; null when a whole snapshot is as good (another step
 * size, or most steps changed).
 */
export function diffSnapshots(
	previous: MetricsSnapshot,
	next: MetricsSnapshot,
	baseSeq: number,
	seq: number,
	sentAt: number
): MetricsDelta | null {
	if (previous.step_seconds !== next.step_seconds || previous.brand !== next.brand) return null;
	const series = changedByT(previous.series, next.series, samePoint);
	if (series.length > next.series.length / 2) return null;
	const delta: MetricsDelta = {
		kind: 'delta',
		brand: next.brand,
		window: next.window,
		at: next.at,
		from: next.from,
		to: next.to,
		step_seconds: next.step_seconds,
		seq,
		base_seq: baseSeq,
		sent_at: sentAt,
		kpis: next.kpis,
		series
	};
	if (next.band) {
		const band = changedByT(previous.band ?? [], next.band, sameBand);
		if (band.length) delta.band = band;
	}
	if (next.annotations && JSON.stringify(next.annotations) !== JSON.stringify(previous.annotations ?? []))
		delta.annotations = next.annotations;
	return delta;
}

/**
 * `base` with `delta` applied; null when the delta does not follow `base` (an update was missed, or `base` has
 * no number): the client then asks for a whole snapshot again.
 */
export function applyMetricsDelta(base: MetricsSnapshot, delta: MetricsDelta): MetricsSnapshot | null {
	if (base.seq !== delta.base_seq || base.step_seconds !== delta.step_seconds) return null;
	if (base.brand !== delta.brand || base.window !== delta.window) return null;
	const stepMs = delta.step_seconds * 1000;
	const changed = new Map(delta.series.map((point) => [point.t, point]));
	const known = new Map(base.series.map((point) => [point.t, point]));
	const series: SeriesPoint[] = [];
	for (let t = delta.from; t < delta.to; t += stepMs) {
		const point = changed.get(t) ?? known.get(t);
		if (!point) return null;
		series.push(point);
	}
	const next: MetricsSnapshot = {
		brand: delta.brand,
		window: delta.window,
		at: delta.at,
		from: delta.from,
		to: delta.to,
		step_seconds: delta.step_seconds,
		kpis: delta.kpis,
		series,
		seq: delta.seq,
		sent_at: delta.sent_at
	};
	if (base.band || delta.band) {
		const bandChanged = new Map((delta.band ?? []).map((point) => [point.t, point]));
		const bandKnown = new Map((base.band ?? []).map((point) => [point.t, point]));
		const band: BandPoint[] = [];
		for (const { t } of series) {
			const point = bandChanged.get(t) ?? bandKnown.get(t);
			if (point) band.push(point);
		}
		next.band = band;
	}
	const annotations = delta.annotations ?? base.annotations;
	if (annotations) next.annotations = annotations;
	return next;
}
