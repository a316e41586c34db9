/**
 * Number, duration and time formatting shared by tiles, axes and tooltips. Numbers use a fixed locale so
 * server-rendered and hydrated text agree; clock times use the viewer's time zone.
 */
import type { MetricsWindow } from '../metrics';

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const clockFormat = new Intl.DateTimeFormat('en-GB', {
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});
const weekdayDayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric' });
const dayMonthFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const longDayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

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

/** "09:05", 24-hour local time. */
export function formatClock(epochMs: number): string {
	return clockFormat.format(epochMs);
}

function isLocalMidnight(epochMs: number): boolean {
	const date = new Date(epochMs);
	return date.getHours() === 0 && date.getMinutes() === 0;
}

/**
 * Time-axis labels: clock times, except midnights, which name the day ("Tue 24") so a reader sees the day
 * change; windows longer than a week label days as dates ("24 Nov").
 */
export function formatTimeTick(epochMs: number, spanSeconds: number): string {
	if (spanSeconds > 8 * 86400) return dayMonthFormat.format(epochMs);
	if (isLocalMidnight(epochMs)) return weekdayDayFormat.format(epochMs);
	return formatClock(epochMs);
}

/** A step's time range for tooltips: "10:05–10:10", with the day when the window spans days. */
export function formatStepRange(startMs: number, stepSeconds: number, spanSeconds: number): string {
	const endMs = startMs + stepSeconds * 1000;
	const range = `${formatClock(startMs)}–${formatClock(endMs)}`;
	return spanSeconds > 86400 ? `${longDayFormat.format(startMs)}, ${range}` : range;
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
