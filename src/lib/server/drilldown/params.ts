import { z } from 'zod';
import { SENTIMENT_LABELS } from '../../metrics';
import { canSeeBrand, type Principal } from '../auth/principal';
import { ApiError } from '../http/errors';
import { parseOr400 } from '../http/validate';
import { brandSchema } from '../ingest/schema';

export { brandSchema };

const DAY_MS = 86_400_000;
/** Longest window a drill-down may cover: a bit over a year, so year-on-year views fit. */
export const MAX_SPAN_DAYS = 400;
/** More values than this in one filter is a segment, not a drill-down. */
const MAX_FILTER_VALUES = 50;

/**
 * Splits like the `text_tokens_utf8` index does: splitByNonAlpha breaks on ASCII non-alphanumerics,
 * keeping UTF-8 sequences inside tokens. Case is left alone: the query lower-cases each token with the
 * engine's own lowerUTF8, the function the index applies to the text, so both sides fold alike.
 */
export function searchTokens(q: string): string[] {
	// eslint-disable-next-line no-control-regex
	return [...new Set(q.split(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/).filter(Boolean))];
}

const isoInstant = z.iso
	.datetime({ offset: true, local: false, precision: undefined })
	.transform((value) => Date.parse(value));

/** Intl accepts aliases (Asia/Kolkata, Asia/Calcutta) that its canonical list leaves out; both tz databases know them. */
function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return /^[A-Za-z][A-Za-z0-9_+/-]*$/.test(zone);
	} catch {
		return false;
	}
}
export const timeZoneSchema = z
	.string()
	.max(64)
	.refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');

/** A filter that may repeat (`source=a&source=b`) or be comma-separated (`source=a,b`). */
const multi = <T extends z.ZodType<string>>(item: T) =>
	z
		.array(item)
		.max(MAX_FILTER_VALUES, `at most ${MAX_FILTER_VALUES} values`)
		.transform((values) => [...new Set(values)]);

export const filterShape = {
	brand: brandSchema,
	from: isoInstant,
	to: isoInstant,
	source: multi(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be lower-case source names')).optional(),
	lang: multi(z.string().regex(/^[a-z]{2}$/, 'must be ISO 639-1 codes such as en')).optional(),
	country: multi(z.string().regex(/^[A-Z]{2}$/, 'must be ISO 3166-1 alpha-2 codes such as US')).optional(),
	label: multi(z.enum(SENTIMENT_LABELS)).optional(),
	author: multi(z.string().min(1).max(256)).optional(),
	q: z
		.string()
		.trim()
		.min(1)
		.max(200)
		.refine((q) => searchTokens(q).length > 0, 'must hold at least one letter or digit')
		.optional()
};

/** Parameters that may carry several values; every other one must appear at most once. */
export const MULTI_PARAMS = new Set(['source', 'lang', 'country', 'label', 'author', 'brands']);

/** Window checks shared by every windowed endpoint: to after from, span bounded. */
export function checkWindow(value: { from: number; to: number }, ctx: z.RefinementCtx): void {
	if (value.to <= value.from) {
		ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
	} else if (value.to - value.from > MAX_SPAN_DAYS * DAY_MS) {
		ctx.addIssue({ code: 'custom', path: ['to'], message: `window must span at most ${MAX_SPAN_DAYS} days` });
	}
}

export const filtersSchema = z.strictObject(filterShape).superRefine(checkWindow);
export type Filters = z.output<typeof filtersSchema>;

/**
 * URL search parameters as the object zod checks: repeated or comma-separated values become arrays for
 * multi-value filters; any other parameter given twice is refused, so `limit=1&limit=500` is not a guess.
 */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		if (MULTI_PARAMS.has(key)) {
			out[key] = values
				.flatMap((value) => value.split(','))
				.map((value) => value.trim())
				.filter(Boolean);
		} else if (values.length > 1) {
			throw new ApiError(400, key, 'must be given once');
		} else {
			out[key] = values[0]!;
		}
	}
	return out;
}

/** Parses a request's query string with `schema`, or throws the 400 naming the parameter at fault. */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
	return parseOr400(schema, searchParamsObject(params), { query: true });
}

/** A 403 on `field` unless the caller may see every one of `brands`. */
export function requireBrands(principal: Principal, brands: string[], field = 'brand'): void {
	const hidden = brands.filter((brand) => !canSeeBrand(principal, brand));
	if (hidden.length) throw new ApiError(403, field, `not allowed for this key: ${hidden.join(', ')}`);
}
