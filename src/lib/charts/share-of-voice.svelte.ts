import {
	area,
	curveMonotoneX,
	scaleLinear,
	scaleUtc,
	stack,
	stackOrderNone,
	type SeriesPoint as StackPoint
} from 'd3';
import { formatCountShort } from './format';
import { marginForLabels, niceCeiling, valueTicks, type Tick } from './geometry';
import { countTickValues, timeAxisTicks } from './time-frame.svelte';

export interface ShareOfVoiceInput {
	/** Brands in drawing order; the first is the brand on screen and sits on the baseline. */
	brands: string[];
	series: { t: number; counts: Record<string, number> }[];
	from: number;
	to: number;
	stepSeconds: number;
	width: number;
	height: number;
	timeZone?: string;
}

export interface ShareLayer {
	brand: string;
	d: string;
}

const MARGIN_TOP = 8;
const MARGIN_BOTTOM = 24;

/**
 * Mentions per step for the brand and its competitors, stacked: the total height is the conversation, each
 * band a brand's voice in it. The brand on screen is the bottom band, so its shape reads against a flat base.
 */
export class ShareOfVoiceState {
	readonly #read: () => ShareOfVoiceInput;

	constructor(read: () => ShareOfVoiceInput) {
		this.#read = read;
	}

	readonly input = $derived.by(() => this.#read());

	readonly stacked = $derived.by(() => {
		const { brands, series } = this.input;
		return stack<{ t: number; counts: Record<string, number> }, string>()
			.keys(brands)
			.value((point, brand) => point.counts[brand] ?? 0)
			.order(stackOrderNone)(series);
	});

	readonly yMax = $derived(
		niceCeiling(this.stacked.reduce((max, layer) => Math.max(max, ...layer.map((span) => span[1])), 0))
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

	readonly innerWidth = $derived(Math.max(0, this.input.width - this.margin.left - this.margin.right));
	readonly innerHeight = $derived(Math.max(0, this.input.height - this.margin.top - this.margin.bottom));

	readonly x = $derived(scaleUtc().domain([this.input.from, this.input.to]).range([0, this.innerWidth]));
	readonly y = $derived(scaleLinear().domain([0, this.yMax]).range([this.innerHeight, 0]));

	readonly yTicks: Tick[] = $derived(valueTicks(this.#yTickValues, this.y, formatCountShort));

	readonly xTicks: Tick[] = $derived(
		timeAxisTicks(this.input.from, this.input.to, this.innerWidth, this.x, this.input.timeZone)
	);

	readonly layers: ShareLayer[] = $derived.by(() => {
		const half = (this.input.stepSeconds * 1000) / 2;
		const path = area<StackPoint<{ t: number; counts: Record<string, number> }>>()
			.x((span) => this.x(span.data.t + half))
			.y0((span) => this.y(span[0]))
			.y1((span) => this.y(span[1]))
			.curve(curveMonotoneX);
		return this.stacked.map((layer) => ({ brand: layer.key, d: path(layer) ?? '' }));
	});

	/** The step under a plot x position, for the tooltip. */
	pointAt(offsetX: number): { t: number; counts: Record<string, number> } | null {
		const { series, stepSeconds } = this.input;
		const time = this.x.invert(offsetX).getTime();
		const stepMs = stepSeconds * 1000;
		return series.find((point) => time >= point.t && time < point.t + stepMs) ?? null;
	}
}
