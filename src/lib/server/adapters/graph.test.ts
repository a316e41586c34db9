import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_PRINCIPAL } from '../auth/principal';
import { IngestPipeline } from '../ingest/pipeline';
import { ALLOW_ALL_POLICY, STRICT_POLICY, createOutboundFetch, type OutboundPolicy } from '../net/outbound';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { sourceEvent, type SourceRequestOptions } from '../testing/source-event';
import { GraphClient, GraphError, requestedWaitMs, resetGraphCooldowns } from './graph';
import { mapMetaWebhook } from './meta';
import {
	graphTestOptions,
	metaPost,
	webhookGet,
	webhookPut,
	type SourceEvent,
	type SourceIngestResponse
} from './routes';
import { hmacSha256 } from './signature';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
/** Documented Graph API answers, by the exact request Brandpulse must make. */
const GRAPH = JSON.parse(fixture('graph-api.json')) as Record<string, Record<string, unknown>>;

const TOKEN = 'EAAGm0PX4ZCpsBAPageTokenForTests';
const APP_SECRET = 'app-secret-graph';
const PROOF = createHmac('sha256', APP_SECRET).update(TOKEN).digest('hex');

/** A localhost stand-in for graph.facebook.com: checks the token and proof, answers from the fixture. */
interface Fake {
	requests: string[];
	/** Scripted answers taken before the fixture, per request key: status, headers, body. */
	script: Map<string, { status: number; headers?: Record<string, string>; body?: unknown }[]>;
}
const fake: Fake = { requests: [], script: new Map() };
let server: Server;
let graphBase: string;

function route(request: IncomingMessage, response: ServerResponse) {
	const url = new URL(request.url ?? '/', 'http://graph.test');
	const key = `GET ${url.pathname}?fields=${url.searchParams.get('fields')}`;
	fake.requests.push(key);
	const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
		response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
	if (url.searchParams.get('access_token') !== TOKEN || url.searchParams.get('appsecret_proof') !== PROOF) {
		return send(400, {
			error: {
				message: 'Invalid OAuth access token - Cannot parse access token',
				type: 'OAuthException',
				code: 190
			}
		});
	}
	const scripted = fake.script.get(key)?.shift();
	if (scripted) return send(scripted.status, scripted.body ?? {}, scripted.headers);
	const answer = GRAPH[key];
	if (!answer) return send(404, { error: { message: `no fixture for ${key}`, code: 803 } });
	send('error' in answer ? 400 : 200, answer);
}

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let client: ClickHouseClient;
let pipeline: IngestPipeline;

beforeAll(async () => {
	server = createServer(route);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	graphBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0`;
	db = await openTestClickHouse();
	client = db.client;
	pipeline = new IngestPipeline(client, { flushRows: 1000, flushIntervalMs: 10 });
	Object.assign(graphTestOptions, { baseDelayMs: 20, maxDelayMs: 50 });
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	await pipeline.close();
	await db.close();
});
afterEach(() => {
	fake.script.clear();
	resetGraphCooldowns();
});

const open = createOutboundFetch({ policy: ALLOW_ALL_POLICY });

describe('GraphClient', () => {
	const waits: number[] = [];
	const graph = (options: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) =>
		new GraphClient({
			baseUrl: graphBase,
			accessToken: TOKEN,
			appSecret: APP_SECRET,
			fetch: open,
			sleep: async (ms) => void waits.push(ms),
			...options
		});
	const POST = 'GET /v21.0/9988776655_4433221100?fields=message,created_time,from,permalink_url';
	const read = (client: GraphClient) =>
		client.get('9988776655_4433221100', 'message,created_time,from,permalink_url');

	it('reads a documented post', async () => {
		expect(await read(graph())).toMatchObject({ id: '9988776655_4433221100', from: { name: 'Chris P' } });
	});

	it('retries 5xx with backoff, and waits what Retry-After asks on a 429', async () => {
		waits.length = 0;
		fake.script.set(POST, [
			{
				status: 500,
				body: { error: { message: 'An unknown error has occurred.', code: 1, type: 'OAuthException' } }
			},
			{ status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'slow down', code: 4 } } }
		]);
		const before = fake.requests.length;
		expect(await read(graph({ waitBudgetMs: 5000 }))).toMatchObject({ id: '9988776655_4433221100' });
		expect(fake.requests.length - before).toBe(3);
		expect(waits[0]).toBeGreaterThan(0);
		expect(waits[0]).toBeLessThan(2000);
		expect(waits[1]).toBe(2000);
	});

	it('does not wait out a business-use-case throttle longer than the budget, and cools the token down', async () => {
		waits.length = 0;
		fake.script.set(POST, [
			{
				status: 400,
				headers: {
					'x-business-use-case-usage': JSON.stringify({
						'104512345678901': [
							{
								type: 'pages',
								call_count: 100,
								total_cputime: 12,
								total_time: 30,
								estimated_time_to_regain_access: 19
							}
						]
					})
				},
				body: { error: { message: 'Application request limit reached', code: 80001, type: 'OAuthException' } }
			}
		]);
		const before = fake.requests.length;
		const error = (await read(graph()).catch((e: unknown) => e)) as GraphError;
		expect(error).toBeInstanceOf(GraphError);
		expect(error).toMatchObject({ failure: 'transient', code: 80001, retryAfterMs: 19 * 60_000 });
		expect(waits).toEqual([]);
		// The next call does not even reach the Graph API while the token is cooled down.
		await expect(read(graph())).rejects.toMatchObject({ failure: 'transient', status: 429 });
		expect(fake.requests.length - before).toBe(1);
	});

	it('tells a rejected token (config) and a missing object (permanent) apart, without retrying either', async () => {
		const before = fake.requests.length;
		await expect(read(graph({ accessToken: 'EAAGwrongwrongwrongwrong' }))).rejects.toMatchObject({
			failure: 'config',
			code: 190
		});
		await expect(
			graph().get('5544332211_9988776600', 'message,created_time,from,permalink_url')
		).rejects.toMatchObject({
			failure: 'permanent',
			code: 100,
			message: expect.stringMatching(/HTTP 400: Unsupported get request/)
		});
		expect(fake.requests.length - before).toBe(2);
	});

	it('times out, and refuses a private Graph URL when the guard is on', async () => {
		const hang = createServer(() => undefined);
		await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/v21.0`;
		await expect(read(graph({ baseUrl: base, timeoutMs: 100, maxAttempts: 1 }))).rejects.toMatchObject({
			failure: 'transient',
			message: 'timed out after 100 ms'
		});
		hang.closeAllConnections();
		await new Promise((resolve) => hang.close(resolve));
		const strict = createOutboundFetch({ policy: STRICT_POLICY });
		await expect(read(graph({ fetch: strict }))).rejects.toMatchObject({
			failure: 'config',
			message: expect.stringMatching(/Graph URL points at 127.0.0.1, which is a loopback address/)
		});
	});

	it('reads Retry-After as seconds or a date, and the BUC header in minutes', () => {
		const now = Date.parse('2026-11-24T10:00:00Z');
		expect(requestedWaitMs(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
		expect(requestedWaitMs(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 10:00:30 GMT' }), now)).toBe(
			30_000
		);
		expect(requestedWaitMs(new Headers({ 'x-business-use-case-usage': 'not json' }), now)).toBeNull();
		expect(requestedWaitMs(new Headers(), now)).toBeNull();
	});
});

function event(
	method: string,
	url: string,
	options: SourceRequestOptions & {
		policy?: OutboundPolicy;
		/** Another pipeline and its buffer limit, for the full-writers case. */
		writers?: { pipeline: IngestPipeline; maxBufferedRows: number };
	} = {}
): SourceEvent {
	return sourceEvent(method, url, {
		...options,
		locals: {
			app: {
				client,
				pipeline: options.writers?.pipeline ?? pipeline,
				config: {
					BRANDPULSE_MAX_BODY_BYTES: 1024 * 1024,
					BRANDPULSE_MAX_BUFFERED_ROWS: options.writers?.maxBufferedRows ?? 200_000,
					BRANDPULSE_ALLOW_PRIVATE_URLS: options.policy ?? ALLOW_ALL_POLICY,
					BRANDPULSE_GRAPH_URL: 'https://graph.facebook.com/v21.0'
				}
			},
			principal: MASTER_PRINCIPAL
		}
	});
}

async function configure(
	name: string,
	brand: string,
	extra: Record<string, unknown> = {},
	policy?: OutboundPolicy
) {
	return webhookPut(
		event('PUT', `/api/v1/sources/webhooks/${name}`, {
			params: { name },
			body: JSON.stringify({
				kind: 'meta',
				brand,
				secret: APP_SECRET,
				access_token: TOKEN,
				graph_url: graphBase,
				...extra
			}),
			...(policy ? { policy } : {})
		})
	);
}

function deliver(
	name: string,
	payload: string,
	writers?: { pipeline: IngestPipeline; maxBufferedRows: number }
) {
	const signature = `sha256=${hmacSha256(APP_SECRET, payload).toString('hex')}`;
	const request = event('POST', `/api/v1/sources/meta/${name}`, {
		params: { name },
		body: payload,
		headers: { 'x-hub-signature-256': signature },
		...(writers ? { writers } : {})
	});
	(request.locals as { principal: unknown }).principal = null;
	return metaPost(request);
}

async function stored(brand: string) {
	return queryRows<{
		id: string;
		text: string;
		author: string;
		url: string;
		in_reply_to: string;
		created_at: string;
	}>(
		client,
		`SELECT id, text, author, url, in_reply_to, toString(created_at) AS created_at FROM mentions
		 WHERE brand = {brand:String} ORDER BY id`,
		{ brand }
	);
}

describe('Meta webhooks completed from the Graph API', () => {
	it('fetches id-only Page mentions and feed items, stores them once, and rejects what cannot be read', async () => {
		expect((await configure('fb-graph', 'graphfb')).status).toBe(200);
		const payload = fixture('facebook-page-mentions.json');
		const response = await deliver('fb-graph', payload);
		expect(response.status).toBe(200);
		const report = (await response.json()) as SourceIngestResponse;
		expect(report).toMatchObject({ accepted: 3, duplicates: 0, ignored: 0 });
		expect(report.rejected).toEqual([
			{
				index: 3,
				field: 'changes.value',
				message: expect.stringMatching(
					/could not be read from the Graph API: HTTP 400: Unsupported get request.*\(code 100\)/
				)
			}
		]);
		const rows = await stored('graphfb');
		expect(rows.map((row) => [row.id, row.author, row.in_reply_to])).toEqual([
			['104512345678901_200000000000007', 'Sam Ortiz', ''],
			['1122334455_5566778899', 'Dana K', '7766554433_1122334455'],
			['9988776655_4433221100', 'Chris P', '']
		]);
		expect(rows[2]).toMatchObject({
			text: 'Shout-out to Acme for fixing my order in ten minutes, brilliant service',
			url: 'https://www.facebook.com/9988776655/posts/4433221100',
			created_at: '2026-11-24 09:10:00.000'
		});
		// Meta retries a delivery it thinks failed: the redelivery is all duplicates.
		const again = (await (await deliver('fb-graph', payload)).json()) as SourceIngestResponse;
		expect(again).toMatchObject({ accepted: 0, duplicates: 3 });
		expect(await stored('graphfb')).toHaveLength(3);
	});

	it('fetches Instagram comment and caption @mentions through mentioned_comment / mentioned_media', async () => {
		await configure('ig-graph', 'graphig');
		const response = await deliver('ig-graph', fixture('instagram-mentions.json'));
		expect(await response.json()).toMatchObject({ accepted: 2, rejected: [] });
		const rows = await stored('graphig');
		expect(rows).toEqual([
			expect.objectContaining({
				id: '17894227972186120',
				text: '@acme challenge? your support never answers',
				in_reply_to: '17918195224117851',
				created_at: '2026-11-24 09:20:29.000'
			}),
			expect.objectContaining({
				id: '17918195224117852',
				author: 'bluebottle.fan',
				text: expect.stringMatching(/Best coffee/)
			})
		]);
	});

	it('refuses the whole delivery with 503 when a read fails for now, writes nothing, and takes the redelivery', async () => {
		await configure('fb-flaky', 'graphflaky');
		const COMMENT =
			'GET /v21.0/1122334455_5566778899?fields=message,created_time,from,permalink_url,parent{id}';
		const failure = {
			status: 503,
			body: { error: { message: 'Service temporarily unavailable', code: 2, is_transient: true } }
		};
		fake.script.set(COMMENT, [failure, failure, failure]);
		// A delivery mixing an item with text (stored only with the rest) and id-only ones.
		const payload = JSON.parse(fixture('facebook-page-mentions.json'));
		payload.entry[0].changes.unshift({
			field: 'mention',
			value: {
				post_id: '1_2',
				item: 'post',
				verb: 'add',
				sender_name: 'Ann',
				message: 'Acme is great',
				created_time: 1795604000
			}
		});
		const body = JSON.stringify(payload);
		const refused = await deliver('fb-flaky', body);
		expect(refused.status).toBe(503);
		expect(refused.headers.get('retry-after')).toBe('1');
		expect(await refused.json()).toEqual({
			error: {
				field: 'changes.2',
				message: expect.stringMatching(
					/the Graph API did not answer for change 2 \(fb_comment 1122334455_5566778899\): HTTP 503.*nothing of this delivery was stored/
				)
			}
		});
		expect(await stored('graphflaky')).toEqual([]);
		const retried = await deliver('fb-flaky', body);
		expect(await retried.json()).toMatchObject({ accepted: 4, duplicates: 0 });
		expect(await stored('graphflaky')).toHaveLength(4);
	});

	it('refuses a delivery with 503 while the writers are full, before any Graph API read', async () => {
		await configure('fb-busy', 'graphbusy');
		// A pipeline whose one row waits for a timer far away, so its writers stay at the limit of 1.
		const full = new IngestPipeline(client, { flushRows: 1000, flushIntervalMs: 60_000 });
		const held = full.ingestMentions([
			{
				id: 'held-1',
				brand: 'graphbusy',
				source: 'facebook',
				text: 'held',
				created_at: '2026-11-24T09:00:00Z'
			}
		]);
		const before = fake.requests.length;
		try {
			const refused = await deliver('fb-busy', fixture('facebook-page-mentions.json'), {
				pipeline: full,
				maxBufferedRows: 1
			});
			expect(refused.status).toBe(503);
			expect(refused.headers.get('retry-after')).toBe('1');
			expect((await refused.json()).error).toMatchObject({ field: 'ingest' });
			expect(fake.requests.length).toBe(before);
		} finally {
			await full.close();
		}
		expect(await held).toMatchObject({ accepted: 1 });
		// Meta's redelivery, once there is room, is read and stored.
		const retried = await deliver('fb-busy', fixture('facebook-page-mentions.json'));
		expect(await retried.json()).toMatchObject({ accepted: 3 });
		expect(fake.requests.length).toBeGreaterThan(before);
	});

	it('refuses a delivery whose token the Graph API rejects, and never shows the token', async () => {
		await configure('fb-badtoken', 'graphbad', { access_token: 'EAAGexpiredexpiredexpired' });
		const refused = await deliver('fb-badtoken', fixture('facebook-page-mentions.json'));
		expect(refused.status).toBe(503);
		expect((await refused.json()).error.message).toMatch(/the source cannot read the Graph API.*code 190/);
		const shown = await webhookGet(
			event('GET', '/api/v1/sources/webhooks/fb-badtoken', { params: { name: 'fb-badtoken' } })
		);
		const { source } = (await shown.json()) as { source: Record<string, unknown> };
		expect(source).toMatchObject({ has_access_token: true, graph_url: graphBase });
		expect(JSON.stringify(source)).not.toContain('EAAG');
	});

	it("reads nothing from the Graph API for a delivery sent with an ingest key instead of Meta's signature", async () => {
		expect((await configure('fb-keyed', 'graphkeyed')).status).toBe(200);
		const request = event('POST', '/api/v1/sources/meta/fb-keyed', {
			params: { name: 'fb-keyed' },
			body: fixture('facebook-page-mentions.json')
		});
		const before = fake.requests.length;
		const report = (await (await metaPost(request)).json()) as SourceIngestResponse;
		expect(fake.requests.length).toBe(before);
		expect(report.rejected.length).toBeGreaterThan(0);
		for (const rejection of report.rejected)
			expect(rejection.message).toMatch(/only deliveries signed by Meta/);
		expect((await stored('graphkeyed')).every((row) => row.text !== '')).toBe(true);
	});

	it('without an access token, id-only items are refused with the reason', () => {
		const result = mapMetaWebhook(JSON.parse(fixture('instagram-mentions.json')), { brand: 'acme' });
		expect(result.fetches).toEqual([]);
		expect(result.rejected.map((r) => r.message)).toEqual([
			expect.stringMatching(/give this source an access_token/),
			expect.stringMatching(/give this source an access_token/)
		]);
	});

	it('checks the Graph URL when saved: 400 naming graph_url when it points inside', async () => {
		const response = await configure(
			'fb-ssrf',
			'graphssrf',
			{ graph_url: 'http://169.254.169.254/v21.0' },
			STRICT_POLICY
		);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			error: {
				field: 'body.graph_url',
				message: expect.stringMatching(/169.254.169.254, which is a link-local address/)
			}
		});
		const other = await webhookPut(
			event('PUT', '/api/v1/sources/webhooks/zd', {
				params: { name: 'zd' },
				body: JSON.stringify({ kind: 'zendesk', brand: 'acme', access_token: TOKEN })
			})
		);
		expect(await other.json()).toEqual({
			error: { field: 'body.access_token', message: 'is only used by meta sources' }
		});
	});
});
