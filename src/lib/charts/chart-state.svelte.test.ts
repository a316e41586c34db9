import { describe, expect, it } from 'vitest';
import { emptyPoint, type SeriesPoint } from '../metrics';
import { LatencyChartState, LATENCY_TARGET_S } from './latency-chart.svelte';
import { SentimentChartState } from './sentiment-chart.svelte';
import type { TimeChartInput } from './time-frame.svelte';
import { VolumeChartState } from './volume-chart.svelte';

const STEP = 60_000;
const FROM = Date.UTC(2026, 10, 23, 10, 0);

function point(index: number, values: Partial<SeriesPoint> = {}): SeriesPoint {
	return { ...emptyPoint(FROM + index * STEP), ...values };
}

function chartInput(series: SeriesPoint[]): TimeChartInput {
	return {
		series,
		from: FROM,
		to: FROM + series.length * STEP,
		stepSeconds: STEP / 1000,
		at: FROM + (series.length - 0.5) * STEP,
		width: 640,
		height: 240
	};
}

describe('VolumeChartState', () => {
	it('follows its input: size, series and totals', () => {
		const input = $state(
			chartInput([point(0, { negative: 1, neutral: 2, positive: 3 }), point(1, { neutral: 4 })])
		);
		const chart = new VolumeChartState(() => input);

		expect(chart.total).toBe(10);
		expect(chart.yMax).toBe(10);
		expect(chart.frame.innerWidth).toBe(640 - chart.margin.left - chart.margin.right);
		expect(chart.yTicks[0]).toMatchObject({ value: 0, offset: chart.frame.innerHeight, label: '0' });

		input.series = [...input.series, point(2, { negative: 40 })];
		input.to += STEP;
		expect(chart.total).toBe(50);
		expect(chart.yMax).toBe(50);

		input.width = 320;
		expect(chart.frame.innerWidth).toBe(320 - chart.margin.left - chart.margin.right);
	});

	it('draws the step in progress apart from completed steps', () => {
		const chart = new VolumeChartState(() =>
			chartInput([point(0, { negative: 2, positive: 1 }), point(1, { negative: 1, positive: 1 })])
		);
		const negative = chart.layers.find((layer) => layer.key === 'negative');
		expect(negative?.d.match(/M/g)).toHaveLength(1);
		expect(negative?.partialD.match(/M/g)).toHaveLength(1);
		const neutral = chart.layers.find((layer) => layer.key === 'neutral');
		expect(neutral?.d).toBe('');
	});

	it('projects the step in progress, clipped to the axis', () => {
		const chart = new VolumeChartState(() =>
			chartInput([point(0, { neutral: 10 }), point(1, { negative: 4, neutral: 4 })])
		);
		expect(chart.projection?.total).toBe(16);
		expect(chart.projection?.clipped).toBe(true);
		expect(chart.projection?.y).toBe(0);
	});

	it('widens the left margin for longer labels', () => {
		const small = new VolumeChartState(() => chartInput([point(0, { neutral: 8 })]));
		const large = new VolumeChartState(() => chartInput([point(0, { neutral: 48_000 })]));
		expect(large.margin.left).toBeGreaterThan(small.margin.left);
	});
});

describe('SentimentChartState', () => {
	it('centres zero and breaks the line at empty steps', () => {
		const chart = new SentimentChartState(() =>
			chartInput([
				point(0, { avg_sentiment: 0.3 }),
				point(1),
				point(2, { avg_sentiment: -0.2 }),
				point(3, { avg_sentiment: -0.1 })
			])
		);
		expect(chart.domain).toEqual([-0.5, 0.5]);
		expect(chart.zeroY).toBeCloseTo(chart.frame.innerHeight / 2);
		expect(chart.yTicks.map((tick) => tick.label)).toEqual(['−0.50', '−0.25', '0.00', '+0.25', '+0.50']);
		const calm = new SentimentChartState(() => chartInput([point(0, { avg_sentiment: 0.1 })]));
		expect(calm.yTicks.map((tick) => tick.label)).toEqual(['−0.25', '0.00', '+0.25']);
		// One subpath per run of valued steps; the lone first value is also drawn as a dot.
		expect(chart.linePath.match(/M/g)).toHaveLength(2);
		expect(chart.isolatedPoints).toHaveLength(1);
		expect(chart.isolatedPoints[0]?.cy).toBeLessThan(chart.zeroY);
	});
});

describe('LatencyChartState', () => {
	it('keeps the 1 h target in view and labels the axis in durations', () => {
		const chart = new LatencyChartState(() =>
			chartInput([
				point(0, { latency_p50_s: 600, latency_p90_s: 1500 }),
				point(1, { latency_p50_s: 900, latency_p90_s: 2400 })
			])
		);
		expect(chart.yMax).toBeGreaterThan(LATENCY_TARGET_S);
		expect(chart.targetY).toBeGreaterThan(0);
		expect(chart.targetY).toBeLessThan(chart.frame.innerHeight);
		expect(chart.yTicks.map((tick) => tick.label)).toContain('1 h');
		expect(chart.medianPath.startsWith('M')).toBe(true);
		expect(chart.bandPath.endsWith('Z')).toBe(true);
	});

	it('draws nothing for a window without replies', () => {
		const chart = new LatencyChartState(() => chartInput([point(0), point(1)]));
		expect(chart.medianPath).toBe('');
		expect(chart.p90Path).toBe('');
		expect(chart.isolatedPoints).toEqual([]);
	});
});
