/**
 * Time-based behaviour of an unattended screen: the office-hours dimmer and the burn-in pixel shift. Pure
 * functions of the clock, so the screen needs no state that could drift over days.
 */
import type { OfficeHours } from './board';

const ISO_WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
/** Formatters are costly to build and the zone rarely changes: one per zone, a handful at most. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			weekday: 'short',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		});
		if (formatters.size > 16) formatters.clear();
		formatters.set(timeZone, format);
	}
	return format;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * Whether `now` falls in the office hours (always true without a schedule). An end before the start is a
 * night shift running past midnight; it belongs to the day it started on.
 */
export function isWithinOfficeHours(hours: OfficeHours | null, now: number): boolean {
	if (!hours) return true;
	const parts = formatterFor(hours.timezone).formatToParts(now);
	const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	const weekday = ISO_WEEKDAY[part('weekday')] ?? 1;
	const minute = (Number(part('hour')) % 24) * 60 + Number(part('minute'));
	const start = minutesOf(hours.start);
	const end = minutesOf(hours.end);
	if (start < end) return hours.days.includes(weekday) && minute >= start && minute < end;
	const yesterday = weekday === 1 ? 7 : weekday - 1;
	return (
		(hours.days.includes(weekday) && minute >= start) || (hours.days.includes(yesterday) && minute < end)
	);
}

/** How often static elements move, and the offsets they visit: never more than 2 px from home. */
export const PIXEL_SHIFT_PERIOD_MS = 3 * 60 * 1000;
const OFFSETS: ReadonlyArray<readonly [number, number]> = [
	[0, 0],
	[2, 0],
	[2, 2],
	[0, 2],
	[-2, 2],
	[-2, 0],
	[-2, -2],
	[0, -2],
	[2, -2]
];

/** The offset for this moment, derived from the clock so every reload lands on the same path. */
export function pixelShiftAt(now: number): { x: number; y: number } {
	const [x, y] = OFFSETS[Math.floor(now / PIXEL_SHIFT_PERIOD_MS) % OFFSETS.length]!;
	return { x, y };
}
