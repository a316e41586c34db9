import { scaleTime } from 'd3';
import { describe, expect, it } from 'vitest';
import { countTickValues, timeAxisTicks } from './time-frame.svelte';

describe('countTickValues', () => {
	it('ticks a count axis at whole numbers only', () => {
		expect(countTickValues(2, 400)).toEqual([0, 1, 2]);
		expect(countTickValues(100, 100)).toEqual([0, 50, 100]);
	});
});

describe('timeAxisTicks', () => {
	const from = Date.UTC(2026, 10, 23, 10, 0);

	it('labels clock times across the width, in the zone given', () => {
		const to = from + 3_600_000;
		const x = scaleTime().domain([from, to]).range([0, 480]);
		const ticks = timeAxisTicks(from, to, 480, x, 'UTC');
		expect(ticks.length).toBeGreaterThanOrEqual(2);
		expect(ticks.length).toBeLessThanOrEqual(5);
		for (const tick of ticks) {
			expect(tick.offset).toBeCloseTo(x(tick.value));
			expect(tick.label).toMatch(/^\d\d:\d\d$/);
		}
	});

	it('labels days, not times, past 8 days', () => {
		const to = from + 30 * 86_400_000;
		const x = scaleTime().domain([from, to]).range([0, 600]);
		const ticks = timeAxisTicks(from, to, 600, x, 'UTC');
		expect(ticks.length).toBeGreaterThanOrEqual(2);
		for (const tick of ticks) expect(new Date(tick.value).getUTCHours()).toBe(0);
	});
});
