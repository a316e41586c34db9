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
