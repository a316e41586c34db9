import { describe, expect, it } from 'vitest';
import { formatClock, formatRange, formatStepRange, formatTimeTick } from './format';
import {
	formatZoneOffset,
	isValidTimeZone,
	zonedDayTicks,
	zonedInstant,
	zonedParts,
	zonedTimeTicks,
	zoneOffsetMinutes
} from './time-zone';

const WINTER = Date.UTC(2026, 0, 15, 12, 0);
const SUMMER = Date.UTC(2026, 6, 15, 12, 0);

describe('zone offsets', () => {
	it('reads offsets across DST and for half-hour zones', () => {
		expect(zoneOffsetMinutes(WINTER, 'Europe/Berlin')).toBe(60);
		expect(zoneOffsetMinutes(SUMMER, 'Europe/Berlin')).toBe(120);
		expect(zoneOffsetMinutes(WINTER, 'Asia/Kolkata')).toBe(330);
		expect(zoneOffsetMinutes(WINTER, 'America/St_Johns')).toBe(-210);
		expect(zoneOffsetMinutes(WINTER, 'UTC')).toBe(0);
	});

	it('names the offset like "UTC+01:00", with a true minus', () => {
		expect(formatZoneOffset(WINTER, 'Europe/Berlin')).toBe('UTC+01:00');
		expect(formatZoneOffset(WINTER, 'Asia/Kolkata')).toBe('UTC+05:30');
		expect(formatZoneOffset(WINTER, 'America/New_York')).toBe('UTC\u221205:00');
		expect(formatZoneOffset(WINTER, 'UTC')).toBe('UTC+00:00');
	});

	it('turns wall-clock fields back into the instant', () => {
		const instant = zonedInstant({ year: 2026, month: 3, day: 29, hour: 12, minute: 0 }, 'Europe/Berlin');
		expect(instant).toBe(Date.UTC(2026, 2, 29, 10, 0));
		expect(zonedParts(instant, 'Europe/Berlin')).toMatchObject({ hour: 12, minute: 0, day: 29 });
	});

	it('accepts IANA names and refuses anything else', () => {
		expect(isValidTimeZone('Europe/Berlin')).toBe(true);
		expect(isValidTimeZone('Not/AZone')).toBe(false);
		expect(isValidTimeZone('../etc')).toBe(false);
	});
});

describe('zoned formatting', () => {
	it('formats clocks, ticks and ranges in the given zone', () => {
		expect(formatClock(WINTER, 'UTC')).toBe('12:00');
		expect(formatClock(WINTER, 'Asia/Kolkata')).toBe('17:30');
		const midnightBerlin = Date.UTC(2026, 0, 14, 23, 0);
		expect(formatTimeTick(midnightBerlin, 86_400, 'Europe/Berlin')).toBe('Thu 15');
		expect(formatTimeTick(midnightBerlin, 86_400, 'UTC')).toBe('23:00');
		expect(formatStepRange(WINTER, 300, 3600, 'Europe/Berlin')).toBe('13:00–13:05');
		expect(formatRange(WINTER, WINTER + 3_600_000, 'Europe/Berlin')).toBe(
			'Thu 15 Jan, 13:00–14:00 UTC+01:00'
		);
	});
});

describe('zoned ticks', () => {
	it('puts hourly ticks on the zone’s whole hours, not UTC’s', () => {
		const from = Date.UTC(2026, 0, 15, 0, 0);
		const ticks = zonedTimeTicks(from, from + 6 * 3_600_000, 6, 'Asia/Kolkata');
		expect(ticks.length).toBeGreaterThan(3);
		for (const tick of ticks) expect(zonedParts(tick, 'Asia/Kolkata').minute).toBe(0);
	});

	it('ticks long windows at the zone’s midnights, evenly spaced across a DST change', () => {
		const from = Date.UTC(2026, 2, 20, 12);
		const to = Date.UTC(2026, 3, 19, 12);
		const ticks = zonedDayTicks(from, to, 10, 'Europe/Berlin');
		expect(ticks.length).toBeLessThanOrEqual(10);
		for (const tick of ticks) expect(zonedParts(tick, 'Europe/Berlin')).toMatchObject({ hour: 0, minute: 0 });
		const days = ticks.slice(1).map((tick, index) => Math.round((tick - ticks[index]!) / 86_400_000));
		expect(new Set(days).size).toBe(1);
	});
});
