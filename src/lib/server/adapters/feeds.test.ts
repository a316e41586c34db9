import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPipeline } from '../ingest/pipeline';
import { ALLOW_ALL_POLICY, createOutboundFetch } from '../net/outbound';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { FeedPoller, nextPollMs } from './feeds';
import { SourceStore } from './store';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const RSS = readFileSync(path.join(fixtures, 'rss.xml'), 'utf8');
const ATOM = readFileSync(path.join(fixtures, 'atom.xml'), 'utf8');
const ETAG = '"rss-v1"';
const LAST_MODIFIED = 'Fri, 20 Nov 2026 12:00:00 GMT';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let pipeline: IngestPipeline;
let store: SourceStore;
let server: Server;
let base: string;
const requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
let inFlight = 0;
let maxInFlight = 0;

function route(request: IncomingMessage, response: ServerResponse) {
	const url = request.url ?? '/';
	requests.push({ path: url, headers: request.headers });
	if (url === '/rss') {
		if (request.headers['if-none-match'] === ETAG) return response.writeHead(304).end();
		response.writeHead(200, {
			'content-type': 'application/rss+xml',
			etag: ETAG,
			'last-modified': LAST_MODIFIED
		});
		return response.end(RSS);
	}
	if (url === '/atom') {
		response.writeHead(200, { 'content-type': 'application/atom+xml' });
		return response.end(ATOM);
	}
	if (url === '/broken') return response.writeHead(500).end('oops');
	if (url === '/limited') return response.writeHead(429, { 'retry-after': '7200' }).end();
	if (url === '/unavailable') {
		// An HTTP-date 30 minutes after the test clock's start.
		return response.writeHead(503, { 'retry-after': 'Fri, 20 Nov 2026 12:30:00 GMT' }).end();
	}
	if (url === '/hang') return; // never answers: the poller's timeout must end it
	if (url.startsWith('/slow/')) {
		inFlight += 1;
		maxInFlight = Math.max(maxInFlight, inFlight);
		setTimeout(() => {
			inFlight -= 1;
			response.writeHead(200, { 'content-type': 'application/rss+xml' });
			response.end('<rss version="2.0"><channel><title>empty</title></channel></rss>');
		}, 150);
		return;
	}
	response.writeHead(404).end();
}

beforeAll(async () => {
	db = await openTestClickHouse();
	pipeline = new IngestPipeline(db.client, { flushRows: 1000, flushIntervalMs: 10 });
	store = new SourceStore(db.client);
	server = createServer(route);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	await pipeline.close();
	await db.close();
});

async function mentionCount(brand: string) {
	const [row] = await queryRows<{ n: number }>(
		db.client,
		'SELECT count() AS n FROM mentions WHERE brand = {brand:String}',
		{
			brand
		}
	);
	return Number(row!.n);
}

describe('FeedPoller', () => {
	let clock = Date.parse('2026-11-20T12:00:00Z');
	// The fixture server is on 127.0.0.1: these polls run with the SSRF guard off, as the config allows.
	const open = createOutboundFetch({ policy: ALLOW_ALL_POLICY });
	const poller = () =>
		new FeedPoller(store, pipeline, { now: () => clock, timeoutMs: 300, concurrency: 2, fetch: open });

	it('ingests a new feed, then asks conditionally and takes the 304', async () => {
		const feed = await store.saveFeed({
			url: `${base}/rss`,
			brand: 'rssbrand',
			source: 'news',
			interval_s: 60
		});
		const first = await poller().pollDue();
		expect(first).toEqual([
			expect.objectContaining({ id: feed.id, status: 'updated', accepted: 2, rejected: 0 })
		]);
		expect(await mentionCount('rssbrand')).toBe(2);
		const saved = (await store.getFeed(feed.id))!;
		expect(saved).toMatchObject({
			last_etag: ETAG,
			last_modified: LAST_MODIFIED,
			failures: 0,
			last_error: ''
		});
		expect(saved.last_polled_at).toBe(new Date(clock).toISOString());

		clock += 30_000;
		expect(await poller().pollDue()).toEqual([]);

		clock += 31_000;
		const second = await poller().pollDue();
		expect(second).toEqual([expect.objectContaining({ status: 'not_modified', accepted: 0 })]);
		const conditional = requests.filter((r) => r.path === '/rss').at(-1)!;
		expect(conditional.headers['if-none-match']).toBe(ETAG);
		expect(conditional.headers['if-modified-since']).toBe(LAST_MODIFIED);
		expect(await mentionCount('rssbrand')).toBe(2);
		await store.deleteFeed(feed.id);
	});

	it('reads Atom feeds as the configured source', async () => {
		const feed = await store.saveFeed({
			url: `${base}/atom`,
			brand: 'atombrand',
			source: 'blog',
			interval_s: 60
		});
		expect(await poller().pollFeed(feed)).toMatchObject({ status: 'updated', accepted: 1 });
		const [row] = await queryRows<{ source: string; lang: string }>(
			db.client,
			"SELECT source, lang FROM mentions WHERE brand = 'atombrand'"
		);
		expect(row).toEqual({ source: 'blog', lang: 'de' });
		// Polled again without a validator: the same entry is a duplicate, not a second mention.
		expect(await poller().pollFeed((await store.getFeed(feed.id))!)).toMatchObject({
			accepted: 0,
			duplicates: 1
		});
		await store.deleteFeed(feed.id);
	});

	it('records failures and backs off exponentially', async () => {
		const feed = await store.saveFeed({
			url: `${base}/broken`,
			brand: 'broken',
			source: 'news',
			interval_s: 60
		});
		expect(await poller().pollDue()).toEqual([
			expect.objectContaining({ status: 'failed', error: 'HTTP 500' })
		]);
		let state = (await store.getFeed(feed.id))!;
		expect(state).toMatchObject({ failures: 1, last_error: 'HTTP 500' });
		expect(nextPollMs(state, 3600) - clock).toBe(120_000);

		clock += 61_000;
		expect(await poller().pollDue()).toEqual([]);
		clock += 60_000;
		await poller().pollDue();
		state = (await store.getFeed(feed.id))!;
		expect(state.failures).toBe(2);
		expect(nextPollMs(state, 3600) - clock).toBe(240_000);
		expect(nextPollMs({ ...state, failures: 30 }, 3600) - clock).toBe(3_600_000);
		await store.deleteFeed(feed.id);
	});

	it('waits what a 429 or 503 asks for with Retry-After, seconds or a date, when that is longer than the backoff', async () => {
		const limited = await store.saveFeed({
			url: `${base}/limited`,
			brand: 'polite',
			source: 'news',
			interval_s: 60
		});
		expect(await poller().pollFeed(limited)).toMatchObject({
			status: 'failed',
			error: 'HTTP 429, asked to wait 7200 s'
		});
		const state = (await store.getFeed(limited.id))!;
		expect(state).toMatchObject({ failures: 1, retry_after_s: 7200 });
		// The failure backoff alone would have asked again after 120 s.
		expect(nextPollMs(state, 6 * 3600) - clock).toBe(7_200_000);
		expect(nextPollMs(state, 3600) - clock).toBe(7_200_000);
		await store.deleteFeed(limited.id);

		const unavailable = await store.saveFeed({
			url: `${base}/unavailable`,
			brand: 'polite',
			source: 'news',
			interval_s: 60
		});
		const at = Date.parse('2026-11-20T12:10:00Z');
		const dated = new FeedPoller(store, pipeline, { now: () => at, timeoutMs: 300, fetch: open });
		expect(await dated.pollFeed(unavailable)).toMatchObject({ error: 'HTTP 503, asked to wait 1200 s' });
		expect((await store.getFeed(unavailable.id))!.retry_after_s).toBe(1200);
		await store.deleteFeed(unavailable.id);
	});

	it('forgets a Retry-After once the feed answers', async () => {
		const feed = await store.saveFeed({
			url: `${base}/atom`,
			brand: 'polite2',
			source: 'blog',
			interval_s: 60
		});
		await store.saveFeedState(feed.id, {
			last_etag: '',
			last_modified: '',
			last_polled_at: new Date(clock).toISOString(),
			last_error: 'HTTP 429, asked to wait 7200 s',
			failures: 1,
			retry_after_s: 7200
		});
		await poller().pollFeed((await store.getFeed(feed.id))!);
		expect((await store.getFeed(feed.id))!).toMatchObject({ failures: 0, retry_after_s: 0, last_error: '' });
		await store.deleteFeed(feed.id);
	});

	it('gives up on a feed that does not answer in time', async () => {
		const feed = await store.saveFeed({ url: `${base}/hang`, brand: 'hang', source: 'news', interval_s: 60 });
		const started = performance.now();
		const outcome = await poller().pollFeed(feed);
		expect(outcome).toMatchObject({ status: 'failed', error: 'timed out after 300 ms' });
		expect(performance.now() - started).toBeLessThan(5000);
		await store.deleteFeed(feed.id);
	});

	it('fetches at most `concurrency` feeds at once', async () => {
		for (let index = 0; index < 5; index += 1) {
			await store.saveFeed({ url: `${base}/slow/${index}`, brand: 'slow', source: 'news', interval_s: 60 });
		}
		clock += 10 * 3600_000;
		const outcomes = await poller().pollDue();
		expect(outcomes.filter((o) => o.url.includes('/slow/'))).toHaveLength(5);
		expect(maxInFlight).toBe(2);
	});

	it('does not revive a feed deleted while it was being polled', async () => {
		const feed = await store.saveFeed({ url: `${base}/rss`, brand: 'gone', source: 'news', interval_s: 60 });
		await store.deleteFeed(feed.id);
		await poller().pollFeed(feed);
		expect(await store.getFeed(feed.id)).toBeNull();
	});

	it('fetches nothing while the ingest writers are full, and polls the due feed once they have room', async () => {
		const feed = await store.saveFeed({ url: `${base}/rss`, brand: 'roomy', source: 'news', interval_s: 60 });
		let room = false;
		const gated = new FeedPoller(store, pipeline, { now: () => clock, fetch: open, hasRoom: () => room });
		const before = requests.length;
		expect(await gated.pollDue()).toEqual([]);
		expect(requests.length).toBe(before);
		expect((await store.getFeed(feed.id))!.last_polled_at).toBeNull();
		room = true;
		expect(await gated.pollDue()).toEqual([
			expect.objectContaining({ id: feed.id, status: 'updated', accepted: 2 })
		]);
		expect(await mentionCount('roomy')).toBe(2);
		await store.deleteFeed(feed.id);
	});

	it('with the guard on (the default), refuses a loopback feed at connect time and records why', async () => {
		const before = requests.length;
		const feed = await store.saveFeed({
			url: `${base}/rss`,
			brand: 'guarded',
			source: 'news',
			interval_s: 60
		});
		const strict = new FeedPoller(store, pipeline, { now: () => clock, timeoutMs: 300 });
		const outcome = await strict.pollFeed(feed);
		expect(outcome).toMatchObject({ status: 'failed', accepted: 0 });
		expect(outcome.error).toMatch(/points at 127.0.0.1, which is a loopback address/);
		expect((await store.getFeed(feed.id))!).toMatchObject({ failures: 1, last_error: outcome.error });
		expect(requests.length).toBe(before);
		expect(await mentionCount('guarded')).toBe(0);
		await store.deleteFeed(feed.id);
	});
});
