import { scaleLinear, scaleTime } from 'd3';
import type { SeriesPoint } from '../metrics';
import { formatTimeTick } from './format';
import { spreadTicks, stepIndexAt, type Margin, type Tick } from './geometry';
import { zonedDayTicks, zonedTimeTicks } from './time-zone';

/** What every time chart is drawn from: a snapshot's series and bounds, and the space it gets. */
export interface TimeChartInput {
	series: SeriesPoint[];
	/** Window bounds, epoch ms. */
	from: number;
	to: number;
	stepSeconds: number;
	/** When the snapshot was computed; the step containing it is still filling up. */
	at: number;
	width: number;
	height: number;
	/** IANA zone of every label; the runtime's zone when absent. */
	timeZone?: string;
}

/** Pixels per x-axis label: clock labels ("09:05") need room to breathe. */
const PIXELS_PER_TIME_TICK = 96;
/**
 * About how many value ticks fit a plot of this height. Charts size their left margin from their y labels,
 * so the count comes from the outer height and fixed vertical margins, never from the frame.
 */
export function valueTickCount(plotHeight: number): number {
	return Math.max(2, Math.round(plotHeight / 44));
}

/** Gridline values of a count axis from zero to `max`: whole numbers only, as many as fit the plot height. */
export function countTickValues(max: number, plotHeight: number): number[] {
	return scaleLinear()
		.domain([0, max])
		.ticks(valueTickCount(plotHeight))
		.filter((value) => Number.isInteger(value));
}

/**
 * Labels of a time axis this wide: clock times, or midnights for windows over 8 days, in the zone given,
 * thinned so neighbours never overlap.
 */
export function timeAxisTicks(
	from: number,
	to: number,
	innerWidth: number,
	x: (time: number) => number,
	timeZone: string | undefined
): Tick[] {
	const spanSeconds = (to - from) / 1000;
	const count = Math.max(2, Math.floor(innerWidth / PIXELS_PER_TIME_TICK));
	const times =
		spanSeconds > 8 * 86400
			? zonedDayTicks(from, to, count, timeZone)
			: zonedTimeTicks(from, to, count, timeZone);
	const ticks = times.map((time) => ({
		value: time,
		offset: x(time),
		label: formatTimeTick(time, spanSeconds, timeZone)
	}));
	return spreadTicks(ticks, PIXELS_PER_TIME_TICK * 0.6);
}

/** The shared time axis and plot area of a chart; the chart supplies its margins. */
export class TimeFrame {
	readonly #read: () => TimeChartInput & { margin: Margin };

	constructor(read: () => TimeChartInput & { margin: Margin }) {
		this.#read = read;
	}

	readonly margin = $derived.by(() => this.#read().margin);
	readonly innerWidth = $derived.by(() => {
		const { width, margin } = this.#read();
		return Math.max(0, width - margin.left - margin.right);
	});
	readonly innerHeight = $derived.by(() => {
		const { height, margin } = this.#read();
		return Math.max(0, height - margin.top - margin.bottom);
	});
	readonly stepMs = $derived.by(() => this.#read().stepSeconds * 1000);
	readonly spanSeconds = $derived.by(() => (this.#read().to - this.#read().from) / 1000);
	readonly timeZone = $derived.by(() => this.#read().timeZone);
	readonly from = $derived.by(() => this.#read().from);
	readonly to = $derived.by(() => this.#read().to);

	readonly x = $derived.by(() => {
		const { from, to } = this.#read();
		return scaleTime().domain([from, to]).range([0, this.innerWidth]);
	});

	readonly xTicks: Tick[] = $derived.by(() => {
		const { from, to, timeZone } = this.#read();
		return timeAxisTicks(from, to, this.innerWidth, this.x, timeZone);
	});

	/** Pixel centre of a step, where lines put its value and the crosshair sits. */
	stepCentre(startMs: number): number {
		return this.x(startMs + this.stepMs / 2);
	}

	/** The step under a horizontal pixel position inside the plot, or null. */
	indexAtOffset(offsetX: number): number | null {
		return this.indexAtTime(this.x.invert(offsetX).getTime());
	}

	/** The start of the step under a pixel offset, clamped to the window; for brushing, which may start in an empty step. */
	stepStartAtOffset(offsetX: number): number {
		const { from, to } = this.#read();
		const time = Math.min(Math.max(this.x.invert(offsetX).getTime(), from), to - 1);
		const first = this.#read().series[0]?.t ?? from;
		return first + Math.floor((time - first) / this.stepMs) * this.stepMs;
	}

	indexAtTime(timeMs: number): number | null {
		return stepIndexAt(this.#read().series, timeMs, this.stepMs);
	}
}
