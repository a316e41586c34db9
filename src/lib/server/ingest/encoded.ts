import type { ClickHouseClient } from '@clickhouse/client';
import { tabSeparatedLine, tabSeparatedStream } from '../db/tab-separated';
import { TABLES } from '../db/tables';
import { MENTION_COLUMNS, toMentionRow, validateItems, type MentionRow, type Rejection } from './pipeline';
import { isPlainValidMention, mentionInputSchema } from './schema';
import { brandAndId, findStoredMentions, mentionKey } from './stored-keys';

/**
 * Mentions validated, scored and encoded where they were read (the bulk import's worker thread), ready to
 * be stored by another: plain strings, so they cross a thread boundary as two copies and no objects.
 */
export interface EncodedMentions {
	/** One TabSeparated line per mention, in `MENTION_COLUMNS` order, each ending in a line break. */
	tsv: string;
	/** Each line's `mentionKey`, in the same order. */
	keys: string[];
}

/**
 * Validates `items` as the ingest API does (same schema, same rejections, indexed into `items`), scores
 * the valid ones and encodes them for `storeEncodedMentions`.
 */
export function encodeMentions(items: unknown[]): { encoded: EncodedMentions; rejected: Rejection[] } {
	const rejected: Rejection[] = [];
	const { valid } = validateItems(mentionInputSchema, items, rejected, null, isPlainValidMention);
	// One more, empty, line so that the join ends the text with its line break (see tabSeparated).
	const lines = new Array<string>(valid.length + 1);
	lines[valid.length] = '';
	const keys = new Array<string>(valid.length);
	const values = new Array<string>(MENTION_COLUMNS.length);
	for (let index = 0; index < valid.length; index += 1) {
		const row: MentionRow = toMentionRow(valid[index]!);
		lines[index] = tabSeparatedLine(row, MENTION_COLUMNS, values);
		keys[index] = mentionKey(row.brand, row.id, row.source);
	}
	return { encoded: { tsv: valid.length ? lines.join('\n') : '', keys }, rejected };
}

/**
 * Stores encoded mentions as one insert, deduplicated as the ingest pipeline does: a mention whose key is
 * stored already, or came earlier in `parts`, is a duplicate. This is the bulk import's writer of the
 * mentions table; the import holds the data directory's lock, so no buffered writer of the same table runs
 * beside it in its process. Batches must be stored one after another, each once the one before is committed.
 */
export async function storeEncodedMentions(
	client: ClickHouseClient,
	parts: readonly EncodedMentions[]
): Promise<{ accepted: number; duplicates: number }> {
	const seen = new Set<string>();
	const mentions: { brand: string; id: string }[] = [];
	let repeats = 0;
	for (const part of parts) {
		for (const key of part.keys) {
			if (seen.has(key)) repeats += 1;
			else {
				seen.add(key);
				mentions.push(brandAndId(key));
			}
		}
	}
	const stored = await findStoredMentions(client, mentions, { scan: true });
	// The lookup also finds the same ids under other sources, which are other mentions.
	let found = 0;
	if (stored.size) for (const key of seen) if (stored.has(key)) found += 1;
	let body: string;
	if (!repeats && !found) {
		// The usual case, a new file: the parts go in as they came.
		body = parts.map((part) => part.tsv).join('');
	} else {
		const kept: string[] = [];
		const taken = new Set<string>();
		for (const part of parts) {
			let start = 0;
			for (const key of part.keys) {
				const end = part.tsv.indexOf('\n', start) + 1;
				if (!stored.has(key) && !taken.has(key)) {
					taken.add(key);
					kept.push(part.tsv.slice(start, end));
				}
				start = end;
			}
		}
		body = kept.join('');
	}
	const accepted = seen.size - found;
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
