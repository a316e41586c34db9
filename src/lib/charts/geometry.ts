/**
 * Pure chart computations (stacking, domains, ticks, paths), kept apart from the rune classes so they can
 * be tested without a Svelte compiler and reused by every chart.
 */
import { area, bisector, curveMonotoneX, line, stack, timeDay, type ScaleLinear, type ScaleTime } from 'd3';
import { SENTIMENT_LABELS, type SentimentLabel, type SeriesPoint } from '../metrics';

export interface Margin {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export interface Tick {
	value: number;
	/** Pixel position along the axis. */
	offset: number;
	label: string;
}

/** Mentions in a step, whatever their label. */
export function stepTotal(point: SeriesPoint): number {
	return point.negative + point.neutral + point.positive;
}

export function totalMentions(series: readonly SeriesPoint[]): number {
	let total = 0;
	for (const point of series) total += stepTotal(point);
	return total;
}

/** Rounds a positive maximum up to 1, 2, 2.5 or 5 times a power of ten, so axes end on a tick. */
export function niceCeiling(value: number): number {
	if (!(value > 0)) return 1;
	const magnitude = 10 ** Math.floor(Math.log10(value));
	for (const factor of [1, 2, 2.5, 5, 10]) {
		const candidate = factor * magnitude;
		if (candidate >= value - 1e-9 * magnitude) return candidate;
	}
	return 10 * magnitude;
}

/** Upper end of the volume axis: the tallest stacked step, rounded up; 1 for an empty window. */
export function volumeMax(series: readonly SeriesPoint[]): number {
	let max = 0;
	for (const point of series) max = Math.max(max, stepTotal(point));
	return niceCeiling(max);
}

export type StackedLayer = { key: SentimentLabel; spans: { point: SeriesPoint; y0: number; y1: number }[] };

/** Negative first, so negative volume sits on the common baseline where spikes are easiest to compare. */
export function stackBySentiment(series: readonly SeriesPoint[]): StackedLayer[] {
	const layers = stack<SeriesPoint, SentimentLabel>().keys(SENTIMENT_LABELS)(series as SeriesPoint[]);
	return layers.map((layer) => ({
		key: layer.key,
		spans: layer.map((span) => ({ point: span.data, y0: span[0], y1: span[1] }))
	}));
}

export interface BarBox {
	x: number;
	width: number;
}

/** Horizontal extent of a step's bar, with a gap between bars that shrinks away on dense charts. */
export function barBox(x: ScaleTime<number, number>, startMs: number, stepMs: number): BarBox {
	const left = x(startMs);
	const slot = x(startMs + stepMs) - left;
	const gap = slot >= 6 ? Math.min(3, slot * 0.2) : slot >= 3 ? 1 : 0;
	return { x: left + gap / 2, width: Math.max(0.5, slot - gap) };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** One path for many rectangles: three `<path>` elements draw a 500-bar chart. */
export function rectanglesPath(
	rects: readonly { x: number; y: number; width: number; height: number }[]
): string {
	let d = '';
	for (const rect of rects) {
		if (rect.height <= 0 || rect.width <= 0) continue;
		d += `M${round1(rect.x)},${round1(rect.y)}h${round1(rect.width)}v${round1(rect.height)}h${round1(-rect.width)}Z`;
	}
	return d;
}

/** Whether a step is still filling up: it contains the snapshot's time. */
export function isPartialStep(startMs: number, stepMs: number, atMs: number): boolean {
	return startMs <= atMs && atMs < startMs + stepMs;
}

const SENTIMENT_HALF_RANGES = [0.25, 0.5, 0.75, 1] as const;

/**
 * A symmetric sentiment domain: zero stays in the middle, and the half-range only takes a few values so the
 * axis does not twitch with every update.
 */
export function sentimentDomain(series: readonly SeriesPoint[]): [number, number] {
	let maxAbs = 0;
	for (const point of series) {
		if (point.avg_sentiment !== null) maxAbs = Math.max(maxAbs, Math.abs(point.avg_sentiment));
	}
	const half = SENTIMENT_HALF_RANGES.find((candidate) => maxAbs * 1.1 <= candidate) ?? 1;
	return [-half, half];
}

const DURATION_STEPS_S = [
	30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 345600, 604800
] as const;

/** Round duration ticks from zero up to at least `maxSeconds`, about `count` of them. */
export function durationTicks(maxSeconds: number, count: number): number[] {
	const max = Math.max(maxSeconds, 1);
	const wanted = Math.max(1, count);
	const step = DURATION_STEPS_S.find((candidate) => max / candidate <= wanted) ?? niceCeiling(max / wanted);
	const ticks: number[] = [];
	for (let value = 0; value < max + step - 1e-9; value += step) ticks.push(value);
	return ticks;
}

/** Upper end of the latency axis: the slowest p90 or the target with headroom, ending on a round tick. */
export function latencyMax(series: readonly SeriesPoint[], targetSeconds: number, tickCount: number): number {
	let max = targetSeconds * 1.2;
	for (const point of series) {
		if (point.latency_p90_s !== null) max = Math.max(max, point.latency_p90_s * 1.05);
		if (point.latency_p50_s !== null) max = Math.max(max, point.latency_p50_s * 1.05);
	}
	return durationTicks(max, tickCount).at(-1) ?? max;
}

/** Index of the step containing `timeMs`, or null outside the series. */
export function stepIndexAt(series: readonly SeriesPoint[], timeMs: number, stepMs: number): number | null {
	const index = bisector<SeriesPoint, number>((point) => point.t).right(series, timeMs) - 1;
	const point = series[index];
	if (!point || timeMs >= point.t + stepMs) return null;
	return index;
}

type ValueOf = (point: SeriesPoint) => number | null;

/** A line through step midpoints that breaks where a step has no value, rather than inventing one. */
export function gappedLinePath(
	series: readonly SeriesPoint[],
	x: ScaleTime<number, number>,
	y: ScaleLinear<number, number>,
	valueOf: ValueOf,
	stepMs: number
): string {
	const path = line<SeriesPoint>()
		.defined((point) => valueOf(point) !== null)
		.x((point) => x(point.t + stepMs / 2))
		.y((point) => y(valueOf(point) ?? 0))
		.curve(curveMonotoneX);
	return path(series as SeriesPoint[]) ?? '';
}

/** The area between two values per step (or a value and a constant), with the same gaps as the lines. */
export function gappedBandPath(
	series: readonly SeriesPoint[],
	x: ScaleTime<number, number>,
	y: ScaleLinear<number, number>,
	lowerOf: ValueOf,
	upperOf: ValueOf,
	stepMs: number
): string {
	const path = area<SeriesPoint>()
		.defined((point) => lowerOf(point) !== null && upperOf(point) !== null)
		.x((point) => x(point.t + stepMs / 2))
		.y0((point) => y(lowerOf(point) ?? 0))
		.y1((point) => y(upperOf(point) ?? 0))
		.curve(curveMonotoneX);
	return path(series as SeriesPoint[]) ?? '';
}

/** Steps with a value but no valued neighbour: a line cannot show them, so they are drawn as dots. */
export function isolatedIndices(series: readonly SeriesPoint[], valueOf: ValueOf): number[] {
	const indices: number[] = [];
	series.forEach((point, index) => {
		if (valueOf(point) === null) return;
		const before = series[index - 1];
		const after = series[index + 1];
		const joinedBefore = before !== undefined && valueOf(before) !== null;
		const joinedAfter = after !== undefined && valueOf(after) !== null;
		if (!joinedBefore && !joinedAfter) indices.push(index);
	});
	return indices;
}

/** Gridlines at these values: placed by the scale, labelled by the format. */
export function valueTicks(
	values: readonly number[],
	y: (value: number) => number,
	format: (value: number) => string
): Tick[] {
	return values.map((value) => ({ value, offset: y(value), label: format(value) }));
}

/** Left margin wide enough for the longest y label, at the axis font's average glyph width. */
export function marginForLabels(labels: readonly string[], charWidth = 6.6, padding = 14): number {
	const longest = labels.reduce((max, label) => Math.max(max, label.length), 0);
	return Math.ceil(longest * charWidth + padding);
}

/**
 * Midnight ticks every few days for long windows. d3's own time ticks restart at each month, which puts
 * "31 Oct" and "1 Nov" side by side.
 */
export function dayTicks(fromMs: number, toMs: number, count: number): Date[] {
	const days = timeDay.range(timeDay.ceil(new Date(fromMs)), new Date(toMs));
	const every = Math.max(1, Math.ceil(days.length / Math.max(1, count)));
	return days.filter((_, index) => index % every === 0);
}

/** Drops ticks that would crowd the previous kept one, whatever generated them. */
export function spreadTicks<T extends { offset: number }>(ticks: readonly T[], minGap: number): T[] {
	const kept: T[] = [];
	for (const tick of ticks) {
		const previous = kept.at(-1);
		if (previous === undefined || tick.offset - previous.offset >= minGap) kept.push(tick);
	}
	return kept;
}

/** Below this share of a step elapsed, extrapolating its count is mostly noise. */
const MIN_ELAPSED_TO_PROJECT = 0.2;

/**
 * Where the step in progress is heading at its current pace: its count so far scaled to the full step.
 * It lets a reader see a spike while it is still forming; null when the step is complete or just begun.
 */
export function projectedStepTotal(point: SeriesPoint, stepMs: number, atMs: number): number | null {
	const elapsed = (atMs - point.t) / stepMs;
	if (elapsed < MIN_ELAPSED_TO_PROJECT || elapsed >= 1) return null;
	return stepTotal(point) / elapsed;
}
