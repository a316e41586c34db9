import { describe, expect, it } from 'vitest';
import { isWithinOfficeHours, pixelShiftAt, PIXEL_SHIFT_PERIOD_MS } from './schedule';

describe('office hours', () => {
	const weekdays = { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };

	it('is open without a schedule', () => {
		expect(isWithinOfficeHours(null, Date.parse('2026-11-22T03:00:00Z'))).toBe(true);
	});

	it('follows the board time zone and weekdays', () => {
		// Monday 23 Nov 2026: 07:30 UTC is 08:30 in Berlin.
		expect(isWithinOfficeHours(weekdays, Date.parse('2026-11-23T07:30:00Z'))).toBe(true);
		expect(isWithinOfficeHours(weekdays, Date.parse('2026-11-23T06:30:00Z'))).toBe(false);
		expect(isWithinOfficeHours(weekdays, Date.parse('2026-11-23T17:00:00Z'))).toBe(false);
		// Sunday.
		expect(isWithinOfficeHours(weekdays, Date.parse('2026-11-22T10:00:00Z'))).toBe(false);
	});

	it('runs a night shift past midnight on the day it started', () => {
		const nights = { timezone: 'UTC', days: [5], start: '22:00', end: '06:00' };
		expect(isWithinOfficeHours(nights, Date.parse('2026-11-27T23:00:00Z'))).toBe(true); // Friday
		expect(isWithinOfficeHours(nights, Date.parse('2026-11-28T05:00:00Z'))).toBe(true); // Saturday early
		expect(isWithinOfficeHours(nights, Date.parse('2026-11-28T23:00:00Z'))).toBe(false);
	});
});

describe('pixel shift', () => {
	it('stays within 2 px and moves every period', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 20; i += 1) {
			const { x, y } = pixelShiftAt(i * PIXEL_SHIFT_PERIOD_MS);
			expect(Math.abs(x)).toBeLessThanOrEqual(2);
			expect(Math.abs(y)).toBeLessThanOrEqual(2);
			seen.add(`${x},${y}`);
		}
		expect(seen.size).toBe(9);
	});
});
