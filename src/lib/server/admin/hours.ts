import type { BusinessHours } from '../drilldown/settings';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function minutes(clock: string): number | null {
	const match = /^(\d{1,2}):(\d{2})$/.exec(clock);
	if (!match) return null;
	const hours = Number(match[1]);
	const mins = Number(match[2]);
	if (mins > 59 || hours > 24 || (hours === 24 && mins !== 0)) return null;
	return hours * 60 + mins;
}

function days(spec: string): number[] | null {
	const result: number[] = [];
	for (const part of spec.toLowerCase().split(',')) {
		const [from, to = from] = part.trim().split('-');
		const start = DAYS.indexOf(from!.slice(0, 3));
		const end = DAYS.indexOf(to!.slice(0, 3));
		if (start < 0 || end < 0 || end < start) return null;
		for (let day = start; day <= end; day += 1) result.push(day + 1);
	}
	return result;
}

/**
 * Business hours as people write them, one range per line: `Mon-Fri 09:00-17:00`, `Sat 10:00-14:00`,
 * `Mon,Wed 08:00-12:00`. Returns the ranges, or the first line that does not read, with why.
 */
export function parseBusinessHours(
	text: string
): { ok: true; hours: BusinessHours[] } | { ok: false; error: string } {
	const hours: BusinessHours[] = [];
	const lines = text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
	for (const line of lines) {
		const match = /^(\S+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(line);
		const weekdays = match ? days(match[1]!) : null;
		const open = match ? minutes(match[2]!) : null;
		const close = match ? minutes(match[3]!) : null;
		if (!match || !weekdays || open === null || close === null || open >= 1440) {
			return { ok: false, error: `"${line.slice(0, 40)}" is not like "Mon-Fri 09:00-17:00"` };
		}
		if (close <= open) return { ok: false, error: `"${line.slice(0, 40)}": closing must be after opening` };
		for (const weekday of weekdays) hours.push({ weekday, open_minute: open, close_minute: close });
	}
	return { ok: true, hours };
}

const clock = (value: number) =>
	`${String(Math.floor(value / 60)).padStart(2, '0')}:${String(value % 60).padStart(2, '0')}`;

/** The inverse, grouping consecutive days with the same hours: `Mon-Fri 09:00-17:00`. */
export function formatBusinessHours(hours: readonly BusinessHours[]): string {
	const byTime = new Map<string, number[]>();
	for (const range of [...hours].sort((a, b) => a.weekday - b.weekday)) {
		const key = `${clock(range.open_minute)}-${clock(range.close_minute)}`;
		byTime.set(key, [...(byTime.get(key) ?? []), range.weekday]);
	}
	const name = (day: number) => DAYS[day - 1]![0]!.toUpperCase() + DAYS[day - 1]!.slice(1);
	const lines: string[] = [];
	for (const [time, weekdays] of byTime) {
		const groups: string[] = [];
		let start = weekdays[0]!;
		let previous = start;
		for (const day of [...weekdays.slice(1), Infinity]) {
			if (day === previous + 1) {
				previous = day;
				continue;
			}
			groups.push(start === previous ? name(start) : `${name(start)}-${name(previous)}`);
			start = previous = day;
		}
		lines.push(`${groups.join(',')} ${time}`);
	}
	return lines.join('\n');
}
