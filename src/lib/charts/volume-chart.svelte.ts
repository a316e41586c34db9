import { area, curveMonotoneX, line, scaleLinear } from 'd3';
import { formatCountShort } from './format';
import {
	barBox,
	isPartialStep,
	marginForLabels,
	niceCeiling,
	projectedStepTotal,
	rectanglesPath,
	stackBySentiment,
	totalMentions,
	valueTicks,
	volumeMax,
	type Tick
} from './geometry';

type Rect = { x: number; y: number; width: number; height: number };
import { countTickValues, TimeFrame, type TimeChartInput } from './time-frame.svelte';
import type { BandPoint, SentimentLabel } from '../metrics';

/** A volume chart's input: the series, and the spike service's expected band when it sends one. */
export interface VolumeChartInput extends TimeChartInput {
	band?: BandPoint[];
}

export interface VolumeLayer {
	key: SentimentLabel;
	/** Completed steps. */
	d: string;
	/** The step still filling up, drawn apart so readers do not mistake it for a drop. */
	partialD: string;
}

const MARGIN_TOP = 12;
const MARGIN_BOTTOM = 26;

/** Mentions per step, stacked by sentiment label as bars. */
export class VolumeChartState {
	readonly #read: () => VolumeChartInput;

	constructor(read: () => VolumeChartInput) {
		this.#read = read;
	}

	readonly input = $derived.by(() => this.#read());
	/** Every mention drawn, all labels; end-to-end tests compare it with the data. */
	readonly total = $derived(totalMentions(this.input.series));
	/** Band points that fall inside the window; a band from an older snapshot may not line up. */
	readonly band: BandPoint[] = $derived(
		(this.input.band ?? []).filter((point) => point.t >= this.input.from && point.t < this.input.to)
	);
	/** The axis also fits the band, so an expected level above every bar is still drawn, not clipped. */
	readonly yMax = $derived(
		Math.max(
			volumeMax(this.input.series),
			niceCeiling(this.band.reduce((max, point) => Math.max(max, point.upper), 0))
		)
	);

	readonly #yTickValues = $derived(
		countTickValues(this.yMax, this.input.height - MARGIN_TOP - MARGIN_BOTTOM)
	);

	readonly margin = $derived({
		top: MARGIN_TOP,
		right: 12,
		bottom: MARGIN_BOTTOM,
		left: marginForLabels(this.#yTickValues.map(formatCountShort))
	});

	readonly frame = new TimeFrame(() => ({ ...this.#read(), margin: this.margin }));

	readonly y = $derived(scaleLinear().domain([0, this.yMax]).range([this.frame.innerHeight, 0]));

	readonly yTicks: Tick[] = $derived(valueTicks(this.#yTickValues, this.y, formatCountShort));

	readonly layers: VolumeLayer[] = $derived.by(() => {
		const { x, stepMs } = this.frame;
		const { at } = this.input;
		return stackBySentiment(this.input.series).map((layer) => {
			const complete: Rect[] = [];
			const partial: Rect[] = [];
			for (const span of layer.spans) {
				const box = barBox(x, span.point.t, stepMs);
				const rect = {
					x: box.x,
					width: box.width,
					y: this.y(span.y1),
					height: this.y(span.y0) - this.y(span.y1)
				};
				(isPartialStep(span.point.t, stepMs, at) ? partial : complete).push(rect);
			}
			return { key: layer.key, d: rectanglesPath(complete), partialD: rectanglesPath(partial) };
		});
	});

	/** The expected band (lower to upper) as an area through step centres; empty without a band. */
	readonly bandPath = $derived.by(() => {
		const { x, stepMs } = this.frame;
		return (
			area<BandPoint>()
				.x((point) => x(point.t + stepMs / 2))
				.y0((point) => this.y(Math.max(0, point.lower)))
				.y1((point) => this.y(point.upper))
				.curve(curveMonotoneX)(this.band) ?? ''
		);
	});

	/** The expected volume as a line through step centres. */
	readonly expectedPath = $derived.by(() => {
		const { x, stepMs } = this.frame;
		return (
			line<BandPoint>()
				.x((point) => x(point.t + stepMs / 2))
				.y((point) => this.y(point.expected))
				.curve(curveMonotoneX)(this.band) ?? ''
		);
	});

	/** The step in progress extrapolated to its end, drawn as an outline over its bar. */
	readonly projection = $derived.by(() => {
		const { series, at } = this.input;
		const last = series.at(-1);
		if (!last) return null;
		const total = projectedStepTotal(last, this.frame.stepMs, at);
		if (total === null) return null;
		const box = barBox(this.frame.x, last.t, this.frame.stepMs);
		// The axis follows what happened, not a guess; a projection beyond it is clipped at the top.
		const top = this.y(Math.min(total, this.yMax));
		return { ...box, y: top, height: this.y(0) - top, total, clipped: total > this.yMax };
	});
}
