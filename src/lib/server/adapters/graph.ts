import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import type { MentionInput } from '../ingest/schema';
import { log } from '../log';
import { BlockedUrlError } from '../net/outbound';
import { retryAfterMs } from '../net/retry-after';
import type { GraphFetch, MetaResult } from './meta';
import { joinText, toIsoDate } from './text';
import type { AdapterResult } from './types';

/**
 * A small Graph API reader for the webhook items Meta sends as ids only. Per call: a timeout, and retries
 * with exponential backoff on 5xx, 429 and Meta's rate-limit error codes, waiting at least what the answer
 * asks for (`Retry-After`, or `estimated_time_to_regain_access` in `X-Business-Use-Case-Usage`). A wait
 * longer than the budget of one webhook delivery is not waited out: the delivery fails at once and the
 * account stays cooled down for that long, so redeliveries do not hammer a throttled token.
 */
export interface GraphClientOptions {
	/** Base with version, e.g. `https://graph.facebook.com/v21.0`. */
	baseUrl: string;
	accessToken: string;
	/** The app secret: every call carries `appsecret_proof`, as apps that require it demand. */
	appSecret: string;
	/** The SSRF-guarded fetch. */
	fetch: typeof fetch;
	timeoutMs: number;
	/** Attempts per call, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest total wait between attempts within one delivery. */
	waitBudgetMs: number;
	sleep: (ms: number) => Promise<void>;
	now: () => number;
}

export const DEFAULT_GRAPH_OPTIONS = {
	timeoutMs: 4000,
	maxAttempts: 3,
	baseDelayMs: 500,
	maxDelayMs: 4000,
	waitBudgetMs: 6000,
	sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
	now: () => Date.now()
} satisfies Partial<GraphClientOptions>;

/**
 * `transient`: worth retrying later (5xx, 429, throttling, network); `config`: the source's token or Graph
 * URL is unusable, so every item would fail the same way; `permanent`: this object cannot be read (deleted,
 * not visible to the token).
 */
export type GraphFailure = 'transient' | 'config' | 'permanent';

export class GraphError extends Error {
	constructor(
		message: string,
		readonly failure: GraphFailure,
		readonly status: number,
		readonly code: number | null,
		/** What the Graph API asked to wait, when it said. */
		readonly retryAfterMs: number | null
	) {
		super(message);
	}
}

/** Meta's throttling codes: app (4), user (17), page (32), API-specific (613), business use case (8000x). */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008, 80014]);
/** Unknown (1) and service (2) errors are documented as temporary; 190 / 102 are token problems. */
const TEMPORARY_CODES = new Set([1, 2]);
const TOKEN_CODES = new Set([102, 190]);

const errorBodySchema = z.looseObject({
	error: z.looseObject({
		message: z.string().optional(),
		type: z.string().optional(),
		code: z.number().optional(),
		error_subcode: z.number().optional(),
		is_transient: z.boolean().optional()
	})
});

/** The longest wait any of the throttling headers asks for, in ms. */
export function requestedWaitMs(headers: Headers, now: number): number | null {
	let wait = retryAfterMs(headers.get('retry-after'), now);
	const buc = headers.get('x-business-use-case-usage');
	if (buc) {
		try {
			const usage = JSON.parse(buc) as Record<string, { estimated_time_to_regain_access?: number }[]>;
			for (const entries of Object.values(usage)) {
				for (const entry of Array.isArray(entries) ? entries : []) {
					const minutes = Number(entry.estimated_time_to_regain_access ?? 0);
					if (minutes > 0) wait = Math.max(wait ?? 0, minutes * 60_000);
				}
			}
		} catch {
			// An unreadable header asks for nothing.
		}
	}
	return wait;
}

/** Per account (base URL + token), until when the Graph API asked us to stay away. Shared by all requests. */
const cooldowns = new Map<string, number>();

export class GraphClient {
	readonly options: GraphClientOptions;
	readonly #key: string;
	readonly #proof: string;

	constructor(
		options: Pick<GraphClientOptions, 'baseUrl' | 'accessToken' | 'appSecret' | 'fetch'> &
			Partial<GraphClientOptions>
	) {
		this.options = { ...DEFAULT_GRAPH_OPTIONS, ...options };
		this.#key = createHash('sha256').update(`${options.baseUrl}\u0000${options.accessToken}`).digest('hex');
		this.#proof = createHmac('sha256', options.appSecret).update(options.accessToken).digest('hex');
	}

	/** `GET {base}/{node}?fields=…`, parsed JSON of a 200, or a GraphError after the retries. */
	async get(node: string, fields: string): Promise<unknown> {
		const { maxAttempts, baseDelayMs, maxDelayMs, waitBudgetMs, now, sleep } = this.options;
		const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(node)}`);
		url.searchParams.set('fields', fields);
		url.searchParams.set('access_token', this.options.accessToken);
		url.searchParams.set('appsecret_proof', this.#proof);
		let waited = 0;
		for (let attempt = 1; ; attempt += 1) {
			const until = cooldowns.get(this.#key) ?? 0;
			if (until > now()) {
				throw new GraphError(
					'the Graph API asked to pause calls with this token',
					'transient',
					429,
					null,
					until - now()
				);
			}
			let error: GraphError;
			try {
				return await this.#once(url);
			} catch (caught) {
				error = caught as GraphError;
			}
			if (error.failure !== 'transient' || attempt >= maxAttempts) throw error;
			const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
			const wait = Math.max(error.retryAfterMs ?? 0, backoff / 2 + Math.random() * (backoff / 2));
			if (waited + wait > waitBudgetMs) {
				if ((error.retryAfterMs ?? 0) > 0) cooldowns.set(this.#key, now() + error.retryAfterMs!);
				throw error;
			}
			waited += wait;
			await sleep(wait);
		}
	}

	async #once(url: URL): Promise<unknown> {
		let response: Response;
		try {
			response = await this.options.fetch(url, {
				headers: { accept: 'application/json', 'user-agent': 'Brandpulse' },
				signal: AbortSignal.timeout(this.options.timeoutMs),
				redirect: 'error'
			});
		} catch (caught) {
			const reason = caught as Error;
			if (reason instanceof BlockedUrlError)
				throw new GraphError(`Graph URL ${reason.message}`, 'config', 0, null, null);
			const message =
				reason.name === 'TimeoutError' ? `timed out after ${this.options.timeoutMs} ms` : reason.message;
			throw new GraphError(message, 'transient', 0, null, null);
		}
		// A body cut short (timeout, reset) reads as null: a 200 like that is worth another try.
		const body: unknown = await response.json().catch(() => null);
		if (response.ok && body !== null) return body;
		const graphError = errorBodySchema.safeParse(body);
		const detail = graphError.success ? graphError.data.error : null;
		const code = detail?.code ?? null;
		const wait = requestedWaitMs(response.headers, this.options.now());
		const message = detail?.message
			? `HTTP ${response.status}: ${detail.message}${code !== null ? ` (code ${code})` : ''}`
			: `HTTP ${response.status}${response.ok ? ' with a body that is not JSON' : ''}`;
		const failure: GraphFailure =
			response.ok ||
			response.status === 429 ||
			response.status >= 500 ||
			(code !== null && (THROTTLE_CODES.has(code) || TEMPORARY_CODES.has(code))) ||
			detail?.is_transient === true
				? 'transient'
				: response.status === 401 || (code !== null && TOKEN_CODES.has(code))
					? 'config'
					: 'permanent';
		throw new GraphError(message, failure, response.status, code, wait);
	}
}

/** Forgets every cooldown (tests). */
export function resetGraphCooldowns(): void {
	cooldowns.clear();
}

/** A delivery that cannot be completed now; nothing of it was stored, and Meta redelivers it. */
export class GraphUnavailableError extends Error {
	constructor(
		message: string,
		readonly index: number,
		readonly retryAfterS: number
	) {
		super(message);
	}
}

const NODE_ID = /^[0-9]+(_[0-9]+)?$/;

const postSchema = z.looseObject({
	id: z.string().optional(),
	message: z.string().optional(),
	created_time: z.string().optional(),
	from: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
	permalink_url: z.string().optional(),
	parent: z.looseObject({ id: z.string() }).optional()
});
const mentionedMediaSchema = z.looseObject({
	mentioned_media: z.looseObject({
		id: z.string().optional(),
		caption: z.string().optional(),
		timestamp: z.string().optional(),
		username: z.string().optional()
	})
});
const mentionedCommentSchema = z.looseObject({
	mentioned_comment: z.looseObject({
		id: z.string().optional(),
		text: z.string().optional(),
		timestamp: z.string().optional(),
		media: z.looseObject({ id: z.string() }).optional()
	})
});

/** The documented reads: a Page post or comment by id, and an IG user's `mentioned_media` / `mentioned_comment`. */
export function graphRequest(pending: GraphFetch): { node: string; fields: string } {
	switch (pending.kind) {
		case 'fb_post':
			return { node: pending.objectId, fields: 'message,created_time,from,permalink_url' };
		case 'fb_comment':
			return { node: pending.objectId, fields: 'message,created_time,from,permalink_url,parent{id}' };
		case 'ig_media':
			return {
				node: pending.igUserId,
				fields: `mentioned_media.media_id(${pending.objectId}){caption,timestamp,username,like_count,comments_count,media_type}`
			};
		case 'ig_comment':
			return {
				node: pending.igUserId,
				fields: `mentioned_comment.comment_id(${pending.objectId}){id,text,timestamp,like_count,media{id}}`
			};
	}
}

/** The mention a Graph answer completes, or why it does not. */
export function mentionFromGraph(pending: GraphFetch, body: unknown): MentionInput | string {
	const item: Omit<MentionInput, 'text'> = { ...pending.base };
	let text: string | undefined;
	if (pending.kind === 'fb_post' || pending.kind === 'fb_comment') {
		const parsed = postSchema.safeParse(body);
		if (!parsed.success) return 'the Graph API answered with an unexpected object';
		const post = parsed.data;
		text = post.message;
		if (post.created_time) item.created_at = toIsoDate(post.created_time);
		if (post.from?.name) item.author = post.from.name;
		if (post.permalink_url) item.url = post.permalink_url;
		if (post.parent?.id) item.in_reply_to = post.parent.id;
	} else if (pending.kind === 'ig_media') {
		const parsed = mentionedMediaSchema.safeParse(body);
		if (!parsed.success) return 'the Graph API answered without mentioned_media';
		const media = parsed.data.mentioned_media;
		text = media.caption;
		if (media.timestamp) item.created_at = toIsoDate(media.timestamp);
		if (media.username) item.author = media.username;
	} else {
		const parsed = mentionedCommentSchema.safeParse(body);
		if (!parsed.success) return 'the Graph API answered without mentioned_comment';
		const comment = parsed.data.mentioned_comment;
		text = comment.text;
		if (comment.timestamp) item.created_at = toIsoDate(comment.timestamp);
		if (comment.media?.id) item.in_reply_to = comment.media.id;
	}
	if (!text?.trim()) return 'has no text, neither in the webhook nor in the Graph API';
	return { ...item, text: joinText(text) };
}

/**
 * Completes a mapped Meta webhook: reads every id-only item from the Graph API (a few at a time), then
 * returns the result with those items as mentions or, when the object cannot be read, as rejections with
 * the Graph API's reason. If any read fails for a reason that may pass (throttling, 5xx, timeouts) or that
 * concerns the whole source (a rejected token), it throws GraphUnavailableError and nothing is to be
 * stored: Meta redelivers, and the redelivery is deduplicated like any retry.
 */
export async function completeFromGraph(
	mapped: MetaResult,
	client: GraphClient,
	context: { source: string; concurrency?: number }
): Promise<AdapterResult> {
	const result: AdapterResult = {
		mentions: [...mapped.mentions],
		responses: mapped.responses,
		rejected: [...mapped.rejected],
		ignored: mapped.ignored
	};
	const queue = [...mapped.fetches];
	const failures: { pending: GraphFetch; error: GraphError }[] = [];
	const worker = async () => {
		for (let pending = queue.shift(); pending; pending = queue.shift()) {
			if (!NODE_ID.test(pending.objectId) || !NODE_ID.test(pending.igUserId)) {
				result.rejected.push({
					index: pending.index,
					field: 'changes.value',
					message: `"${pending.objectId}" is not a Graph API id`
				});
				continue;
			}
			const { node, fields } = graphRequest(pending);
			try {
				const completed = mentionFromGraph(pending, await client.get(node, fields));
				if (typeof completed === 'string') {
					result.rejected.push({ index: pending.index, field: 'changes.value', message: completed });
				} else result.mentions.push({ index: pending.index, item: completed });
			} catch (caught) {
				const error =
					caught instanceof GraphError ? caught : new GraphError(String(caught), 'transient', 0, null, null);
				if (error.failure === 'permanent') {
					log.warn(
						{ source: context.source, object: pending.objectId, kind: pending.kind, error: error.message },
						'Graph API refused an object; the item is rejected'
					);
					result.rejected.push({
						index: pending.index,
						field: 'changes.value',
						message: `could not be read from the Graph API: ${error.message}`
					});
				} else failures.push({ pending, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(context.concurrency ?? 4, queue.length) }, worker));
	if (failures.length) {
		const first = failures.sort((a, b) => a.pending.index - b.pending.index)[0]!;
		const retryAfterS = Math.max(
			1,
			Math.ceil(Math.max(...failures.map((f) => f.error.retryAfterMs ?? 0)) / 1000)
		);
		const what =
			first.error.failure === 'config'
				? 'the source cannot read the Graph API'
				: 'the Graph API did not answer';
		const message =
			`${what} for change ${first.pending.index} (${first.pending.kind} ${first.pending.objectId}): ${first.error.message}` +
			`${failures.length > 1 ? `, and ${failures.length - 1} more` : ''}; nothing of this delivery was stored, send it again`;
		log.warn(
			{ source: context.source, failures: failures.length, error: first.error.message },
			'Graph API fetch failed; delivery refused'
		);
		throw new GraphUnavailableError(message, first.pending.index, retryAfterS);
	}
	result.mentions.sort((a, b) => a.index - b.index);
	result.rejected.sort((a, b) => a.index - b.index);
	return result;
}
