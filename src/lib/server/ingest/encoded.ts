import type { ClickHouseClient } from '@clickhouse/client';
import { encodeValue, tabSeparatedLine, tabSeparatedStream } from '../db/tab-separated';
import { TABLES } from '../db/tables';
import { MENTION_COLUMNS, toMentionRow, validateItem, type MentionRow } from './pipeline';
import { isPlainValidMention, mentionInputSchema } from './schema';
import { findStoredIds, mentionKey } from './stored-keys';

/**
 * Mentions validated, scored and encoded where they were read (the bulk import's worker thread), ready to
 * be stored by another. Only a few long strings, so that they cross a thread boundary as copies of a few
 * megabytes and leave no small objects behind for the storing thread to collect.
 */
export interface EncodedMentions {
	/** One TabSeparated line per mention, in `MENTION_COLUMNS` order, each ending in a line break. */
	tsv: string;
	/** Lines in `tsv`. */
	count: number;
	/** Per brand, the ids of its lines as the stored-key lookup takes them (`idColumn`). */
	ids: [brand: string, ids: string][];
	/** Mentions left out as repeats of one earlier in the same batch. */
	repeats: number;
}

/**
 * Validates mentions one at a time as the ingest API does (same schema, same reasons), scores them and
 * encodes them for `storeEncodedMentions`. A mention whose key came earlier in the same batch is a repeat:
 * counted, not encoded. One row at a time, so that a row's objects die before the next garbage collection
 * (a slice of parsed rows held until validated was copied by each collection and often promoted).
 */
export class MentionEncoder {
	#lines: string[] = [];
	#ids = new Map<string, string[]>();
	#repeats = 0;
	#batchKeys = new Set<string>();
	#values = new Array<string>(MENTION_COLUMNS.length);

	/** Each reason `item` is refused, or null when it was taken (or was a repeat). */
	add(item: unknown): { field: string; message: string }[] | null {
		const result = validateItem(mentionInputSchema, item, isPlainValidMention);
		if (!result.success) return result.issues;
		const mention = result.data;
		const key = mentionKey(mention.brand, mention.id, mention.source);
		if (this.#batchKeys.has(key)) {
			this.#repeats += 1;
			return null;
		}
		this.#batchKeys.add(key);
		const row: MentionRow = toMentionRow(mention);
		this.#lines.push(tabSeparatedLine(row, MENTION_COLUMNS, this.#values));
		let ids = this.#ids.get(row.brand);
		if (!ids) this.#ids.set(row.brand, (ids = []));
		ids.push(encodeValue(row.id));
		return null;
	}

	/** The mentions added since the last take; after one that `endsBatch`, repeats count afresh. */
	take(endsBatch: boolean): EncodedMentions {
		const count = this.#lines.length;
		// One more, empty, line so that the join ends the text with its line break (see tabSeparated).
		this.#lines.push('');
		const ids: [string, string][] = [];
		for (const [brand, list] of this.#ids) {
			list.push('');
			ids.push([brand, list.join('\n')]);
		}
		const encoded = { tsv: count ? this.#lines.join('\n') : '', count, ids, repeats: this.#repeats };
		this.#lines = [];
		this.#ids.clear();
		this.#repeats = 0;
		if (endsBatch) this.#batchKeys.clear();
		return encoded;
	}
}

const BRAND = MENTION_COLUMNS.indexOf('brand');
const SOURCE = MENTION_COLUMNS.indexOf('source');
const ID = MENTION_COLUMNS.indexOf('id');

/** The `mentionKey` of an encoded line, its id left escaped. */
function keyOfLine(line: string): string {
	const fields = line.split('\t', Math.max(BRAND, SOURCE, ID) + 1);
	return mentionKey(fields[BRAND]!, fields[ID]!, fields[SOURCE]!);
}

/**
 * Stores a batch of encoded mentions as one insert, deduplicated as the ingest pipeline does: a mention
 * whose key is stored already is a duplicate, as are the repeats the encoder left out. This is the bulk
 * import's writer of the mentions table; the import holds the data directory's lock, so no buffered writer
 * of the same table runs beside it in its process. Batches must be stored one after another, each once the
 * one before is committed.
 */
export async function storeEncodedMentions(
	client: ClickHouseClient,
	parts: readonly EncodedMentions[]
): Promise<{ accepted: number; duplicates: number }> {
	let count = 0;
	let repeats = 0;
	const idsByBrand = new Map<string, string[]>();
	for (const part of parts) {
		count += part.count;
		repeats += part.repeats;
		for (const [brand, ids] of part.ids) {
			const lists = idsByBrand.get(brand);
			if (lists) lists.push(ids);
			else idsByBrand.set(brand, [ids]);
		}
	}
	const lists = [...idsByBrand].map(([brand, ids]): [string, string] => [brand, ids.join('')]);
	const stored = await findStoredIds(client, lists, { scan: true });
	let found = 0;
	let body: string;
	if (!stored.length) {
		// The usual case, a new file: the parts go in as they came.
		body = parts.map((part) => part.tsv).join('');
	} else {
		// The lookup also finds the same ids under other sources, which are other mentions.
		const storedKeys = new Set(
			stored.map(([brand, id, source]) => mentionKey(brand, encodeValue(id), source))
		);
		const kept: string[] = [];
		for (const { tsv } of parts) {
			for (let start = 0; start < tsv.length;) {
				const end = tsv.indexOf('\n', start) + 1;
				const line = tsv.slice(start, end);
				if (storedKeys.has(keyOfLine(line))) found += 1;
				else kept.push(line);
				start = end;
			}
		}
		body = kept.join('');
	}
	const accepted = count - found;
	if (accepted > 0) {
		await client.insert({
			table: TABLES.mentions,
			values: tabSeparatedStream(body),
			format: 'TabSeparated',
			columns: [...MENTION_COLUMNS]
		});
	}
	return { accepted, duplicates: repeats + found };
}
