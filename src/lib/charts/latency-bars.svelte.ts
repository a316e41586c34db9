import { scaleBand, scaleLinear } from 'd3';
import { formatDurationTick } from './format';
import { durationTicks, marginForLabels, valueTicks, type Tick } from './geometry';
import { valueTickCount } from './time-frame.svelte';

/** One bar group: a channel, or an hour of the day. */
export interface LatencyBarGroup {
	key: string;
	/** Axis label under the bars. */
	label: string;
	responses: number;
	p50_s: number | null;
	p90_s: number | null;
	/** Drawn on a shaded background (business hours). */
	shaded?: boolean;
}

export interface LatencyBarsInput {
	groups: LatencyBarGroup[];
	/** Reference line, e.g. the 1-hour target. */
	targetSeconds: number;
	width: number;
	height: number;
}

export interface LatencyBar {
	key: string;
	x: number;
	width: number;
	/** Top of the p90 bar and of the median bar; null without replies. */
	p90Y: number | null;
	p50Y: number | null;
	/** Centre, for labels. */
	cx: number;
}

const MARGIN_TOP = 10;
const MARGIN_BOTTOM = 24;

/**
 * Reply latency per group as bars: the p90 as a pale bar behind the median, so one glance shows the typical
 * reply and the slow tail. d3 computes the scales and boxes; the component draws them.
 */
export class LatencyBarsState {
	readonly #read: () => LatencyBarsInput;

	constructor(read: () => LatencyBarsInput) {
		this.#read = read;
	}

	readonly input = $derived.by(() => this.#read());

	readonly #tickValues = $derived.by(() => {
		const { groups, targetSeconds, height } = this.input;
		const max = groups.reduce(
			(top, group) => Math.max(top, group.p90_s ?? 0, group.p50_s ?? 0),
			targetSeconds * 1.1
		);
		return durationTicks(max, valueTickCount(height - MARGIN_TOP - MARGIN_BOTTOM));
	});

	readonly yMax = $derived(this.#tickValues.at(-1) ?? 1);

	readonly margin = $derived({
		top: MARGIN_TOP,
		right: 8,
		bottom: MARGIN_BOTTOM,
		left: marginForLabels(this.#tickValues.map(formatDurationTick))
	});

	readonly innerWidth = $derived(Math.max(0, this.input.width - this.margin.left - this.margin.right));
	readonly innerHeight = $derived(Math.max(0, this.input.height - this.margin.top - this.margin.bottom));

	readonly x = $derived(
		scaleBand<string>()
			.domain(this.input.groups.map((group) => group.key))
			.range([0, this.innerWidth])
			.paddingInner(0.25)
			.paddingOuter(0.1)
	);

	readonly y = $derived(scaleLinear().domain([0, this.yMax]).range([this.innerHeight, 0]));

	readonly yTicks: Tick[] = $derived(valueTicks(this.#tickValues, this.y, formatDurationTick));

	readonly targetY = $derived(this.y(this.input.targetSeconds));

	readonly bars: LatencyBar[] = $derived(
		this.input.groups.map((group) => {
			const x = this.x(group.key) ?? 0;
			const width = this.x.bandwidth();
			return {
				key: group.key,
				x,
				width,
				cx: x + width / 2,
				p90Y: group.p90_s === null ? null : this.y(group.p90_s),
				p50Y: group.p50_s === null ? null : this.y(group.p50_s)
			};
		})
	);

	/** Full-height backgrounds for shaded groups, widened to close the gaps between neighbours. */
	readonly shading = $derived.by(() => {
		const step = this.x.step();
		return this.input.groups
			.filter((group) => group.shaded)
			.map((group) => ({
				key: group.key,
				x: (this.x(group.key) ?? 0) - (step - this.x.bandwidth()) / 2,
				width: step
			}));
	});

	/** Axis labels at group centres, keyed by group, thinned so they never overlap (24 hours on a narrow panel). */
	readonly xLabels = $derived.by(() => {
		const every = Math.max(1, Math.ceil(28 / Math.max(1, this.x.step())));
		return this.input.groups
			.filter((_, index) => index % every === 0)
			.map((group) => ({
				value: group.key,
				offset: (this.x(group.key) ?? 0) + this.x.bandwidth() / 2,
				label: group.label
			}));
	});
}
