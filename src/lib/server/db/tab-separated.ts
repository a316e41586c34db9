import { Readable } from 'node:stream';

/** Characters ClickHouse's TabSeparated format requires escaped inside a value, and their escapes. */
const ESCAPES: Record<string, string> = {
	'\\': '\\\\',
	'\t': '\\t',
	'\n': '\\n',
	'\r': '\\r',
	'\0': '\\0',
	'\b': '\\b',
	'\f': '\\f'
};
const NEEDS_ESCAPE = /[\\\t\n\r\0\b\f]/g;

export type ScalarValue = string | number | boolean | null | undefined;

/** One value as TabSeparated text, escaped. */
export function encodeValue(value: ScalarValue): string {
	if (value === null || value === undefined) return '\\N';
	if (typeof value === 'string') return value.replace(NEEDS_ESCAPE, (char) => ESCAPES[char]!);
	if (typeof value === 'boolean') return value ? '1' : '0';
	return String(value);
}

/**
 * Rows as a TabSeparated body for `client.insert`. Measured on embedded chDB with the mentions schema
 * and its materialized views: ~67k rows/s, against ~13k for the same rows as JSONEachRow.
 */
export function tabSeparated<Row extends Record<string, ScalarValue>>(
	rows: readonly Row[],
	columns: readonly (keyof Row & string)[]
): string {
	let body = '';
	for (const row of rows) {
		for (let index = 0; index < columns.length; index += 1) {
			if (index) body += '\t';
			body += encodeValue(row[columns[index]!]);
		}
		body += '\n';
	}
	return body;
}

export function tabSeparatedStream(body: string): Readable {
	return Readable.from([Buffer.from(body)], { objectMode: false });
}
