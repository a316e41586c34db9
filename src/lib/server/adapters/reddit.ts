import { z } from 'zod';
import type { MentionInput } from '../ingest/schema';
import { decodeEntities, joinText, toIsoDate } from './text';
import { emptyResult, rejectionFromZod, type AdapterResult } from './types';

/** A link (`t3`) as Reddit's listing JSON has it. */
export const redditPostSchema = z.looseObject({
	id: z.string().min(1),
	name: z.string().min(1),
	title: z.string(),
	selftext: z.string().default(''),
	author: z.string(),
	created_utc: z.number(),
	permalink: z.string(),
	subreddit: z.string()
});

/** A comment (`t1`). */
export const redditCommentSchema = z.looseObject({
	id: z.string().min(1),
	name: z.string().min(1),
	body: z.string(),
	author: z.string(),
	created_utc: z.number(),
	permalink: z.string(),
	subreddit: z.string(),
	parent_id: z.string().optional(),
	link_id: z.string().optional()
});

export const redditListingSchema = z.looseObject({
	kind: z.literal('Listing'),
	data: z.looseObject({
		children: z.array(z.looseObject({ kind: z.string(), data: z.unknown() }))
	})
});

export interface RedditOptions {
	brand: string;
	/** The brand's own Reddit accounts: their comments answer the comment or post they reply to. */
	ownAccounts?: string[];
}

/**
 * Ids are Reddit "fullnames" (`t3_…`, `t1_…`), the same strings `parent_id` uses, so a comment's
 * `in_reply_to` finds the post or comment it answers. A listing page or an array of pages (what
 * `/comments/{id}.json` returns) is accepted; `more` stubs and other kinds are ignored.
 */
export function mapRedditListing(payload: unknown, options: RedditOptions): AdapterResult {
	const result = emptyResult();
	const pages = Array.isArray(payload) ? payload : [payload];
	const own = new Set((options.ownAccounts ?? []).map((name) => name.toLowerCase()));
	let index = 0;
	for (const page of pages) {
		const listing = redditListingSchema.safeParse(page);
		if (!listing.success) {
			result.rejected.push(rejectionFromZod(index, listing.error));
			index += 1;
			continue;
		}
		for (const child of listing.data.data.children) {
			const position = index;
			index += 1;
			if (child.kind !== 't3' && child.kind !== 't1') {
				result.ignored += 1;
				continue;
			}
			const parsed =
				child.kind === 't3'
					? redditPostSchema
							.transform((post) => ({
								...post,
								text: joinText(decodeEntities(post.title), decodeEntities(post.selftext)),
								parent_id: undefined
							}))
							.safeParse(child.data)
					: redditCommentSchema
							.transform((comment) => ({ ...comment, text: joinText(decodeEntities(comment.body)) }))
							.safeParse(child.data);
			if (!parsed.success) {
				result.rejected.push(rejectionFromZod(position, parsed.error, 'data'));
				continue;
			}
			const thing = parsed.data;
			const parentId = thing.parent_id;
			if (own.has(thing.author.toLowerCase())) {
				if (parentId) {
					result.responses.push({
						index: position,
						item: {
							mention_id: parentId,
							brand: options.brand,
							responded_at: toIsoDate(thing.created_utc),
							channel: 'reddit',
							agent: thing.author
						}
					});
				} else result.ignored += 1;
				continue;
			}
			// Reddit HTML-escapes &, < and > in the titles and bodies of its JSON; decoded above.
			const text = thing.text;
			if (!text || text === '[deleted]' || text === '[removed]') {
				result.ignored += 1;
				continue;
			}
			const mention: MentionInput = {
				id: thing.name,
				brand: options.brand,
				source: 'reddit',
				text,
				created_at: toIsoDate(thing.created_utc),
				url: `https://www.reddit.com${thing.permalink}`
			};
			if (thing.author !== '[deleted]') mention.author = thing.author;
			if (parentId) mention.in_reply_to = parentId;
			result.mentions.push({ index: position, item: mention });
		}
	}
	return result;
}
