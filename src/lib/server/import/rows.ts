import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';

export type ImportFormat = 'csv' | 'ndjson';

export interface Row {
	line: number;
	/** A parsed object, or null when the row could not be parsed (then `error` says why). */
	record: Record<string, unknown> | null;
	raw: unknown;
	error?: { field: string; message: string };
}

/** A refused row, as the rejects file holds it. */
export interface RejectLine {
	line: number;
	field: string;
	message: string;
	raw: unknown;
}

/** One NDJSON line (without its line break) as a row. */
function ndjsonRow(text: string, line: number): Row {
	try {
		const value: unknown = JSON.parse(text);
		if (value === null || typeof value !== 'object' || Array.isArray(value)) {
			return { line, record: null, raw: text, error: { field: '(row)', message: 'is not a JSON object' } };
		}
		return { line, record: value as Record<string, unknown>, raw: value };
	} catch (error) {
		return {
			line,
			record: null,
			raw: text,
			error: { field: '(row)', message: `is not valid JSON: ${(error as Error).message}` }
		};
	}
}

const BLANK = /^\s*$/;

/**
 * NDJSON rows a chunk of the file at a time. Lines end at LF or CRLF; blank lines are skipped but still
 * counted, so line numbers match an editor's. Splitting each decoded chunk here, rather than through
 * readline with an async step per line, measured 0.5 µs less CPU a row (2.5 → 2.0 µs, JSON.parse included).
 */
async function* ndjsonRows(input: Readable): AsyncGenerator<Row[]> {
	// TextDecoder rather than StringDecoder: it decoded the import bench's file 2.7x faster (57 against
	// 155 ms for 84 MB), and it drops a leading byte-order mark, which editors on Windows write and which
	// would otherwise make the first row unparseable.
	const decoder = new TextDecoder('utf-8');
	let carry = '';
	let line = 0;
	const rowsOf = (text: string, end: number): Row[] => {
		const rows: Row[] = [];
		let start = 0;
		while (start < end) {
			let stop = text.indexOf('\n', start);
			if (stop < 0 || stop > end) stop = end;
			line += 1;
			const cut = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
			// A row starts with '{'; only other lines are tested for being blank.
			if (cut > start && (text.charCodeAt(start) === 123 || !BLANK.test(text.slice(start, cut)))) {
				rows.push(ndjsonRow(text.slice(start, cut), line));
			}
			start = stop + 1;
		}
		return rows;
	};
	for await (const chunk of input as AsyncIterable<Buffer>) {
		const text = carry + decoder.decode(chunk, { stream: true });
		const last = text.lastIndexOf('\n');
		if (last < 0) {
			carry = text;
			continue;
		}
		carry = text.slice(last + 1);
		yield rowsOf(text, last + 1);
	}
	const rest = carry + decoder.decode();
	if (rest) yield rowsOf(rest, rest.length);
}

/**
 * Parsed rows in file order, with their line numbers, in batches as the file is read; unparseable rows
 * come through as errors, not throws.
 */
export async function* readRows(
	input: Readable,
	format: ImportFormat,
	delimiter: string | undefined
): AsyncGenerator<Row[]> {
	if (format === 'ndjson') {
		yield* ndjsonRows(input);
		return;
	}
	const skipped: Row[] = [];
	const parser = parseCsv({
		columns: true,
		bom: true,
		delimiter: delimiter ?? ',',
		skip_empty_lines: true,
		trim: false,
		relax_column_count: false,
		// A malformed row is a rejected row, not the end of the import.
		skip_records_with_error: true,
		on_skip: (error, raw) => {
			skipped.push({
				line: Number(error?.lines ?? 0),
				record: null,
				raw: raw ?? null,
				error: { field: '(row)', message: error?.message ?? 'is not valid CSV' }
			});
			return undefined;
		},
		on_record: (record: Record<string, unknown>, context) => ({ line: context.lines, record })
	});
	input.pipe(parser);
	input.on('error', (error) => parser.destroy(error));
	for await (const parsed of parser as AsyncIterable<{ line: number; record: Record<string, unknown> }>) {
		// The parser reads ahead, so a skipped row may be reported before rows above it: keep file order,
		// which is what makes "the first N rows are committed" true for a resume.
		const rows: Row[] = [];
		while (skipped.length && skipped[0]!.line < parsed.line) rows.push(skipped.shift()!);
		rows.push({ line: parsed.line, record: parsed.record, raw: parsed.record });
		yield rows;
	}
	if (skipped.length) yield skipped.splice(0);
}

/** The file as a stream of its (decompressed, for .gz) bytes; `onRead` is told of the file's bytes read. */
export function openInput(file: string, onRead: (bytes: number) => void): Readable {
	const fileStream = createReadStream(file, { highWaterMark: 1 << 20 });
	fileStream.on('data', (chunk) => onRead(chunk.length));
	if (!file.toLowerCase().endsWith('.gz')) return fileStream;
	const input = fileStream.pipe(createGunzip());
	fileStream.on('error', (error) => input.destroy(error));
	input.on('close', () => fileStream.destroy());
	return input;
}
