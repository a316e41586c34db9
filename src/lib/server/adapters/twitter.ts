import { z } from 'zod';
import type { MentionInput } from '../ingest/schema';
import { emptyResult, rejectionFromZod, type AdapterResult } from './types';
import { normalizeLang, toIsoDate } from './text';

/** A user object of X API v2 `includes.users` (the fields we read; the API sends more). */
export const twitterUserSchema = z.looseObject({
	id: z.string().min(1),
	username: z.string().min(1),
	name: z.string().optional(),
	public_metrics: z.looseObject({ followers_count: z.number().int().nonnegative() }).optional()
});

/** A tweet object of X API v2 with the expansions and fields a mention needs. */
export const tweetSchema = z.looseObject({
	id: z.string().min(1),
	text: z.string(),
	author_id: z.string().optional(),
	created_at: z.string().optional(),
	lang: z.string().optional(),
	conversation_id: z.string().optional(),
	in_reply_to_user_id: z.string().optional(),
	referenced_tweets: z
		.array(z.looseObject({ type: z.enum(['replied_to', 'quoted', 'retweeted']), id: z.string() }))
		.optional()
});
export type Tweet = z.infer<typeof tweetSchema>;

/** The response envelope of the tweet lookup, search and filtered-stream endpoints. */
export const tweetEnvelopeSchema = z.looseObject({
	data: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
	includes: z.looseObject({ users: z.array(z.unknown()).optional() }).optional()
});

export interface TwitterOptions {
	brand: string;
	/** The brand's own account (`@acme` or `acme`): its replies are responses, not mentions. */
	handle?: string;
	/** When the payload has no `created_at` (the field was not requested): the time it was received. */
	now?: Date;
}

const bareHandle = (handle: string) => handle.trim().replace(/^@/, '').toLowerCase();

export function mapTweets(payload: unknown, options: TwitterOptions): AdapterResult {
	const result = emptyResult();
	const envelope = tweetEnvelopeSchema.safeParse(payload);
	if (!envelope.success) {
		result.rejected.push(rejectionFromZod(0, envelope.error));
		return result;
	}
	const users = new Map<string, z.infer<typeof twitterUserSchema>>();
	for (const raw of envelope.data.includes?.users ?? []) {
		const user = twitterUserSchema.safeParse(raw);
		if (user.success) users.set(user.data.id, user.data);
	}
	const data = envelope.data.data;
	const tweets: unknown[] = data === undefined ? [] : Array.isArray(data) ? data : [data];
	const brandHandle = options.handle ? bareHandle(options.handle) : null;
	const receivedAt = (options.now ?? new Date()).toISOString();

	tweets.forEach((raw, index) => {
		const parsed = tweetSchema.safeParse(raw);
		if (!parsed.success) {
			result.rejected.push(rejectionFromZod(index, parsed.error, 'data'));
			return;
		}
		const tweet = parsed.data;
		const author = tweet.author_id ? users.get(tweet.author_id) : undefined;
		const repliedTo = tweet.referenced_tweets?.find((ref) => ref.type === 'replied_to')?.id;
		const createdAt = tweet.created_at ? toIsoDate(tweet.created_at) : receivedAt;

		if (brandHandle && author && author.username.toLowerCase() === brandHandle) {
			if (repliedTo) {
				result.responses.push({
					index,
					item: {
						mention_id: repliedTo,
						brand: options.brand,
						responded_at: createdAt,
						channel: 'twitter',
						agent: author.username
					}
				});
			} else {
				result.ignored += 1;
			}
			return;
		}
		if (tweet.author_id && !author) {
			result.rejected.push({
				index,
				field: 'includes.users',
				message: `has no user ${tweet.author_id}: request expansions=author_id`
			});
			return;
		}
		const mention: MentionInput = {
			id: tweet.id,
			brand: options.brand,
			source: 'twitter',
			text: tweet.text,
			created_at: createdAt
		};
		if (author) {
			mention.author = author.username;
			mention.url = `https://x.com/${author.username}/status/${tweet.id}`;
			const followers = author.public_metrics?.followers_count;
			if (followers !== undefined) mention.author_followers = followers;
		}
		const lang = normalizeLang(tweet.lang);
		if (lang) mention.lang = lang;
		const thread = repliedTo ?? (tweet.conversation_id !== tweet.id ? tweet.conversation_id : undefined);
		if (thread) mention.in_reply_to = thread;
		result.mentions.push({ index, item: mention });
	});
	return result;
}
