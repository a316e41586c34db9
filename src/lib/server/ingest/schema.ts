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

export const brandSchema = z
	.string()
	.regex(BRAND_PATTERN, 'must be a lower-case slug: a-z, 0-9, "-" or "_", at most 64 characters');

/** A mention as a client posts it to `POST /api/v1/mentions`. */
export const mentionInputSchema = z.strictObject({
	id: z.string().min(1).max(256),
	brand: brandSchema,
	source: z
		.string()
		.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a lower-case source name such as twitter, news or review'),
	text: z.string().min(1).max(20_000),
	created_at: isoWithOffset,
	author: z.string().max(256).optional(),
	author_followers: z.number().int().nonnegative().max(10_000_000_000).optional(),
	lang: z
		.string()
		.regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en or de')
		.optional(),
	country: z
		.string()
		.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US or DE')
		.optional(),
	url: z
		.url({ protocol: /^https?$/ })
		.max(2048)
		.optional(),
	in_reply_to: z.string().max(256).optional()
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
