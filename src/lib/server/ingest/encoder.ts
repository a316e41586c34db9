import { tabSeparatedLine } from '../db/tab-separated';
import type { EncodedMentions } from './encoded';
import { MENTION_COLUMNS, type MentionRow } from './mention-row';
import { toMentionRow, validateItem } from './pipeline';
import { isPlainValidMention, mentionInputSchema } from './schema';

/**
 * Validates mentions one at a time as the ingest API does (same schema, same reasons), scores them and
 * encodes them for `storeEncodedMentions`. One row at a time, so that a row's objects die before the next
 * garbage collection (a slice of parsed rows held until validated was copied by each collection and often
 * promoted).
 */
export class MentionEncoder {
	#lines: string[] = [];
	#values = new Array<string>(MENTION_COLUMNS.length);

	/** Each reason `item` is refused, or null when it was taken. */
	add(item: unknown): { field: string; message: string }[] | null {
		const result = validateItem(mentionInputSchema, item, isPlainValidMention);
		if (!result.success) return result.issues;
		const row: MentionRow = toMentionRow(result.data);
		this.#lines.push(tabSeparatedLine(row, MENTION_COLUMNS, this.#values));
		return null;
	}

	/** The mentions added since the last take. */
	take(): EncodedMentions {
		const count = this.#lines.length;
		// One more, empty, line so that the join ends the text with its line break (see tabSeparated).
		this.#lines.push('');
		const encoded = { tsv: count ? this.#lines.join('\n') : '', count };
		this.#lines = [];
		return encoded;
	}
}
