import { scaleLinear } from 'd3';
import { formatCountShort } from './format';
import {
	barBox,
	isPartialStep,
	marginForLabels,
	projectedStepTotal,
	rectanglesPath,
	stackBySentiment,
	totalMentions,
	volumeMax,
	type Tick
} from './geometry';

type Rect = { x: number; y: number; width: number; height: number };
import { TimeFrame, valueTickCount, type TimeChartInput } from './time-frame.svelte';
import type { SentimentLabel } from '../metrics';

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
	readonly #read: () => TimeChartInput;

	constructor(read: () => TimeChartInput) {
		this.#read = read;
	}

	readonly input = $derived.by(() => this.#read());
	/** Every mention drawn, all labels; end-to-end tests compare it with the data. */
	readonly total = $derived(totalMentions(this.input.series));
	readonly yMax = $derived(volumeMax(this.input.series));

	#yScaleFor(innerHeight: number) {
		return scaleLinear().domain([0, this.yMax]).range([innerHeight, 0]);
	}

	readonly #yTickValues = $derived.by(() =>
		this.#yScaleFor(1)
			.ticks(valueTickCount(this.input.height - MARGIN_TOP - MARGIN_BOTTOM))
			.filter((value) => Number.isInteger(value))
	);

	readonly margin = $derived({
		top: MARGIN_TOP,
		right: 12,
		bottom: MARGIN_BOTTOM,
		left: marginForLabels(this.#yTickValues.map(formatCountShort))
	});

	readonly frame = new TimeFrame(() => ({ ...this.#read(), margin: this.margin }));

	readonly y = $derived(this.#yScaleFor(this.frame.innerHeight));

	readonly yTicks: Tick[] = $derived(
		this.#yTickValues.map((value) => ({ value, offset: this.y(value), label: formatCountShort(value) }))
	);

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
