import type { SentimentLabel } from '../../metrics';

/** A mention as the mentions table stores it. */
export interface MentionRow extends Record<string, string | number> {
	brand: string;
	created_at: string;
	source: string;
	id: string;
	text: string;
	author: string;
	author_followers: number;
	lang: string;
	country: string;
	url: string;
	in_reply_to: string;
	score: number;
	label: SentimentLabel;
	sentiment_version: string;
}

/** The mentions columns the product writes, in insert order. */
export const MENTION_COLUMNS = [
	'brand',
	'created_at',
	'source',
	'id',
	'text',
	'author',
	'author_followers',
	'lang',
	'country',
	'url',
	'in_reply_to',
	'score',
	'label',
	'sentiment_version'
] as const satisfies readonly (keyof MentionRow)[];
