import { scaleLinear, scaleTime } from 'd3';
import { describe, expect, it } from 'vitest';
import { emptyPoint, type SeriesPoint } from '../metrics';
import {
	barBox,
	dayTicks,
	durationTicks,
	gappedBandPath,
	gappedLinePath,
	isolatedIndices,
	isPartialStep,
	latencyMax,
	niceCeiling,
	projectedStepTotal,
	rectanglesPath,
	sentimentDomain,
	spreadTicks,
	stackBySentiment,
	stepIndexAt,
	totalMentions,
	valueTicks,
	volumeMax
} from './geometry';

const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0);

function point(index: number, values: Partial<SeriesPoint> = {}): SeriesPoint {
	return { ...emptyPoint(T0 + index * STEP), ...values };
}

const moves = (path: string) => path.match(/M/g)?.length ?? 0;

describe('stacking', () => {
	const series = [
		point(0, { negative: 2, neutral: 3, positive: 5 }),
		point(1, { negative: 1, neutral: 0, positive: 4 })
	];

	it('puts negative on the baseline, then neutral, then positive', () => {
		const layers = stackBySentiment(series);
		expect(layers.map((layer) => layer.key)).toEqual(['negative', 'neutral', 'positive']);
		expect(layers[0]?.spans.map((span) => [span.y0, span.y1])).toEqual([
			[0, 2],
			[0, 1]
		]);
		expect(layers[2]?.spans.map((span) => [span.y0, span.y1])).toEqual([
			[5, 10],
			[1, 5]
		]);
	});

	it('totals every label of every step', () => {
		expect(totalMentions(series)).toBe(15);
		expect(totalMentions([])).toBe(0);
	});

	it('ends the volume axis on a round number above the tallest step', () => {
		expect(volumeMax(series)).toBe(10);
		expect(volumeMax([point(0, { neutral: 73 })])).toBe(100);
		expect(volumeMax([])).toBe(1);
		expect(niceCeiling(21)).toBe(25);
		expect(niceCeiling(0.3)).toBe(0.5);
	});
});

describe('bars', () => {
	const x = scaleTime()
		.domain([T0, T0 + 10 * STEP])
		.range([0, 500]);

	it('leaves a gap between wide bars and none between hairlines', () => {
		const wide = barBox(x, T0, STEP);
		expect(wide.x).toBeGreaterThan(0);
		expect(wide.width).toBeLessThan(50);
		expect(wide.width).toBeGreaterThan(45);
		const dense = barBox(
			scaleTime()
				.domain([T0, T0 + 1000 * STEP])
				.range([0, 500]),
			T0,
			STEP
		);
		expect(dense.width).toBeCloseTo(0.5);
	});

	it('draws many rectangles as one path and skips empty ones', () => {
		const d = rectanglesPath([
			{ x: 0, y: 10, width: 4, height: 5 },
			{ x: 5, y: 15, width: 4, height: 0 },
			{ x: 10, y: 2, width: 4, height: 13 }
		]);
		expect(d).toBe('M0,10h4v5h-4ZM10,2h4v13h-4Z');
	});

	it('projects the step in progress to its end at the current pace', () => {
		const filling = point(0, { negative: 6, neutral: 3, positive: 3 });
		expect(projectedStepTotal(filling, STEP, T0 + STEP / 2)).toBe(24);
		expect(projectedStepTotal(filling, STEP, T0 + STEP / 10)).toBeNull();
		expect(projectedStepTotal(filling, STEP, T0 + STEP)).toBeNull();
	});

	it('knows which step is still filling up', () => {
		expect(isPartialStep(T0, STEP, T0 + 30_000)).toBe(true);
		expect(isPartialStep(T0, STEP, T0 + STEP)).toBe(false);
	});
});

describe('domains and ticks', () => {
	it('keeps sentiment symmetric around zero, in a few fixed sizes', () => {
		expect(sentimentDomain([point(0, { avg_sentiment: 0.1 }), point(1, { avg_sentiment: -0.3 })])).toEqual([
			-0.5, 0.5
		]);
		expect(sentimentDomain([point(0, { avg_sentiment: 0.05 })])).toEqual([-0.25, 0.25]);
		expect(sentimentDomain([point(0, { avg_sentiment: -0.95 })])).toEqual([-1, 1]);
		expect(sentimentDomain([])).toEqual([-0.25, 0.25]);
	});

	it('ticks durations at round intervals', () => {
		expect(durationTicks(4 * 3600, 4)).toEqual([0, 3600, 7200, 10800, 14400]);
		expect(durationTicks(1000, 4)).toEqual([0, 300, 600, 900, 1200]);
	});

	it('always shows the latency target, and the slowest p90', () => {
		expect(latencyMax([], 3600, 4)).toBeGreaterThanOrEqual(3600);
		const slow = [point(0, { latency_p50_s: 3000, latency_p90_s: 5 * 3600 })];
		expect(latencyMax(slow, 3600, 4)).toBeGreaterThanOrEqual(5 * 3600);
	});

	it('places and labels gridlines at the values given', () => {
		const y = scaleLinear().domain([0, 10]).range([100, 0]);
		expect(valueTicks([0, 5, 10], y, (value) => `${value}×`)).toEqual([
			{ value: 0, offset: 100, label: '0×' },
			{ value: 5, offset: 50, label: '5×' },
			{ value: 10, offset: 0, label: '10×' }
		]);
	});

	it('finds the step under a time', () => {
		const series = [point(0), point(1), point(2)];
		expect(stepIndexAt(series, T0 + 90_000, STEP)).toBe(1);
		expect(stepIndexAt(series, T0 - 1, STEP)).toBeNull();
		expect(stepIndexAt(series, T0 + 3 * STEP, STEP)).toBeNull();
	});
});

describe('lines with gaps', () => {
	const x = scaleTime()
		.domain([T0, T0 + 6 * STEP])
		.range([0, 600]);
	const y = scaleLinear().domain([-1, 1]).range([100, 0]);
	const series = [
		point(0, { avg_sentiment: 0.2 }),
		point(1, { avg_sentiment: 0.4 }),
		point(2),
		point(3, { avg_sentiment: -0.5 }),
		point(4),
		point(5, { avg_sentiment: 0.1 })
	];
	const average = (p: SeriesPoint) => p.avg_sentiment;

	it('breaks the line at empty steps instead of bridging them', () => {
		const d = gappedLinePath(series, x, y, average, STEP);
		expect(moves(d)).toBe(3);
		expect(d.startsWith('M50,40')).toBe(true);
	});

	it('breaks bands the same way', () => {
		const d = gappedBandPath(series, x, y, () => 0, average, STEP);
		expect(moves(d)).toBe(3);
	});

	it('marks values with no neighbour, which a line cannot show', () => {
		expect(isolatedIndices(series, average)).toEqual([3, 5]);
	});

	it('draws nothing for an all-empty series', () => {
		expect(gappedLinePath([point(0), point(1)], x, y, average, STEP)).toBe('');
	});
});

describe('time ticks', () => {
	it('ticks long windows at midnights a fixed number of days apart, across month ends', () => {
		const from = new Date(2026, 9, 24, 18).getTime();
		const to = new Date(2026, 10, 23, 18).getTime();
		const ticks = dayTicks(from, to, 10);
		expect(ticks.length).toBeLessThanOrEqual(10);
		expect(ticks.every((date) => date.getHours() === 0 && date.getMinutes() === 0)).toBe(true);
		const gaps = ticks
			.slice(1)
			.map((date, index) => Math.round((date.getTime() - ticks[index]!.getTime()) / 86_400_000));
		expect(new Set(gaps).size).toBe(1);
	});

	it('drops ticks crowding the previous one', () => {
		const offsets = [0, 30, 80, 100, 170].map((offset) => ({ offset }));
		expect(spreadTicks(offsets, 60).map((tick) => tick.offset)).toEqual([0, 80, 170]);
	});
});
