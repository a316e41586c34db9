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
const NEEDS_ESCAPE = /[\\\t\n\r\0\b\f]/;
const ESCAPE_ALL = /[\\\t\n\r\0\b\f]/g;

export type ScalarValue = string | number | boolean | null | undefined;

/** One value as TabSeparated text, escaped. */
export function encodeValue(value: ScalarValue): string {
	if (value === null || value === undefined) return '\\N';
	// Most values need no escape: testing first spares the replace its copy (measured ~30% of encoding).
	if (typeof value === 'string') {
		return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPE_ALL, (char) => ESCAPES[char]!) : value;
	}
	if (typeof value === 'boolean') return value ? '1' : '0';
	return String(value);
}

/** One row as a TabSeparated line, without its line break. */
export function tabSeparatedLine<Row extends Record<string, ScalarValue>>(
	row: Row,
	columns: readonly (keyof Row & string)[],
	/** Scratch space for the values, reused across the rows of a block. */
	values: string[] = new Array<string>(columns.length)
): string {
	for (let index = 0; index < columns.length; index += 1) values[index] = encodeValue(row[columns[index]!]);
	return values.join('\t');
}

/**
 * Rows as a TabSeparated body for `client.insert`. Measured on embedded chDB with the mentions schema
 * and its materialized views: ~67k rows/s, against ~13k for the same rows as JSONEachRow.
 */
export function tabSeparated<Row extends Record<string, ScalarValue>>(
	rows: readonly Row[],
	columns: readonly (keyof Row & string)[]
): string {
	// Joined rather than concatenated: `+=` leaves a rope of small strings to flatten (and collect); one
	// join per row and one for the block measured 1.8x faster on the mentions columns.
	// One more, empty, line so that the join ends the body with its line break: appending one would make a
	// rope that chDB's connection flattens again (it trims the body).
	const lines = new Array<string>(rows.length + 1);
	lines[rows.length] = '';
	const values = new Array<string>(columns.length);
	for (let rowIndex = 0; rowIndex < rows.length; rowIndex += 1)
		lines[rowIndex] = tabSeparatedLine(rows[rowIndex]!, columns, values);
	return rows.length ? lines.join('\n') : '';
}

/**
 * The body as the byte stream `client.insert` takes for raw formats. It stays a string: a stream whose
 * encoding is UTF-8 keeps a pushed string as it is, and chDB's connection joins string chunks as they are,
 * where a Buffer was encoded here and decoded again there (two copies of every block).
 */
export function tabSeparatedStream(body: string): Readable {
	const stream = new Readable({ encoding: 'utf8', read() {} });
	stream.push(body);
	stream.push(null);
	return stream;
}
