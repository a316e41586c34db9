import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestPipeline } from '../ingest/pipeline';
import { log } from '../log';
import { outboundFetchFor, STRICT_POLICY } from '../net/outbound';
import { retryAfterMs } from '../net/retry-after';
import { mapFeed } from './feed-parse';
import { SourceStore, type FeedPollState, type FeedRecord } from './store';

export interface FeedPollerOptions {
	/** Feeds fetched at the same time, at most. */
	concurrency: number;
	/** A fetch (headers and body) slower than this fails. */
	timeoutMs: number;
	/** How often the poller looks for due feeds; a feed's own interval is what paces it. */
	tickMs: number;
	/** Ceiling of the backoff after failures. */
	maxBackoffS: number;
	/** A bigger body is refused: feeds are a few hundred kB at most. */
	maxBytes: number;
	/** The SSRF-guarded fetch (src/lib/server/net/outbound.ts); strict unless the config allows private URLs. */
	fetch: typeof fetch;
	now: () => number;
	/**
	 * False while the ingest writers hold their limit (BRANDPULSE_MAX_BUFFERED_ROWS): then no feed is
	 * fetched, and the due ones stay due for the next tick, so nothing is skipped and the buffer stops growing.
	 */
	hasRoom: () => boolean;
}

export const DEFAULT_FEED_POLLER_OPTIONS: FeedPollerOptions = {
	concurrency: 4,
	timeoutMs: 15_000,
	tickMs: 10_000,
	maxBackoffS: 6 * 3600,
	maxBytes: 5 * 1024 * 1024,
	fetch: outboundFetchFor(STRICT_POLICY),
	now: () => Date.now(),
	hasRoom: () => true
};

export interface FeedPollOutcome {
	id: string;
	url: string;
	status: 'updated' | 'not_modified' | 'failed';
	accepted: number;
	duplicates: number;
	rejected: number;
	error?: string;
}

/**
 * When a feed is next due: its interval after the last poll, doubled for each failure in a row, capped; and
 * never before the wait its server asked for with Retry-After.
 */
export function nextPollMs(feed: FeedRecord, maxBackoffS: number): number {
	if (!feed.last_polled_at) return 0;
	const backoff = Math.min(feed.interval_s * 2 ** Math.min(feed.failures, 16), maxBackoffS);
	return Date.parse(feed.last_polled_at) + Math.max(feed.interval_s, backoff, feed.retry_after_s) * 1000;
}

type FeedSink = Pick<IngestPipeline, 'ingestMentions'>;

/** Answers whose Retry-After says when the feed's server wants to be asked again. */
const RETRY_LATER = new Set([429, 503]);

async function readCapped(response: Response, maxBytes: number): Promise<string> {
	if (!response.body) return '';
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel();
			throw new Error(`body exceeds ${maxBytes} bytes`);
		}
		chunks.push(value);
	}
	return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/**
 * Polls RSS and Atom feeds: each on its own interval, with conditional GETs (ETag / Last-Modified) so an
 * unchanged feed costs a 304, a timeout per fetch, exponential backoff after failures, and at most
 * `concurrency` fetches at once. Items go through the same ingest pipeline as the API, so a re-polled
 * item is a duplicate, not a second mention.
 */
export class FeedPoller {
	readonly options: FeedPollerOptions;
	#timer: NodeJS.Timeout | undefined;
	#running = new Set<string>();
	#tick: Promise<unknown> = Promise.resolve();
	#stopped = false;

	constructor(
		private readonly store: SourceStore,
		private readonly sink: FeedSink,
		options: Partial<FeedPollerOptions> = {}
	) {
		this.options = { ...DEFAULT_FEED_POLLER_OPTIONS, ...options };
	}

	start(): this {
		this.#stopped = false;
		const loop = () => {
			this.#tick = this.pollDue()
				.catch((error: unknown) => log.warn({ err: error }, 'feed poller tick failed'))
				.finally(() => {
					if (!this.#stopped) this.#timer = setTimeout(loop, this.options.tickMs);
				});
		};
		loop();
		return this;
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#timer);
		await this.#tick;
	}

	/**
	 * Polls every feed that is due now and not already being polled, `concurrency` at a time, while the
	 * writers have room.
	 */
	async pollDue(): Promise<FeedPollOutcome[]> {
		if (!this.options.hasRoom()) return [];
		const now = this.options.now();
		const due = (await this.store.listFeeds()).filter(
			(feed) => !this.#running.has(feed.id) && nextPollMs(feed, this.options.maxBackoffS) <= now
		);
		const outcomes: FeedPollOutcome[] = [];
		const queue = [...due];
		const worker = async () => {
			for (let feed = queue.shift(); feed && !this.#stopped && this.options.hasRoom(); feed = queue.shift()) {
				outcomes.push(await this.pollFeed(feed));
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.options.concurrency, due.length) }, worker));
		return outcomes;
	}

	/**
	 * Polls one feed now, out of turn (an admin checking a feed they just added): null while that feed is
	 * being polled already or the writers are full, so a click never races the schedule or grows the buffer.
	 */
	async pollNow(feed: FeedRecord): Promise<FeedPollOutcome | null> {
		if (this.#running.has(feed.id) || !this.options.hasRoom()) return null;
		return this.pollFeed(feed);
	}

	async pollFeed(feed: FeedRecord): Promise<FeedPollOutcome> {
		this.#running.add(feed.id);
		const outcome: FeedPollOutcome = {
			id: feed.id,
			url: feed.url,
			status: 'failed',
			accepted: 0,
			duplicates: 0,
			rejected: 0
		};
		const state: FeedPollState = {
			last_etag: feed.last_etag,
			last_modified: feed.last_modified,
			last_polled_at: new Date(this.options.now()).toISOString(),
			last_error: '',
			failures: 0,
			retry_after_s: 0
		};
		try {
			const headers: Record<string, string> = {
				accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
				'user-agent': 'Brandpulse feed poller'
			};
			if (feed.last_etag) headers['if-none-match'] = feed.last_etag;
			if (feed.last_modified) headers['if-modified-since'] = feed.last_modified;
			const signal = AbortSignal.timeout(this.options.timeoutMs);
			const response = await this.options.fetch(feed.url, { headers, signal, redirect: 'follow' });
			if (response.status === 304) {
				await response.body?.cancel();
				outcome.status = 'not_modified';
			} else if (!response.ok) {
				await response.body?.cancel();
				const asked = RETRY_LATER.has(response.status)
					? retryAfterMs(response.headers.get('retry-after'), this.options.now())
					: null;
				if (asked === null) throw new Error(`HTTP ${response.status}`);
				state.retry_after_s = Math.min(Math.ceil(asked / 1000), this.options.maxBackoffS);
				throw new Error(`HTTP ${response.status}, asked to wait ${state.retry_after_s} s`);
			} else {
				const xml = await readCapped(response, this.options.maxBytes);
				const mapped = mapFeed(xml, {
					brand: feed.brand,
					source: feed.source,
					now: new Date(this.options.now())
				});
				const unreadable = mapped.rejected.find((rejection) => rejection.field === 'body');
				if (unreadable) throw new Error(`body ${unreadable.message}`);
				const report = mapped.mentions.length
					? await this.sink.ingestMentions(
							mapped.mentions.map((mention) => mention.item),
							[feed.brand]
						)
					: { accepted: 0, duplicates: 0, rejected: [] };
				outcome.status = 'updated';
				outcome.accepted = report.accepted;
				outcome.duplicates = report.duplicates;
				outcome.rejected = report.rejected.length + mapped.rejected.length;
				state.last_etag = response.headers.get('etag') ?? '';
				state.last_modified = response.headers.get('last-modified') ?? '';
				if (outcome.rejected) {
					const first = report.rejected[0] ?? mapped.rejected[0];
					state.last_error = `${outcome.rejected} item(s) refused, first: ${first?.field} ${first?.message}`;
				}
			}
		} catch (error) {
			const reason = error as Error;
			outcome.status = 'failed';
			outcome.error =
				reason.name === 'TimeoutError' ? `timed out after ${this.options.timeoutMs} ms` : reason.message;
			state.last_error = outcome.error.slice(0, 1000);
			state.failures = feed.failures + 1;
			log.warn(
				{ feed: feed.url, brand: feed.brand, error: outcome.error, failures: state.failures },
				'feed poll failed'
			);
		} finally {
			this.#running.delete(feed.id);
		}
		await this.store.saveFeedState(feed.id, state);
		return outcome;
	}
}

/**
 * Starts polling the feeds stored in `source_feeds`; call once at startup and `await poller.stop()` at
 * shutdown (before the pipeline closes).
 */
export function startFeedPoller(
	app: { client: ClickHouseClient; pipeline: FeedSink },
	options: Partial<FeedPollerOptions> = {}
): FeedPoller {
	return new FeedPoller(new SourceStore(app.client), app.pipeline, options).start();
}
