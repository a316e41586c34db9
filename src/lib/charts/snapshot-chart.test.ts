import { describe, expect, it } from 'vitest';
import { emptyPoint, type MetricsSnapshot, type SeriesPoint } from '../metrics';
import { mentionsInRange, snapshotChartInput } from './snapshot-chart';

const STEP = 60_000;
const FROM = Date.UTC(2026, 10, 23, 10, 0);

function point(index: number, negative: number, positive: number): SeriesPoint {
	return { ...emptyPoint(FROM + index * STEP), negative, positive };
}

const series = [point(0, 1, 2), point(1, 3, 0), point(2, 0, 5)];

describe('snapshotChartInput', () => {
	it('takes the series and bounds from the snapshot and the size from the plot', () => {
		const snapshot = {
			at: FROM + 2.5 * STEP,
			from: FROM,
			to: FROM + 3 * STEP,
			step_seconds: STEP / 1000,
			series
		} as MetricsSnapshot;
		expect(snapshotChartInput(snapshot, { width: 640, height: 240 }, 'Europe/Paris')).toEqual({
			series,
			from: FROM,
			to: FROM + 3 * STEP,
			stepSeconds: 60,
			at: FROM + 2.5 * STEP,
			width: 640,
			height: 240,
			timeZone: 'Europe/Paris'
		});
	});
});

describe('mentionsInRange', () => {
	it('counts every label of the steps that start inside the range, end excluded', () => {
		expect(mentionsInRange(series, { from: FROM, to: FROM + 3 * STEP })).toBe(11);
		expect(mentionsInRange(series, { from: FROM + STEP, to: FROM + 2 * STEP })).toBe(3);
		expect(mentionsInRange(series, { from: FROM + 3 * STEP, to: FROM + 4 * STEP })).toBe(0);
	});
});
