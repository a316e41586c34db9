import { z } from 'zod';
import { BRAND_PATTERN } from '../../metrics';

/** Where a mention was found. Open-ended on purpose: new sources need no schema change. */
export const KNOWN_SOURCES = [
	'twitter',
	'facebook',
	'instagram',
	'reddit',
	'news',
	'review',
	'forum',
	'support',
	'internal',
	'blog',
	'tiktok',
	'youtube',
	'linkedin'
] as const;

const isoWithOffset = z.iso.datetime({ offset: true, local: false, precision: undefined });

// The mention's bounds, shared by its schema and by isPlainValidMention.
const MAX_ID = 256;
const MAX_TEXT = 20_000;
const MAX_NAME = 256;
const MAX_FOLLOWERS = 10_000_000_000;
const SOURCE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
export const LANG_CODE = /^[a-z]{2}$/;
export const COUNTRY_CODE = /^[A-Z]{2}$/;
/** What toISOString writes, and what most clients and exports send: a time taken as it is. */
export const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export const brandSchema = z
	.string()
	.regex(BRAND_PATTERN, 'must be a lower-case slug: a-z, 0-9, "-" or "_", at most 64 characters');

/** A mention as a client posts it to `POST /api/v1/mentions`. */
export const mentionInputSchema = z.strictObject({
	id: z.string().min(1).max(MAX_ID),
	brand: brandSchema,
	source: z.string().regex(SOURCE_NAME, 'must be a lower-case source name such as twitter, news or review'),
	text: z.string().min(1).max(MAX_TEXT),
	created_at: isoWithOffset,
	author: z.string().max(MAX_NAME).optional(),
	author_followers: z.number().int().nonnegative().max(MAX_FOLLOWERS).optional(),
	lang: z.string().regex(LANG_CODE, 'must be an ISO 639-1 code such as en or de').optional(),
	country: z.string().regex(COUNTRY_CODE, 'must be an ISO 3166-1 alpha-2 code such as US or DE').optional(),
	url: z
		.url({ protocol: /^https?$/ })
		.max(2048)
		.optional(),
	in_reply_to: z.string().max(MAX_ID).optional()
});
export type MentionInput = z.infer<typeof mentionInputSchema>;

/** A brand reply as posted to `POST /api/v1/responses`. */
export const responseInputSchema = z.strictObject({
	mention_id: z.string().min(1).max(256),
	brand: brandSchema,
	responded_at: isoWithOffset,
	channel: z.string().max(64).optional(),
	agent: z.string().max(256).optional()
});
export type ResponseInput = z.infer<typeof responseInputSchema>;

const MENTION_FIELDS = new Set(Object.keys(mentionInputSchema.shape));
const optionalString = (value: unknown, max: number) =>
	value === undefined || (typeof value === 'string' && value.length <= max);

/**
 * The common case of `mentionInputSchema` without zod's per-check bookkeeping, which was a tenth of the
 * bulk import's CPU a row: true only for a plain object that the schema accepts as it is. It never refuses:
 * whatever it does not accept goes to zod, which decides and words every refusal, and the formats it
 * cannot check by a pattern (the date, the URL) are zod's own checks. The bounds and patterns are the
 * schema's own constants, and `schema.test.ts` holds it to never accepting what zod refuses.
 */
export function isPlainValidMention(item: unknown): item is MentionInput {
	if (typeof item !== 'object' || item === null || Object.getPrototypeOf(item) !== Object.prototype)
		return false;
	const mention = item as Record<string, unknown>;
	for (const key in mention) if (!MENTION_FIELDS.has(key)) return false;
	const { id, brand, source, text, created_at, author_followers, lang, country, url } = mention;
	return (
		typeof id === 'string' &&
		id.length >= 1 &&
		id.length <= MAX_ID &&
		typeof brand === 'string' &&
		BRAND_PATTERN.test(brand) &&
		typeof source === 'string' &&
		SOURCE_NAME.test(source) &&
		typeof text === 'string' &&
		text.length >= 1 &&
		text.length <= MAX_TEXT &&
		typeof created_at === 'string' &&
		isoWithOffset.safeParse(created_at).success &&
		optionalString(mention.author, MAX_NAME) &&
		(author_followers === undefined ||
			(Number.isSafeInteger(author_followers) &&
				(author_followers as number) >= 0 &&
				(author_followers as number) <= MAX_FOLLOWERS)) &&
		(lang === undefined || (typeof lang === 'string' && LANG_CODE.test(lang))) &&
		(country === undefined || (typeof country === 'string' && COUNTRY_CODE.test(country))) &&
		(url === undefined || mentionInputSchema.shape.url.safeParse(url).success) &&
		optionalString(mention.in_reply_to, MAX_ID)
	);
}
