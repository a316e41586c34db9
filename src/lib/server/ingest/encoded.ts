import type { ClickHouseClient } from '@clickhouse/client';
import { encodeValue, tabSeparatedStream } from '../db/tab-separated';
import { TABLES } from '../db/tables';
import { MENTION_COLUMNS } from './mention-row';
import { keyOfLine, lookUpKeys, mentionKey, type StoredKey } from './stored-keys';

/**
 * Mentions validated, scored and encoded where they were read (the bulk import's worker thread, see
 * MentionEncoder), ready to be stored by another, which need not load the scorer. Only a few long strings,
 * so that they cross a thread boundary as copies of a few megabytes and leave no small objects behind for
 * the storing thread to collect.
 */
export interface EncodedMentions {
	/** One TabSeparated line per mention, in `MENTION_COLUMNS` order, each ending in a line break. */
	tsv: string;
	/** Lines in `tsv`. */
	count: number;
	/** Per brand, the source and id of each of its lines, as the key lookup takes them (`keyListsOf`). */
	keys: [brand: string, keyLines: string][];
}

/**
 * Stores a batch of encoded mentions as one insert, deduplicated as the ingest pipeline does: a mention
 * whose key is stored already, or came earlier in the batch, is a duplicate. This is the bulk import's
 * writer of the mentions table; the import holds the data directory's lock, so no buffered writer of the
 * same table runs beside it in its process. Batches must be stored one after another, each once the one
 * before is committed.
 */
export async function storeEncodedMentions(
	client: ClickHouseClient,
	parts: readonly EncodedMentions[]
): Promise<{ accepted: number; duplicates: number }> {
	let count = 0;
	const keysByBrand = new Map<string, string[]>();
	for (const part of parts) {
		count += part.count;
		for (const [brand, keyLines] of part.keys) {
			const lists = keysByBrand.get(brand);
			if (lists) lists.push(keyLines);
			else keysByBrand.set(brand, [keyLines]);
		}
	}
	const lists = [...keysByBrand].map(([brand, keyLines]): [string, string] => [brand, keyLines.join('')]);
	const { stored, repeated } = await lookUpKeys(client, lists, { scan: true, repeats: true });
	let duplicates = 0;
	let body: string;
	if (!stored.length && !repeated.length) {
		// The usual case, a new file: the parts go in as they came.
		body = parts.map((part) => part.tsv).join('');
	} else {
		// Keys as the lines hold them, ids escaped. The lookup also finds the same ids under other sources,
		// which are other mentions.
		const escapedKey = ([brand, id, source]: StoredKey) => mentionKey(brand, encodeValue(id), source);
		const storedKeys = new Set(stored.map(escapedKey));
		const repeatedKeys = new Set(repeated.map(escapedKey));
		const kept: string[] = [];
		for (const { tsv } of parts) {
			for (let start = 0; start < tsv.length;) {
				const end = tsv.indexOf('\n', start) + 1;
				const line = tsv.slice(start, end);
				const key = keyOfLine(line);
				if (storedKeys.has(key)) duplicates += 1;
				else if (repeatedKeys.has(key)) {
					// The first copy is kept; the key is stored from then on.
					storedKeys.add(key);
					kept.push(line);
				} else kept.push(line);
				start = end;
			}
		}
		body = kept.join('');
	}
	const accepted = count - duplicates;
	if (accepted > 0) {
		await client.insert({
			table: TABLES.mentions,
			values: tabSeparatedStream(body),
			format: 'TabSeparated',
			columns: [...MENTION_COLUMNS]
		});
	}
	return { accepted, duplicates };
}
