import { scaleLinear } from 'd3';
import type { SeriesPoint } from '../metrics';
import { formatSigned } from './format';
import {
	gappedBandPath,
	gappedLinePath,
	isolatedIndices,
	marginForLabels,
	sentimentDomain,
	valueTicks,
	type Tick
} from './geometry';
import { TimeFrame, type TimeChartInput } from './time-frame.svelte';

const MARGIN_TOP = 12;
const MARGIN_BOTTOM = 26;

const averageOf = (point: SeriesPoint) => point.avg_sentiment;
const zero = () => 0;

/** Average sentiment per step as a line around a zero baseline, shaded by sign. */
export class SentimentChartState {
	readonly #read: () => TimeChartInput;

	constructor(read: () => TimeChartInput) {
		this.#read = read;
	}

	readonly input = $derived.by(() => this.#read());
	readonly domain = $derived(sentimentDomain(this.input.series));

	/** Gridlines on quarter (or, for the full range, half) scores: round labels, and zero is always one. */
	readonly #yTickValues = $derived.by(() => {
		const [, half] = this.domain;
		const step = half >= 1 ? 0.5 : 0.25;
		const values: number[] = [];
		for (let value = -half; value <= half + 1e-9; value += step) values.push(Math.round(value * 100) / 100);
		return values;
	});

	readonly margin = $derived({
		top: MARGIN_TOP,
		right: 12,
		bottom: MARGIN_BOTTOM,
		left: marginForLabels(this.#yTickValues.map((value) => formatSigned(value)))
	});

	readonly frame = new TimeFrame(() => ({ ...this.#read(), margin: this.margin }));

	readonly y = $derived(scaleLinear().domain(this.domain).range([this.frame.innerHeight, 0]));
	readonly zeroY = $derived(this.y(0));

	readonly yTicks: Tick[] = $derived(valueTicks(this.#yTickValues, this.y, (value) => formatSigned(value)));

	readonly linePath = $derived(
		gappedLinePath(this.input.series, this.frame.x, this.y, averageOf, this.frame.stepMs)
	);

	/** Shading between the line and zero; the component clips it into a positive and a negative part. */
	readonly areaPath = $derived(
		gappedBandPath(this.input.series, this.frame.x, this.y, zero, averageOf, this.frame.stepMs)
	);

	readonly isolatedPoints = $derived(
		isolatedIndices(this.input.series, averageOf).flatMap((index) => {
			const point = this.input.series[index];
			return point?.avg_sentiment == null
				? []
				: [{ cx: this.frame.stepCentre(point.t), cy: this.y(point.avg_sentiment) }];
		})
	);
}
