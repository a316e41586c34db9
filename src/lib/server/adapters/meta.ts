import { z } from 'zod';
import type { MentionInput } from '../ingest/schema';
import { joinText, toIsoDate } from './text';
import { emptyResult, rejectionFromZod, type AdapterResult } from './types';

/** The envelope of every Graph API webhook notification. */
export const metaWebhookSchema = z.looseObject({
	object: z.enum(['page', 'instagram']),
	entry: z.array(
		z.looseObject({
			id: z.string(),
			time: z.number(),
			changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).optional()
		})
	)
});

/** `field: 'feed'` of a Page: posts, comments, reactions… on the Page. */
export const pageFeedValueSchema = z.looseObject({
	item: z.string(),
	verb: z.string(),
	from: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
	post_id: z.string().optional(),
	comment_id: z.string().optional(),
	parent_id: z.string().optional(),
	message: z.string().optional(),
	created_time: z.union([z.number(), z.string()]).optional()
});

/** `field: 'mention'` of a Page: the Page was tagged in a post or comment. */
export const pageMentionValueSchema = z.looseObject({
	item: z.string(),
	verb: z.string(),
	post_id: z.string().optional(),
	comment_id: z.string().optional(),
	sender_id: z.string().optional(),
	sender_name: z.string().optional(),
	message: z.string().optional(),
	created_time: z.union([z.number(), z.string()]).optional()
});

/** `field: 'comments'` (and `live_comments`) of an Instagram professional account. */
export const instagramCommentValueSchema = z.looseObject({
	id: z.string(),
	text: z.string(),
	from: z.looseObject({ id: z.string(), username: z.string().optional() }),
	media: z.looseObject({ id: z.string(), media_product_type: z.string().optional() }).optional(),
	parent_id: z.string().optional()
});

/** `field: 'mentions'` of an Instagram account: only ids, the text must be fetched from the Graph API. */
export const instagramMentionValueSchema = z.looseObject({
	media_id: z.string(),
	comment_id: z.string().optional()
});

export interface MetaOptions {
	brand: string;
	/** Page and Instagram account ids that are the brand; each entry's own id always is. */
	ownAccounts?: string[];
	/**
	 * The source has a Graph API access token: items that carry ids only become `fetches` (completed by
	 * `completeFromGraph`) instead of rejections.
	 */
	fetchMissing?: boolean;
	/** Why an id-only item cannot be completed, when it is not for want of a token. */
	noTextReason?: string;
}

/** What must be read from the Graph API to complete an id-only item: the mention minus its text. */
export interface GraphFetch {
	/** The change's position, as in rejections. */
	index: number;
	kind: 'fb_post' | 'fb_comment' | 'ig_media' | 'ig_comment';
	/** The post, comment or media id to read. */
	objectId: string;
	/** The Instagram account the webhook is for (`mentioned_media` / `mentioned_comment` hang off it). */
	igUserId: string;
	base: Omit<MentionInput, 'text'>;
}

export interface MetaResult extends AdapterResult {
	fetches: GraphFetch[];
}

const NO_TEXT =
	'carries no text in the webhook; give this source an access_token so Brandpulse reads it from the Graph API';
/** Graph reads spend the source's token and Meta's rate limit, so only Meta's own deliveries get them. */
export const NO_TEXT_UNSIGNED =
	'carries no text in the webhook; only deliveries signed by Meta (X-Hub-Signature-256) are read from the Graph API';

/**
 * Rejections and ignored items are counted per change: `index` is the position of the change across all
 * entries, in order. Edits and removals are ignored (a stored mention is not rewritten).
 */
export function mapMetaWebhook(payload: unknown, options: MetaOptions): MetaResult {
	const result: MetaResult = { ...emptyResult(), fetches: [] };
	const envelope = metaWebhookSchema.safeParse(payload);
	if (!envelope.success) {
		result.rejected.push(rejectionFromZod(0, envelope.error));
		return result;
	}
	const source = envelope.data.object === 'page' ? 'facebook' : 'instagram';
	let index = 0;
	for (const entry of envelope.data.entry) {
		const own = new Set([entry.id, ...(options.ownAccounts ?? [])]);
		const entryTime = toIsoDate(entry.time);
		for (const change of entry.changes ?? []) {
			const position = index;
			index += 1;
			const reject = (field: string, message: string) =>
				result.rejected.push({ index: position, field: `changes.${field}`, message });
			const mention = (item: MentionInput) => result.mentions.push({ index: position, item });
			const reply = (mentionId: string, respondedAt: string, agent: string | undefined) =>
				result.responses.push({
					index: position,
					item: {
						mention_id: mentionId,
						brand: options.brand,
						responded_at: respondedAt,
						channel: source,
						...(agent ? { agent } : {})
					}
				});

			if (source === 'facebook' && change.field === 'feed') {
				const parsed = pageFeedValueSchema.safeParse(change.value);
				if (!parsed.success) {
					result.rejected.push(rejectionFromZod(position, parsed.error, 'changes.value'));
					continue;
				}
				const value = parsed.data;
				const isContent = ['comment', 'post', 'status', 'photo', 'video', 'share'].includes(value.item);
				if (value.verb !== 'add' || !isContent) {
					result.ignored += 1;
					continue;
				}
				const createdAt = value.created_time !== undefined ? toIsoDate(value.created_time) : entryTime;
				const id = value.item === 'comment' ? value.comment_id : value.post_id;
				if (!id) {
					reject('value', `has no ${value.item === 'comment' ? 'comment_id' : 'post_id'}`);
					continue;
				}
				if (value.from && own.has(value.from.id)) {
					const answered = value.item === 'comment' ? (value.parent_id ?? value.post_id) : undefined;
					if (answered) reply(answered, createdAt, value.from.name);
					else result.ignored += 1;
					continue;
				}
				const base: Omit<MentionInput, 'text'> = { id, brand: options.brand, source, created_at: createdAt };
				if (value.from?.name) base.author = value.from.name;
				if (value.item === 'comment') {
					const parent = value.parent_id ?? value.post_id;
					if (parent) base.in_reply_to = parent;
				} else base.url = `https://www.facebook.com/${id}`;
				if (value.message?.trim()) mention({ ...base, text: joinText(value.message) });
				else if (options.fetchMissing) {
					const kind = value.item === 'comment' ? 'fb_comment' : 'fb_post';
					result.fetches.push({ index: position, kind, objectId: id, igUserId: entry.id, base });
				} else reject('value.message', options.noTextReason ?? NO_TEXT);
			} else if (source === 'facebook' && change.field === 'mention') {
				const parsed = pageMentionValueSchema.safeParse(change.value);
				if (!parsed.success) {
					result.rejected.push(rejectionFromZod(position, parsed.error, 'changes.value'));
					continue;
				}
				const value = parsed.data;
				const id = value.comment_id ?? value.post_id;
				if (value.verb !== 'add' || !id) {
					result.ignored += 1;
					continue;
				}
				const base: Omit<MentionInput, 'text'> = {
					id,
					brand: options.brand,
					source,
					created_at: value.created_time !== undefined ? toIsoDate(value.created_time) : entryTime
				};
				if (value.sender_name) base.author = value.sender_name;
				if (value.comment_id && value.post_id) base.in_reply_to = value.post_id;
				else base.url = `https://www.facebook.com/${id}`;
				if (value.message?.trim()) mention({ ...base, text: joinText(value.message) });
				else if (options.fetchMissing) {
					const kind = value.comment_id ? 'fb_comment' : 'fb_post';
					result.fetches.push({ index: position, kind, objectId: id, igUserId: entry.id, base });
				} else reject('value.message', options.noTextReason ?? NO_TEXT);
			} else if (
				source === 'instagram' &&
				(change.field === 'comments' || change.field === 'live_comments')
			) {
				const parsed = instagramCommentValueSchema.safeParse(change.value);
				if (!parsed.success) {
					result.rejected.push(rejectionFromZod(position, parsed.error, 'changes.value'));
					continue;
				}
				const value = parsed.data;
				if (own.has(value.from.id)) {
					// A reply by the account answers the comment; a top-level comment on its own media answers nobody.
					if (value.parent_id) reply(value.parent_id, entryTime, value.from.username);
					else result.ignored += 1;
					continue;
				}
				const item: MentionInput = {
					id: value.id,
					brand: options.brand,
					source,
					text: joinText(value.text),
					created_at: entryTime
				};
				if (value.from.username) item.author = value.from.username;
				const parent = value.parent_id ?? value.media?.id;
				if (parent) item.in_reply_to = parent;
				mention(item);
			} else if (source === 'instagram' && change.field === 'mentions') {
				const parsed = instagramMentionValueSchema.safeParse(change.value);
				if (!parsed.success) {
					result.rejected.push(rejectionFromZod(position, parsed.error, 'changes.value'));
					continue;
				}
				if (!options.fetchMissing) {
					reject('value', options.noTextReason ?? NO_TEXT);
					continue;
				}
				// A comment @mention is stored as the comment, answering the media; a caption @mention as the media.
				const { media_id: mediaId, comment_id: commentId } = parsed.data;
				const base: Omit<MentionInput, 'text'> = {
					id: commentId ?? mediaId,
					brand: options.brand,
					source,
					created_at: entryTime
				};
				if (commentId) base.in_reply_to = mediaId;
				result.fetches.push({
					index: position,
					kind: commentId ? 'ig_comment' : 'ig_media',
					objectId: commentId ?? mediaId,
					igUserId: entry.id,
					base
				});
			} else {
				result.ignored += 1;
			}
		}
	}
	return result;
}
