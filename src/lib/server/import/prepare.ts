import type { EncodedMentions } from '../ingest/encoded';
import { MentionEncoder } from '../ingest/encoder';
import { recordMapper, type ColumnMap } from './mapping';
import { openInput, readRows, type ImportFormat, type RejectLine } from './rows';

export interface PrepareOptions {
	file: string;
	format: ImportFormat;
	delimiter: string;
	map: ColumnMap;
	brand?: string;
	source?: string;
	batchRows: number;
	/** Records an earlier run committed: read past, not prepared again. */
	skip: number;
	/**
	 * `encode`: validate, score and encode the rows here, for a sink that stores encoded mentions; `items`:
	 * hand over the mapped rows, for a sink that validates them itself (a server over HTTP).
	 */
	mode: 'encode' | 'items';
}

/** Part of a batch, prepared: a batch is the slices up to and including one that `endsBatch`, or to the end. */
export interface PreparedSlice {
	/** Rows read, refused ones included. */
	records: number;
	lastLine: number;
	/** Bytes of the file read so far (compressed bytes for .gz). */
	bytes: number;
	endsBatch: boolean;
	/** Refused while read or validated, one per issue, in file order. */
	rejects: RejectLine[];
	/** Rows refused (a row may have several issues). */
	rejectedRows: number;
	/** In `encode` mode. */
	encoded?: EncodedMentions;
	/** In `items` mode: the mapped rows and the line of each. */
	items?: unknown[];
	itemLines?: number[];
}

/**
 * Rows handed over a few thousand at a time: a slice's text is a megabyte or so, few enough messages to cost
 * nothing and small enough that the storing thread never waits long for the next.
 */
export const SLICE_ROWS = 4_000;

/** Reads the file and prepares its rows as slices; the last line read is `lastLine` once done. */
export async function* prepareSlices(
	options: PrepareOptions
): AsyncGenerator<PreparedSlice, { lastLine: number }> {
	let bytes = 0;
	const input = openInput(options.file, (read) => (bytes += read));
	const toMention = recordMapper(options.map, {
		...(options.brand !== undefined ? { brand: options.brand } : {}),
		...(options.source !== undefined ? { source: options.source } : {})
	});
	let seen = 0;
	let lastLine = 0;
	let inBatch = 0;
	let slice = emptySlice();
	const encoder = options.mode === 'encode' ? new MentionEncoder() : undefined;
	let items: unknown[] = [];
	let itemLines: number[] = [];

	function emptySlice(): PreparedSlice {
		return { records: 0, lastLine: 0, bytes: 0, endsBatch: false, rejects: [], rejectedRows: 0 };
	}
	function finish(endsBatch: boolean): PreparedSlice {
		const done = slice;
		done.bytes = bytes;
		done.endsBatch = endsBatch;
		if (encoder) done.encoded = encoder.take();
		else {
			done.items = items;
			done.itemLines = itemLines;
			items = [];
			itemLines = [];
		}
		slice = emptySlice();
		return done;
	}

	try {
		for await (const rows of readRows(input, options.format, options.delimiter)) {
			for (const row of rows) {
				seen += 1;
				lastLine = row.line;
				if (seen <= options.skip) continue;
				slice.records += 1;
				slice.lastLine = row.line;
				inBatch += 1;
				if (row.error || !row.record) {
					slice.rejects.push({
						line: row.line,
						field: row.error?.field ?? '(row)',
						message: row.error?.message ?? 'is empty',
						raw: row.raw
					});
					slice.rejectedRows += 1;
				} else if (encoder) {
					const mention = toMention(row.record);
					const issues = encoder.add(mention);
					if (issues) {
						for (const { field, message } of issues)
							slice.rejects.push({ line: row.line, field, message, raw: mention });
						slice.rejectedRows += 1;
					}
				} else {
					items.push(toMention(row.record));
					itemLines.push(row.line);
				}
				if (inBatch >= options.batchRows) {
					inBatch = 0;
					yield finish(true);
				} else if (slice.records >= SLICE_ROWS) yield finish(false);
			}
		}
		if (slice.records) yield finish(true);
		return { lastLine };
	} finally {
		input.destroy();
	}
}
