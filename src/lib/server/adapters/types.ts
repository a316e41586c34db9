import type { z } from 'zod';
import type { MentionInput, ResponseInput } from '../ingest/schema';
import { describeIssue } from '../http/validate';

/** An item of the platform payload that could not be mapped, by its position in the payload. */
export interface AdapterRejection {
	index: number;
	field: string;
	message: string;
}

/** A mapped item and the position of the platform item it came from, so pipeline refusals point back to it. */
export interface Mapped<T> {
	index: number;
	item: T;
}

/**
 * What an adapter makes of one platform payload. Mapped items are not validated yet: the ingest pipeline
 * does that, with the same rules as the core API. `ignored` counts items that are not mentions at all
 * (likes, edits, the brand's own posts), which are neither stored nor errors.
 */
export interface AdapterResult {
	mentions: Mapped<MentionInput>[];
	responses: Mapped<ResponseInput>[];
	rejected: AdapterRejection[];
	ignored: number;
}

export function emptyResult(): AdapterResult {
	return { mentions: [], responses: [], rejected: [], ignored: 0 };
}

/** The first zod issue of a failed item as a rejection. */
export function rejectionFromZod(index: number, error: z.ZodError, prefix = ''): AdapterRejection {
	return { index, ...describeIssue(error.issues[0]!, { prefix, fallback: '(item)' }) };
}
