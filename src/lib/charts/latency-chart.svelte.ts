import { scaleLinear } from 'd3';
import type { SeriesPoint } from '../metrics';
import { formatDurationTick } from './format';
import {
	durationTicks,
	gappedBandPath,
	gappedLinePath,
	isolatedIndices,
	latencyMax,
	marginForLabels,
	valueTicks,
	type Tick
} from './geometry';
import { TimeFrame, valueTickCount, type TimeChartInput } from './time-frame.svelte';

/** The service target the brand answers against; drawn as a reference line. */
export const LATENCY_TARGET_S = 3600;

const MARGIN_TOP = 12;
const MARGIN_BOTTOM = 26;

const medianOf = (point: SeriesPoint) => point.latency_p50_s;
const p90Of = (point: SeriesPoint) => point.latency_p90_s;

/** Response latency per step: median and p90 lines, the band between them, and the 1 h target. */
export class LatencyChartState {
	readonly #read: () => TimeChartInput;

	constructor(read: () => TimeChartInput) {
		this.#read = read;
	}

	readonly input = $derived.by(() => this.#read());
	readonly #tickCount = $derived(valueTickCount(this.input.height - MARGIN_TOP - MARGIN_BOTTOM));
	readonly yMax = $derived(latencyMax(this.input.series, LATENCY_TARGET_S, this.#tickCount));
	readonly #yTickValues = $derived(durationTicks(this.yMax, this.#tickCount));

	readonly margin = $derived({
		top: MARGIN_TOP,
		right: 12,
		bottom: MARGIN_BOTTOM,
		left: marginForLabels(this.#yTickValues.map(formatDurationTick))
	});

	readonly frame = new TimeFrame(() => ({ ...this.#read(), margin: this.margin }));

	readonly y = $derived(scaleLinear().domain([0, this.yMax]).range([this.frame.innerHeight, 0]));
	readonly targetY = $derived(this.y(LATENCY_TARGET_S));

	readonly yTicks: Tick[] = $derived(valueTicks(this.#yTickValues, this.y, formatDurationTick));

	readonly medianPath = $derived(
		gappedLinePath(this.input.series, this.frame.x, this.y, medianOf, this.frame.stepMs)
	);
	readonly p90Path = $derived(
		gappedLinePath(this.input.series, this.frame.x, this.y, p90Of, this.frame.stepMs)
	);
	readonly bandPath = $derived(
		gappedBandPath(this.input.series, this.frame.x, this.y, medianOf, p90Of, this.frame.stepMs)
	);

	readonly isolatedPoints = $derived.by(() => {
		const { series } = this.input;
		const dots: { cx: number; cy: number; kind: 'median' | 'p90' }[] = [];
		for (const [kind, valueOf] of [
			['median', medianOf],
			['p90', p90Of]
		] as const) {
			for (const index of isolatedIndices(series, valueOf)) {
				const point = series[index];
				const value = point ? valueOf(point) : null;
				if (point && value !== null)
					dots.push({ cx: this.frame.stepCentre(point.t), cy: this.y(value), kind });
			}
		}
		return dots;
	});
}
