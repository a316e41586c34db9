import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { brandSchema } from '../ingest/schema';
import { genericMappingSchema, type GenericMapping } from './generic';

export const SOURCE_TABLES = { feeds: 'source_feeds', webhooks: 'source_webhooks' } as const;

export const feedInputSchema = z.strictObject({
	url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
	brand: brandSchema,
	source: z.enum(['news', 'blog']).default('news'),
	/** Seconds between polls when the feed answers; failures back off from here. */
	interval_s: z.number().int().min(10).max(86_400).default(900)
});
export type FeedInput = z.input<typeof feedInputSchema>;

export interface FeedRecord {
	id: string;
	url: string;
	brand: string;
	source: string;
	interval_s: number;
	last_etag: string;
	last_modified: string;
	last_polled_at: string | null;
	last_error: string;
	failures: number;
	/** What the feed's server last asked for with Retry-After on a 429 or 503; 0 once it answers. */
	retry_after_s: number;
}

export type FeedPollState = Pick<
	FeedRecord,
	'last_etag' | 'last_modified' | 'last_polled_at' | 'last_error' | 'failures' | 'retry_after_s'
>;

export const WEBHOOK_KINDS = ['meta', 'zendesk', 'freshdesk', 'twitter', 'reddit', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export const sourceNameSchema = z
	.string()
	.regex(
		/^[a-z0-9][a-z0-9_-]{0,63}$/,
		'must be a lower-case name: a-z, 0-9, "-" or "_", at most 64 characters'
	);

export const webhookInputSchema = z.strictObject({
	kind: z.enum(WEBHOOK_KINDS),
	brand: brandSchema,
	/** Meta app secret, Zendesk signing secret, or the HMAC key of a generic source. Write-only. */
	secret: z.string().min(8).max(512).optional(),
	/** What Meta's subscription handshake must present as `hub.verify_token`. Write-only. */
	verify_token: z.string().min(8).max(512).optional(),
	/**
	 * Meta: the Page (or Instagram user) access token that reads id-only webhook items from the Graph API.
	 * Write-only; without one such items are refused with the reason.
	 */
	access_token: z.string().min(16).max(2048).optional(),
	/** Meta: a Graph API base URL with its version (default: BRANDPULSE_GRAPH_URL); `null` clears it. */
	graph_url: z
		.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://graph.facebook.com/v21.0' })
		.max(2048)
		.nullable()
		.optional(),
	/** Account ids or handles that are the brand itself: their posts are replies. */
	own_accounts: z.array(z.string().min(1).max(256)).max(100).default([]),
	mapping: genericMappingSchema.optional()
});
export type WebhookInput = z.input<typeof webhookInputSchema>;

export interface WebhookRecord {
	name: string;
	kind: WebhookKind;
	brand: string;
	secret: string;
	verify_token: string;
	access_token: string;
	graph_url: string;
	own_accounts: string[];
	mapping: GenericMapping | null;
}

/** What the admin API shows of a webhook source: secrets only as "is set". */
export interface WebhookInfo {
	name: string;
	kind: WebhookKind;
	brand: string;
	has_secret: boolean;
	has_verify_token: boolean;
	has_access_token: boolean;
	/** The source's own Graph API base URL, or null for the configured one. */
	graph_url: string | null;
	own_accounts: string[];
	mapping: GenericMapping | null;
}

export function webhookInfo(record: WebhookRecord): WebhookInfo {
	return {
		name: record.name,
		kind: record.kind,
		brand: record.brand,
		has_secret: record.secret !== '',
		has_verify_token: record.verify_token !== '',
		has_access_token: record.access_token !== '',
		graph_url: record.graph_url || null,
		own_accounts: record.own_accounts,
		mapping: record.mapping
	};
}

/** A feed is the pair (brand, url): two brands may follow the same feed and keep separate mentions. */
export const feedId = (brand: string, url: string) =>
	createHash('sha256').update(`${brand}\u0000${url}`).digest('hex').slice(0, 24);

/** Per process, not per store: route handlers make a store per request. */
let lastVersion = 0;

const toDateTime = (iso: string) => iso.replace('T', ' ').replace('Z', '');

/**
 * Feeds and webhook sources in two small ReplacingMergeTree tables: each change writes a whole new version
 * and reads take the latest with FINAL, cheap at this size. Versions carry an explicit, strictly rising
 * `updated_at`, because two writes within one millisecond would otherwise tie.
 */
export class SourceStore {
	constructor(private readonly client: ClickHouseClient) {}

	#version(): string {
		lastVersion = Math.max(Date.now(), lastVersion + 1);
		return toDateTime(new Date(lastVersion).toISOString());
	}

	async listFeeds(brands: string[] | null = null): Promise<FeedRecord[]> {
		const result = await this.client.query({
			query: `SELECT id, url, brand, source, interval_s, last_etag, last_modified,
				toUnixTimestamp64Milli(last_polled_at) AS last_polled_ms,
				last_error, failures, retry_after_s
				FROM ${SOURCE_TABLES.feeds} FINAL WHERE deleted = 0 ORDER BY brand, url`,
			format: 'JSONEachRow'
		});
		const rows = await result.json<Omit<FeedRecord, 'last_polled_at'> & { last_polled_ms: number | null }>();
		return rows
			.map(({ last_polled_ms, ...row }) => ({
				...row,
				interval_s: Number(row.interval_s),
				failures: Number(row.failures),
				retry_after_s: Number(row.retry_after_s),
				last_polled_at: last_polled_ms === null ? null : new Date(Number(last_polled_ms)).toISOString()
			}))
			.filter((row) => brands === null || brands.includes(row.brand));
	}

	async getFeed(id: string): Promise<FeedRecord | null> {
		return (await this.listFeeds()).find((feed) => feed.id === id) ?? null;
	}

	/** Adds a feed, or changes its interval and source; its poll state is kept. */
	async saveFeed(input: z.output<typeof feedInputSchema>): Promise<FeedRecord> {
		const id = feedId(input.brand, input.url);
		const existing = await this.getFeed(id);
		const record: FeedRecord = {
			last_etag: '',
			last_modified: '',
			last_polled_at: null,
			last_error: '',
			failures: 0,
			retry_after_s: 0,
			...existing,
			id,
			url: input.url,
			brand: input.brand,
			source: input.source,
			interval_s: input.interval_s
		};
		await this.#writeFeed(record, false);
		return record;
	}

	/** Records a poll's outcome, unless the feed was deleted meanwhile (a late poll must not revive it). */
	async saveFeedState(id: string, state: FeedPollState): Promise<void> {
		const current = await this.getFeed(id);
		if (current) await this.#writeFeed({ ...current, ...state }, false);
	}

	async deleteFeed(id: string): Promise<boolean> {
		const current = await this.getFeed(id);
		if (!current) return false;
		await this.#writeFeed(current, true);
		return true;
	}

	async #writeFeed(record: FeedRecord, deleted: boolean): Promise<void> {
		await this.client.insert({
			table: SOURCE_TABLES.feeds,
			values: [
				{
					...record,
					last_polled_at: record.last_polled_at ? toDateTime(record.last_polled_at) : null,
					deleted: deleted ? 1 : 0,
					updated_at: this.#version()
				}
			],
			format: 'JSONEachRow'
		});
	}

	async listWebhooks(brands: string[] | null = null): Promise<WebhookRecord[]> {
		const result = await this.client.query({
			query: `SELECT name, kind, brand, secret, verify_token, access_token, graph_url, own_accounts, mapping
				FROM ${SOURCE_TABLES.webhooks} FINAL WHERE deleted = 0 ORDER BY name`,
			format: 'JSONEachRow'
		});
		const rows = await result.json<Omit<WebhookRecord, 'mapping'> & { mapping: string }>();
		return rows
			.map((row) => ({
				...row,
				mapping: row.mapping ? genericMappingSchema.parse(JSON.parse(row.mapping)) : null
			}))
			.filter((row) => brands === null || brands.includes(row.brand));
	}

	async getWebhook(name: string): Promise<WebhookRecord | null> {
		const result = await this.client.query({
			query: `SELECT name, kind, brand, secret, verify_token, access_token, graph_url, own_accounts, mapping
				FROM ${SOURCE_TABLES.webhooks} FINAL WHERE name = {name:String} AND deleted = 0`,
			query_params: { name },
			format: 'JSONEachRow'
		});
		const [row] = await result.json<Omit<WebhookRecord, 'mapping'> & { mapping: string }>();
		if (!row) return null;
		return { ...row, mapping: row.mapping ? genericMappingSchema.parse(JSON.parse(row.mapping)) : null };
	}

	/** Creates or replaces a webhook source. Secrets left out keep their stored value. */
	async saveWebhook(name: string, input: z.output<typeof webhookInputSchema>): Promise<WebhookRecord> {
		const existing = await this.getWebhook(name);
		const record: WebhookRecord = {
			name,
			kind: input.kind,
			brand: input.brand,
			secret: input.secret ?? existing?.secret ?? '',
			verify_token: input.verify_token ?? existing?.verify_token ?? '',
			// Graph settings belong to meta sources only: a source changed to another kind drops them.
			access_token: input.kind === 'meta' ? (input.access_token ?? existing?.access_token ?? '') : '',
			graph_url:
				input.kind === 'meta' && input.graph_url !== null
					? (input.graph_url ?? existing?.graph_url ?? '')
					: '',
			own_accounts: input.own_accounts,
			mapping: input.mapping ?? (input.kind === existing?.kind ? existing.mapping : null)
		};
		await this.#writeWebhook(record, false);
		return record;
	}

	async deleteWebhook(name: string): Promise<boolean> {
		const current = await this.getWebhook(name);
		if (!current) return false;
		await this.#writeWebhook(current, true);
		return true;
	}

	async #writeWebhook(record: WebhookRecord, deleted: boolean): Promise<void> {
		await this.client.insert({
			table: SOURCE_TABLES.webhooks,
			values: [
				{
					...record,
					mapping: record.mapping ? JSON.stringify(record.mapping) : '',
					deleted: deleted ? 1 : 0,
					updated_at: this.#version()
				}
			],
			format: 'JSONEachRow'
		});
	}
}
