import { parse } from 'csv-parse/sync';

export interface ParsedSeries {
	/** Timestamps exactly as written in the file, to echo back. */
	labels: string[];
	times: number[];
	values: number[];
}

const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses `YYYY-MM-DD HH:MM[:SS[.ffffff]]`; without an explicit offset the time is UTC. Returns NaN if malformed. */
export function parseTimestamp(text: string): number {
	const m = TIMESTAMP.exec(text.trim());
	if (!m) return Number.NaN;
	const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
	const utc = Date.UTC(
		Number(m[1]),
		Number(m[2]) - 1,
		Number(m[3]),
		Number(m[4]),
		Number(m[5]),
		Number(m[6] ?? 0),
		millis
	);
	const zone = m[8];
	if (!zone || zone === 'Z') return utc;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** Reads a `timestamp,value` CSV with a header row. Rows with an unparsable timestamp are an error. */
export function parseSeriesCsv(text: string): ParsedSeries {
	const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
		string,
		string
	>[];
	const labels: string[] = [];
	const times: number[] = [];
	const values: number[] = [];
	records.forEach((record, i) => {
		const label = record.timestamp;
		if (label === undefined) throw new Error('CSV needs a "timestamp" column');
		const time = parseTimestamp(label);
		if (Number.isNaN(time)) throw new Error(`row ${i + 2}: bad timestamp "${label}"`);
		labels.push(label);
		times.push(time);
		values.push(Number(record.value));
	});
	return { labels, times, values };
}
