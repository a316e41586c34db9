import { scaleLinear, scaleTime } from 'd3';
import { LATENCY_TARGET_S } from '../charts/latency-chart.svelte';
import { formatCountShort, formatDurationTick, formatSigned, formatTimeTick } from '../charts/format';
import {
	barBox,
	durationTicks,
	gappedLinePath,
	latencyMax,
	rectanglesPath,
	sentimentDomain,
	stackBySentiment,
	volumeMax
} from '../charts/geometry';
import type { MetricsSnapshot, SentimentLabel } from '../metrics';

export type WallChartKind = 'volume' | 'sentiment' | 'latency';

export interface WallChartInput {
	kind: WallChartKind;
	snapshot: MetricsSnapshot;
	/** Plot size in CSS pixels, measured. */
	width: number;
	height: number;
	/** Type size for axis labels, in CSS pixels: scales with the screen so it reads from across the room. */
	fontSize: number;
}

export interface AxisTick {
	at: number;
	label: string;
}

/**
 * Scales and paths of a wall chart, computed by d3 and drawn by the component. Fewer ticks and thicker
 * marks than the desk dashboard: a wall is read from metres away, at a glance.
 */
export class WallChartState {
	readonly #read: () => WallChartInput;

	constructor(read: () => WallChartInput) {
		this.#read = read;
	}

	get input(): WallChartInput {
		return this.#read();
	}

	readonly margin = $derived({
		top: this.input.fontSize * 0.8,
		right: this.input.fontSize * 1.8,
		bottom: this.input.fontSize * 2,
		left: this.input.fontSize * 4.2
	});
	readonly innerWidth = $derived(Math.max(10, this.input.width - this.margin.left - this.margin.right));
	readonly innerHeight = $derived(Math.max(10, this.input.height - this.margin.top - this.margin.bottom));
	readonly stepMs = $derived(this.input.snapshot.step_seconds * 1000);

	readonly x = $derived(
		scaleTime().domain([this.input.snapshot.from, this.input.snapshot.to]).range([0, this.innerWidth])
	);

	readonly y = $derived.by(() => {
		const { kind, snapshot } = this.input;
		const domain: [number, number] =
			kind === 'volume'
				? [0, Math.max(volumeMax(snapshot.series), ...(snapshot.band ?? []).map((b) => b.upper))]
				: kind === 'sentiment'
					? sentimentDomain(snapshot.series)
					: [0, latencyMax(snapshot.series, LATENCY_TARGET_S, 4)];
		return scaleLinear().domain(domain).range([this.innerHeight, 0]);
	});

	readonly yTicks: AxisTick[] = $derived.by(() => {
		const { kind } = this.input;
		if (kind === 'latency') {
			return durationTicks(this.y.domain()[1]!, 4).map((at) => ({ at, label: formatDurationTick(at) }));
		}
		if (kind === 'sentiment') {
			const half = this.y.domain()[1]!;
			return [-half, 0, half].map((at) => ({ at, label: at === 0 ? '0' : formatSigned(at, 2) }));
		}
		return this.y.ticks(4).map((at) => ({ at, label: formatCountShort(at) }));
	});

	readonly xTicks: AxisTick[] = $derived.by(() => {
		const { snapshot } = this.input;
		const span = (snapshot.to - snapshot.from) / 1000;
		return this.x
			.ticks(5)
			.map((date) => ({ at: date.getTime(), label: formatTimeTick(date.getTime(), span) }));
	});

	/** One path per sentiment label, bottom to top. */
	readonly bars: { key: SentimentLabel; d: string }[] = $derived.by(() => {
		if (this.input.kind !== 'volume') return [];
		return stackBySentiment(this.input.snapshot.series).map((layer) => ({
			key: layer.key,
			d: rectanglesPath(
				layer.spans.map(({ point, y0, y1 }) => {
					const box = barBox(this.x, point.t, this.stepMs);
					return { x: box.x, width: box.width, y: this.y(y1), height: this.y(y0) - this.y(y1) };
				})
			)
		}));
	});

	/** Expected volume, when the spike service provides the band. */
	readonly expected = $derived.by(() => {
		const band = this.input.snapshot.band;
		if (this.input.kind !== 'volume' || !band?.length) return '';
		return band
			.map(
				(point, i) =>
					`${i ? 'L' : 'M'}${this.x(point.t + this.stepMs / 2).toFixed(1)},${this.y(point.expected).toFixed(1)}`
			)
			.join('');
	});

	readonly lines: { key: string; d: string }[] = $derived.by(() => {
		const { kind, snapshot } = this.input;
		if (kind === 'sentiment') {
			return [
				{
					key: 'sentiment',
					d: gappedLinePath(snapshot.series, this.x, this.y, (p) => p.avg_sentiment, this.stepMs)
				}
			];
		}
		if (kind === 'latency') {
			return [
				{
					key: 'p90',
					d: gappedLinePath(snapshot.series, this.x, this.y, (p) => p.latency_p90_s, this.stepMs)
				},
				{
					key: 'p50',
					d: gappedLinePath(snapshot.series, this.x, this.y, (p) => p.latency_p50_s, this.stepMs)
				}
			];
		}
		return [];
	});

	/** A reference line: zero sentiment, or the one-hour reply target. */
	readonly reference = $derived(
		this.input.kind === 'sentiment'
			? this.y(0)
			: this.input.kind === 'latency'
				? this.y(LATENCY_TARGET_S)
				: null
	);
}
