/**
 * Time-zone arithmetic for axes, tooltips and tables. Everything the reader sees is in one IANA zone of their
 * choosing (not the browser's), so these helpers take the zone explicitly; `undefined` means the runtime's
 * own zone, which keeps older callers and tests working unchanged.
 */
import { scaleUtc } from 'd3';

/** Cookie holding the reader's zone, so the server renders their times on the next visit. */
export const TIME_ZONE_COOKIE = 'tz';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string | undefined): Intl.DateTimeFormat {
	const key = timeZone ?? '';
	let format = partsFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		partsFormats.set(key, format);
	}
	return format;
}

export interface ZonedParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** Wall-clock fields of an instant in a zone. */
export function zonedParts(epochMs: number, timeZone?: string): ZonedParts {
	const out: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const part of partsFormat(timeZone).formatToParts(epochMs)) {
		if (part.type in out) out[part.type as keyof ZonedParts] = Number(part.value);
	}
	// Some engines still print midnight as hour 24 despite h23.
	if (out.hour === 24) out.hour = 0;
	return out;
}

/** Minutes the zone's wall clock is ahead of UTC at that instant (+60 for Berlin in winter). */
export function zoneOffsetMinutes(epochMs: number, timeZone?: string): number {
	const p = zonedParts(epochMs, timeZone);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / MINUTE_MS);
}

/** "UTC+01:00", "UTC−03:30", "UTC+00:00": the offset readers compare with other tools' timestamps. */
export function formatZoneOffset(epochMs: number, timeZone?: string): string {
	const offset = zoneOffsetMinutes(epochMs, timeZone);
	const sign = offset < 0 ? '\u2212' : '+';
	const abs = Math.abs(offset);
	return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Whether the instant is a midnight on the zone's wall clock. */
export function isZonedMidnight(epochMs: number, timeZone?: string): boolean {
	const p = zonedParts(epochMs, timeZone);
	return p.hour === 0 && p.minute === 0;
}

/** The instant whose wall clock in `timeZone` reads the given fields (the earlier one across a DST overlap). */
export function zonedInstant(
	fields: Omit<ZonedParts, 'second'> & { second?: number },
	timeZone?: string
): number {
	const guess = Date.UTC(
		fields.year,
		fields.month - 1,
		fields.day,
		fields.hour,
		fields.minute,
		fields.second ?? 0
	);
	// Two passes settle the offset even when the guess lands on the other side of a DST change.
	let instant = guess - zoneOffsetMinutes(guess, timeZone) * MINUTE_MS;
	instant = guess - zoneOffsetMinutes(instant, timeZone) * MINUTE_MS;
	return instant;
}

/** Start of the zone's calendar day containing the instant. */
export function zonedDayStart(epochMs: number, timeZone?: string): number {
	const p = zonedParts(epochMs, timeZone);
	return zonedInstant({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, timeZone);
}

/**
 * Round time ticks on the zone's wall clock: d3's UTC ticks over the domain shifted by the zone's offset,
 * shifted back. An hourly tick then lands on 10:00 Kolkata time, not on 10:00 UTC (which reads 15:30 there).
 */
export function zonedTimeTicks(fromMs: number, toMs: number, count: number, timeZone?: string): number[] {
	const offsetMs = zoneOffsetMinutes(fromMs, timeZone) * MINUTE_MS;
	const shifted = scaleUtc()
		.domain([fromMs + offsetMs, toMs + offsetMs])
		.ticks(count);
	return shifted
		.map((date) => {
			// Re-read the offset per tick, so ticks after a DST change still sit on round wall-clock times.
			const wall = date.getTime();
			return wall - zoneOffsetMinutes(wall - offsetMs, timeZone) * MINUTE_MS;
		})
		.filter((tick) => tick >= fromMs && tick <= toMs);
}

/**
 * Midnights of the zone every few days, a fixed number of days apart (d3's own day ticks restart at each
 * month, which puts "31 Oct" and "1 Nov" side by side).
 */
export function zonedDayTicks(fromMs: number, toMs: number, count: number, timeZone?: string): number[] {
	const days: number[] = [];
	let day = zonedDayStart(fromMs, timeZone);
	if (day < fromMs) day = zonedDayStart(day + DAY_MS + 3 * 3_600_000, timeZone);
	while (day < toMs) {
		days.push(day);
		// +27 h then back to midnight: days are 23 to 25 hours long across DST changes.
		day = zonedDayStart(day + DAY_MS + 3 * 3_600_000, timeZone);
	}
	const every = Math.max(1, Math.ceil(days.length / Math.max(1, count)));
	return days.filter((_, index) => index % every === 0);
}

/** IANA zones the runtime knows, for the picker; a short fallback for engines without supportedValuesOf. */
export function supportedTimeZones(): string[] {
	const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
	const zones = intl.supportedValuesOf?.('timeZone') ?? [];
	return zones.length
		? [...zones]
		: ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];
}

/** Whether the runtime accepts the string as a time zone. */
export function isValidTimeZone(zone: string): boolean {
	if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(zone)) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** The zone this browser (or server process) runs in. */
export function runtimeTimeZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
