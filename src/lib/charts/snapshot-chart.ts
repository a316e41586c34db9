/**
 * What the dashboard's time charts (volume, sentiment, response time) have in common: each draws one side of
 * the same live snapshot, with the same props, so each component only adds what it draws.
 */
import type { MetricsSnapshot, SeriesPoint } from '../metrics';
import type { TimeRange } from './brush.svelte';
import type { ChartHover } from './chart-hover.svelte';
import { totalMentions } from './geometry';
import type { TimeChartInput } from './time-frame.svelte';

/** The props the dashboard gives each of its time charts (SnapshotChart.svelte is the frame they draw in). */
export interface DashboardChartProps {
	/** The view's snapshot; the chart draws its per-step series. */
	snapshot: MetricsSnapshot;
	/** Hover state shared with the other charts. */
	hover: ChartHover;
	/** Smallest plot height in pixels; the plot grows with the space the page gives the panel. */
	minHeight?: number;
	/** IANA zone of the axis and tooltips; the runtime's zone when absent. */
	timeZone?: string;
	/** Opens the mentions of a clicked step, brushed range or clicked marker; read-only without it. */
	onselectrange?: (range: TimeRange) => void;
}

/** A chart state's input: the snapshot's series and bounds, drawn at the plot's measured size. */
export function snapshotChartInput(
	snapshot: MetricsSnapshot,
	size: { width: number; height: number },
	timeZone: string | undefined
): TimeChartInput {
	return {
		series: snapshot.series,
		from: snapshot.from,
		to: snapshot.to,
		stepSeconds: snapshot.step_seconds,
		at: snapshot.at,
		width: size.width,
		height: size.height,
		timeZone
	};
}

/** Mentions in the steps a brush covers: the figure the drill-down's list must match. */
export function mentionsInRange(series: readonly SeriesPoint[], range: TimeRange): number {
	return totalMentions(series.filter((point) => point.t >= range.from && point.t < range.to));
}
