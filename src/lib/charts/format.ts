/**
 * Number, duration and time formatting shared by tiles, axes and tooltips. Numbers use a fixed locale so
 * server-rendered and hydrated text agree. Clock times take the reader's chosen IANA zone; without one they use
 * the runtime's zone.
 */
import type { MetricsWindow } from '../metrics';
import { formatZoneOffset, isZonedMidnight } from './time-zone';

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const DATE_OPTIONS = {
	clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
	clockSeconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
	weekdayDay: { weekday: 'short', day: 'numeric' },
	dayMonth: { day: 'numeric', month: 'short' },
	longDay: { weekday: 'short', day: 'numeric', month: 'short' },
	dayMonthYear: { day: 'numeric', month: 'short', year: 'numeric' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type DateStyle = keyof typeof DATE_OPTIONS;

/** Building an Intl formatter costs far more than using one; charts format hundreds of labels per frame. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(style: DateStyle, timeZone: string | undefined): Intl.DateTimeFormat {
	const key = `${style}|${timeZone ?? ''}`;
	let format = dateFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat('en-GB', { ...DATE_OPTIONS[style], timeZone });
		dateFormats.set(key, format);
	}
	return format;
}

const EM_DASH = '—';
const MINUS = '\u2212';

/** "12,345"; compact ("1.2M") from a million up, where digits stop being readable at a glance. */
export function formatCount(value: number): string {
	return Math.abs(value) >= 1_000_000 ? compactFormat.format(value) : countFormat.format(value);
}

/** Axis labels: always compact ("1.2K") so the y axis stays narrow. */
export function formatCountShort(value: number): string {
	return Math.abs(value) >= 1000 ? compactFormat.format(value) : countFormat.format(value);
}

/** A share in [0, 1] as "18.4%"; "—" when unknown. */
export function formatPercent(share: number | null, fractionDigits = 1): string {
	if (share === null || !Number.isFinite(share)) return EM_DASH;
	return `${(share * 100).toFixed(fractionDigits)}%`;
}

/** A score in [-1, 1] with an explicit sign and a true minus ("+0.23", "−0.08"). */
export function formatSigned(value: number | null, fractionDigits = 2): string {
	if (value === null || !Number.isFinite(value)) return EM_DASH;
	const rounded = value.toFixed(fractionDigits);
	if (Number(rounded) === 0) return (0).toFixed(fractionDigits);
	return value > 0 ? `+${rounded}` : `${MINUS}${rounded.slice(1)}`;
}

/** Relative change of `current` against `previous`; null when there is no baseline. */
export function relativeChange(current: number, previous: number): number | null {
	if (previous <= 0) return null;
	return (current - previous) / previous;
}

/** "+12%", "−4%", "0%": whole percents, since tiles show direction and rough size. */
export function formatChange(change: number): string {
	const percent = Math.round(change * 100);
	if (percent === 0) return '0%';
	return percent > 0 ? `+${percent}%` : `${MINUS}${Math.abs(percent)}%`;
}

const pad2 = (value: number) => String(value).padStart(2, '0');

/** A duration for people: "45 s", "12 min", "1 h 05 min", "2 d 03 h"; "—" when null. */
export function formatDuration(seconds: number | null): string {
	if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return EM_DASH;
	if (seconds < 59.5) return `${Math.round(seconds)} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
	const hours = Math.round(seconds / 3600);
	return `${Math.floor(hours / 24)} d ${pad2(hours % 24)} h`;
}

/** Axis tick labels, which fall on round durations: "30 s", "15 min", "1 h", "1 h 30 min", "2 d". */
export function formatDurationTick(seconds: number): string {
	if (seconds === 0) return '0';
	if (seconds < 60) return `${seconds} s`;
	if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
	if (seconds < 86400) {
		const minutes = Math.round(seconds / 60);
		const rest = minutes % 60;
		return rest === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${pad2(rest)} min`;
	}
	const hours = Math.round(seconds / 3600);
	return hours % 24 === 0 ? `${hours / 24} d` : `${Math.floor(hours / 24)} d ${pad2(hours % 24)} h`;
}

/** "09:05", 24-hour time in the zone. */
export function formatClock(epochMs: number, timeZone?: string): string {
	return dateFormat('clock', timeZone).format(epochMs);
}

/** "09:05:12": tables, where two mentions in the same minute must still read apart. */
export function formatClockSeconds(epochMs: number, timeZone?: string): string {
	return dateFormat('clockSeconds', timeZone).format(epochMs);
}

/** "Tue 24 Nov": the day part of table timestamps and range headings. */
export function formatDay(epochMs: number, timeZone?: string): string {
	return dateFormat('longDay', timeZone).format(epochMs);
}

/** "24 Nov 2026". */
export function formatDate(epochMs: number, timeZone?: string): string {
	return dateFormat('dayMonthYear', timeZone).format(epochMs);
}

/** "Tue 24 Nov, 09:05" — or just the clock when the instant falls on `todayMs`'s day in the zone. */
export function formatDateTime(epochMs: number, timeZone?: string, todayMs?: number): string {
	const day = formatDay(epochMs, timeZone);
	if (todayMs !== undefined && formatDay(todayMs, timeZone) === day) return formatClock(epochMs, timeZone);
	return `${day}, ${formatClock(epochMs, timeZone)}`;
}

/** A range heading: "Tue 24 Nov, 09:00–10:30 UTC+01:00", naming both days when it crosses midnight. */
export function formatRange(fromMs: number, toMs: number, timeZone?: string): string {
	const fromDay = formatDay(fromMs, timeZone);
	// The end is exclusive: a range ending at midnight belongs to the day before.
	const endDay = formatDay(toMs - 1, timeZone);
	const start = `${fromDay}, ${formatClock(fromMs, timeZone)}`;
	const end =
		fromDay === endDay
			? formatClock(toMs, timeZone)
			: `${formatDay(toMs, timeZone)}, ${formatClock(toMs, timeZone)}`;
	return `${start}–${end} ${formatZoneOffset(fromMs, timeZone)}`;
}

/**
 * Time-axis labels: clock times, except midnights, which name the day ("Tue 24") so a reader sees the day
 * change; windows longer than a week label days as dates ("24 Nov").
 */
export function formatTimeTick(epochMs: number, spanSeconds: number, timeZone?: string): string {
	if (spanSeconds > 8 * 86400) return dateFormat('dayMonth', timeZone).format(epochMs);
	if (isZonedMidnight(epochMs, timeZone)) return dateFormat('weekdayDay', timeZone).format(epochMs);
	return formatClock(epochMs, timeZone);
}

/** A step's time range for tooltips: "10:05–10:10", with the day when the window spans days. */
export function formatStepRange(
	startMs: number,
	stepSeconds: number,
	spanSeconds: number,
	timeZone?: string
): string {
	const endMs = startMs + stepSeconds * 1000;
	const range = `${formatClock(startMs, timeZone)}–${formatClock(endMs, timeZone)}`;
	return spanSeconds > 86400 ? `${formatDay(startMs, timeZone)}, ${range}` : range;
}

/** Short names for the window picker. */
export const WINDOW_SHORT_LABELS: Record<MetricsWindow, string> = {
	'15m': '15 min',
	'1h': '1 h',
	'6h': '6 h',
	'24h': '24 h',
	'7d': '7 d',
	'30d': '30 d'
};

/** Spoken names: picker tooltips, screen readers, headings. */
export const WINDOW_LONG_LABELS: Record<MetricsWindow, string> = {
	'15m': 'Last 15 minutes',
	'1h': 'Last hour',
	'6h': 'Last 6 hours',
	'24h': 'Last 24 hours',
	'7d': 'Last 7 days',
	'30d': 'Last 30 days'
};

/** "1-minute steps", "6-hour steps". */
export function formatStepSize(stepSeconds: number): string {
	if (stepSeconds < 3600) return `${Math.round(stepSeconds / 60)}-minute steps`;
	if (stepSeconds < 86400) return `${Math.round(stepSeconds / 3600)}-hour steps`;
	return `${Math.round(stepSeconds / 86400)}-day steps`;
}
