import { DEFAULT_FEED_POLLER_OPTIONS, nextPollMs } from '../adapters/feeds';
import type { FeedRecord, WebhookInfo } from '../adapters/store';

/** new: not polled yet; ok: answered last time; failing: failed `failures` times in a row; waiting: its server asked us to wait. */
export type FeedHealth = 'new' | 'ok' | 'failing' | 'waiting';

export interface FeedView extends FeedRecord {
	health: FeedHealth;
	/** When the poller will ask next (ISO 8601), or null when the feed is due now. */
	next_poll_at: string | null;
}

export function feedView(
	feed: FeedRecord,
	now: number,
	maxBackoffS = DEFAULT_FEED_POLLER_OPTIONS.maxBackoffS
): FeedView {
	const next = nextPollMs(feed, maxBackoffS);
	const health: FeedHealth = !feed.last_polled_at
		? 'new'
		: feed.failures === 0
			? 'ok'
			: feed.retry_after_s > 0
				? 'waiting'
				: 'failing';
	return { ...feed, health, next_poll_at: next > now ? new Date(next).toISOString() : null };
}

export interface WebhookView extends WebhookInfo {
	/** Path (and query) the platform must deliver to; the page puts the server's origin before it. */
	endpoint: string;
	/** How a delivery proves it may write, in the words of the platform's settings page. */
	auth: string;
}

export function webhookView(source: WebhookInfo): WebhookView {
	const name = encodeURIComponent(source.name);
	const key = 'an ingest key (Authorization: Bearer …)';
	switch (source.kind) {
		case 'twitter':
		case 'reddit':
			return { ...source, endpoint: `/api/v1/sources/${source.kind}?source=${name}`, auth: key };
		case 'meta':
			return {
				...source,
				endpoint: `/api/v1/sources/meta/${name}`,
				auth: 'X-Hub-Signature-256 (app secret)'
			};
		case 'zendesk':
			return {
				...source,
				endpoint: `/api/v1/sources/zendesk/${name}`,
				auth: source.has_secret ? 'Zendesk webhook signature (signing secret)' : key
			};
		case 'freshdesk':
			return { ...source, endpoint: `/api/v1/sources/freshdesk/${name}`, auth: key };
		case 'generic':
			return {
				...source,
				endpoint: `/api/v1/sources/generic/${name}`,
				auth: source.has_secret ? 'X-Hub-Signature-256 (the source secret)' : key
			};
	}
}
