import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { MASTER_PRINCIPAL, type Principal } from '../auth/principal';
import { IngestPipeline } from '../ingest/pipeline';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { sourceEvent, type SourceRequestOptions } from '../testing/source-event';
import {
	feedsDelete,
	feedsList,
	feedsSave,
	genericMappingGet,
	genericMappingPut,
	genericPost,
	metaPost,
	metaVerify,
	redditPost,
	twitterPost,
	webhookGet,
	webhookPut,
	zendeskPost,
	freshdeskPost,
	type SourceEvent,
	type SourceIngestResponse
} from './routes';
import { hmacSha256 } from './signature';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let client: ClickHouseClient;
let pipeline: IngestPipeline;

beforeAll(async () => {
	db = await openTestClickHouse();
	client = db.client;
	pipeline = new IngestPipeline(client, { flushRows: 1000, flushIntervalMs: 10 });
});
afterAll(async () => {
	await pipeline.close();
	await db.close();
});

const INGEST_ACME: Principal = { id: 'k1', kind: 'api_key', scopes: ['ingest'], brands: ['acme'] };

function event(
	method: string,
	url: string,
	options: SourceRequestOptions & { principal?: Principal | null } = {}
): SourceEvent {
	return sourceEvent(method, url, {
		...options,
		locals: {
			app: {
				client,
				pipeline,
				config: { BRANDPULSE_MAX_BODY_BYTES: 1024 * 1024, BRANDPULSE_MAX_BUFFERED_ROWS: 200_000 }
			},
			principal: options.principal === undefined ? INGEST_ACME : options.principal
		}
	});
}

async function body<T = SourceIngestResponse>(response: Response): Promise<T> {
	return (await response.json()) as T;
}

async function latency(brand: string, mentionId: string) {
	const rows = await queryRows<{ latency_s: number; channel: string }>(
		client,
		'SELECT latency_s, channel FROM responses WHERE brand = {brand:String} AND mention_id = {id:String}',
		{ brand, id: mentionId }
	);
	return rows[0];
}

describe('X endpoint', () => {
	it('stores mentions and the brand reply with its latency; a resend is all duplicates', async () => {
		const payload = fixture('twitter-search.json');
		const response = await twitterPost(
			event('POST', '/api/v1/sources/twitter?brand=acme&handle=acme', { body: payload })
		);
		expect(response.status).toBe(200);
		const report = await body(response);
		expect(report).toMatchObject({
			accepted: 3,
			duplicates: 0,
			responses: { accepted: 1, duplicates: 0 },
			ignored: 0
		});
		expect(report.rejected.map((r) => r.index)).toEqual([3]);
		expect(await latency('acme', '1460323737035677698')).toEqual({ latency_s: 1800, channel: 'twitter' });

		const again = await body(
			await twitterPost(event('POST', '/api/v1/sources/twitter?brand=acme&handle=acme', { body: payload }))
		);
		expect(again).toMatchObject({ accepted: 0, duplicates: 3 });
	});

	it("refuses a brand outside the key's scope, and a missing key", async () => {
		const foreign = await twitterPost(event('POST', '/api/v1/sources/twitter?brand=other', { body: '{}' }));
		expect(foreign.status).toBe(403);
		expect(await body(foreign)).toEqual({ error: { field: 'brand', message: expect.any(String) } });
		const anonymous = await twitterPost(
			event('POST', '/api/v1/sources/twitter?brand=acme', { body: '{}', principal: null })
		);
		expect(anonymous.status).toBe(401);
		const badQuery = await twitterPost(
			event('POST', '/api/v1/sources/twitter?brand=Not%20A%20Slug', { body: '{}' })
		);
		expect((await body<{ error: { field: string } }>(badQuery)).error.field).toBe('query.brand');
	});
});

describe('Reddit endpoint', () => {
	it('answers 503 with Retry-After, storing nothing, while the writers hold their limit', async () => {
		// A pipeline whose rows wait for a timer far away, so the write below stays buffered.
		const slow = new IngestPipeline(client, { flushRows: 1000, flushIntervalMs: 60_000 });
		const held = slow.ingestMentions([
			{ id: 'held-1', brand: 'busy', source: 'forum', text: 'held', created_at: '2026-01-02T03:04:05Z' }
		]);
		try {
			const response = await redditPost(
				sourceEvent('POST', '/api/v1/sources/reddit?brand=busy', {
					body: fixture('reddit-listing.json'),
					locals: {
						app: {
							client,
							pipeline: slow,
							config: { BRANDPULSE_MAX_BODY_BYTES: 1024 * 1024, BRANDPULSE_MAX_BUFFERED_ROWS: 1 }
						},
						principal: MASTER_PRINCIPAL
					}
				})
			);
			expect(response.status).toBe(503);
			expect(response.headers.get('retry-after')).toBe('1');
			expect(await body(response)).toEqual({
				error: { field: 'ingest', message: expect.stringContaining('holds 1 rows not yet stored (limit 1)') }
			});
			expect(slow.bufferedRows).toBe(1);
		} finally {
			await slow.close();
		}
		expect(await held).toMatchObject({ accepted: 1 });
		const [stored] = await queryRows<{ n: number }>(
			client,
			"SELECT count() AS n FROM mentions WHERE brand = 'busy'"
		);
		expect(Number(stored?.n)).toBe(1);
	});

	it('ingests a listing with the brand account as replier', async () => {
		const response = await redditPost(
			event('POST', '/api/v1/sources/reddit?brand=acme&own=AcmeSupport', {
				body: fixture('reddit-listing.json')
			})
		);
		expect(await body(response)).toMatchObject({
			accepted: 3,
			responses: { accepted: 1 },
			ignored: 1,
			rejected: []
		});
	});
});

describe('Reddit endpoint with a stored source', () => {
	it("takes the brand and the brand's accounts from ?source=, and needs a brand one way or the other", async () => {
		const saved = await webhookPut(
			event('PUT', '/api/v1/sources/webhooks/acme-reddit', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'acme-reddit' },
				body: JSON.stringify({ kind: 'reddit', brand: 'redditco', own_accounts: ['AcmeSupport'] })
			})
		);
		expect(saved.status).toBe(200);
		const response = await redditPost(
			event('POST', '/api/v1/sources/reddit?source=acme-reddit', {
				principal: MASTER_PRINCIPAL,
				body: fixture('reddit-listing.json')
			})
		);
		expect(await body(response)).toMatchObject({ accepted: 3, responses: { accepted: 1 }, ignored: 1 });
		const [stored] = await queryRows<{ n: number }>(
			client,
			"SELECT count() AS n FROM mentions WHERE brand = 'redditco'"
		);
		// Two mentions; the third accepted item is the brand account's reply, stored as a response.
		expect(Number(stored?.n)).toBe(2);
		const unnamed = await redditPost(
			event('POST', '/api/v1/sources/reddit', {
				principal: MASTER_PRINCIPAL,
				body: fixture('reddit-listing.json')
			})
		);
		expect(unnamed.status).toBe(400);
		expect((await body<{ error: unknown }>(unnamed)).error).toMatchObject({ field: 'query.brand' });
	});
});

describe('Meta webhooks', () => {
	beforeAll(async () => {
		const saved = await webhookPut(
			event('PUT', '/api/v1/sources/webhooks/acme-meta', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'acme-meta' },
				body: JSON.stringify({
					kind: 'meta',
					brand: 'acme',
					secret: 'app-secret-123',
					verify_token: 'verify-me-please'
				})
			})
		);
		expect(saved.status).toBe(200);
	});

	it('answers the subscription handshake only with the right token', async () => {
		const ok = await metaVerify(
			event(
				'GET',
				'/api/v1/sources/meta/acme-meta?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444',
				{
					params: { name: 'acme-meta' },
					principal: null
				}
			)
		);
		expect(ok.status).toBe(200);
		expect(await ok.text()).toBe('1158201444');
		const wrong = await metaVerify(
			event(
				'GET',
				'/api/v1/sources/meta/acme-meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1',
				{
					params: { name: 'acme-meta' },
					principal: null
				}
			)
		);
		expect(wrong.status).toBe(403);
	});

	it('accepts a correctly signed notification without a key, and refuses a bad signature', async () => {
		const payload = fixture('facebook-page-feed.json');
		const signature = `sha256=${hmacSha256('app-secret-123', payload).toString('hex')}`;
		const post = (sig: string) =>
			metaPost(
				event('POST', '/api/v1/sources/meta/acme-meta', {
					params: { name: 'acme-meta' },
					principal: null,
					body: payload,
					headers: { 'x-hub-signature-256': sig }
				})
			);
		const response = await post(signature);
		expect(response.status).toBe(200);
		expect(await body(response)).toMatchObject({ accepted: 3, responses: { accepted: 1 }, ignored: 1 });
		expect((await latency('acme', '200000000000002_300000000000001'))?.latency_s).toBe(900);
		const forged = await post(`sha256=${'0'.repeat(64)}`);
		expect(forged.status).toBe(401);
	});

	it('never shows secrets back', async () => {
		const response = await webhookGet(
			event('GET', '/api/v1/sources/webhooks/acme-meta', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'acme-meta' }
			})
		);
		const { source } = await body<{ source: Record<string, unknown> }>(response);
		expect(source).toMatchObject({ kind: 'meta', brand: 'acme', has_secret: true, has_verify_token: true });
		expect(JSON.stringify(source)).not.toContain('app-secret-123');
	});
});

describe('help desk webhooks', () => {
	it('Zendesk: a signed ticket becomes a mention and the agent reply counts for latency', async () => {
		await webhookPut(
			event('PUT', '/api/v1/sources/webhooks/acme-zendesk', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'acme-zendesk' },
				body: JSON.stringify({ kind: 'zendesk', brand: 'acme', secret: 'zendesk-signing' })
			})
		);
		const post = (name: string, signed = true) => {
			const payload = fixture(name);
			const timestamp = '2026-11-20T10:12:08Z';
			return zendeskPost(
				event('POST', '/api/v1/sources/zendesk/acme-zendesk', {
					params: { name: 'acme-zendesk' },
					principal: null,
					body: payload,
					headers: {
						'x-zendesk-webhook-signature': signed
							? hmacSha256('zendesk-signing', timestamp, payload).toString('base64')
							: 'AAAA',
						'x-zendesk-webhook-signature-timestamp': timestamp
					}
				})
			);
		};
		expect((await post('zendesk-ticket-created.json', false)).status).toBe(401);
		expect(await body(await post('zendesk-ticket-created.json'))).toMatchObject({ accepted: 1 });
		expect(await body(await post('zendesk-comment-added.json'))).toMatchObject({
			responses: { accepted: 1 }
		});
		expect(await latency('acme', 'zendesk:5158')).toEqual({ latency_s: 2400.1, channel: 'support' });
	});

	it('Freshdesk: needs an ingest key for the brand', async () => {
		await webhookPut(
			event('PUT', '/api/v1/sources/webhooks/acme-freshdesk', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'acme-freshdesk' },
				body: JSON.stringify({ kind: 'freshdesk', brand: 'acme' })
			})
		);
		const post = (principal: Principal | null) =>
			freshdeskPost(
				event('POST', '/api/v1/sources/freshdesk/acme-freshdesk', {
					params: { name: 'acme-freshdesk' },
					principal,
					body: fixture('freshdesk-ticket-created.json')
				})
			);
		expect((await post(null)).status).toBe(401);
		expect((await post({ ...INGEST_ACME, brands: ['other'] })).status).toBe(403);
		expect(await body(await post(INGEST_ACME))).toMatchObject({ accepted: 1 });
	});

	it('answers 404 for a source of another kind', async () => {
		const response = await zendeskPost(
			event('POST', '/api/v1/sources/zendesk/acme-meta', { params: { name: 'acme-meta' }, body: '{}' })
		);
		expect(response.status).toBe(404);
	});
});

describe('generic webhook', () => {
	const mapping = {
		brand: 'acme',
		source: 'review',
		items: 'reviews',
		fields: { id: 'id', text: 'body', created_at: 'at', author: 'by', country: 'where' }
	};

	it('is configured by an admin and maps posts through the pipeline', async () => {
		const put = await genericMappingPut(
			event('PUT', '/api/v1/sources/generic/trustpilot/mapping', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'trustpilot' },
				body: JSON.stringify(mapping)
			})
		);
		expect(put.status).toBe(201);
		const got = await genericMappingGet(
			event('GET', '/api/v1/sources/generic/trustpilot/mapping', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'trustpilot' }
			})
		);
		expect(await body(got)).toEqual({ name: 'trustpilot', mapping, has_secret: false });

		const payload = {
			reviews: [
				{
					id: 'r1',
					body: 'Fast delivery, friendly staff',
					at: '2026-11-19T08:00:00Z',
					by: 'Ann',
					where: 'gb'
				},
				{ id: 'r2', body: '', at: '2026-11-19T08:00:00Z' }
			]
		};
		const response = await genericPost(
			event('POST', '/api/v1/sources/generic/trustpilot', {
				params: { name: 'trustpilot' },
				body: JSON.stringify(payload)
			})
		);
		const report = await body(response);
		expect(report).toMatchObject({ accepted: 1, rejected: [{ index: 1, field: 'text' }] });
		const [row] = await queryRows<{ source: string; country: string }>(
			client,
			"SELECT source, country FROM mentions WHERE brand = 'acme' AND id = 'r1'"
		);
		expect(row).toEqual({ source: 'review', country: 'GB' });
	});

	it('refuses a mapping with an unknown field, naming it', async () => {
		const response = await genericMappingPut(
			event('PUT', '/api/v1/sources/generic/bad/mapping', {
				principal: MASTER_PRINCIPAL,
				params: { name: 'bad' },
				body: JSON.stringify({ ...mapping, fields: { ...mapping.fields, colour: 'c' } })
			})
		);
		expect(response.status).toBe(400);
		expect(await body(response)).toEqual({
			error: { field: 'body.fields.colour', message: 'is not a known field' }
		});
	});

	it('is admin-only to configure', async () => {
		const response = await genericMappingPut(
			event('PUT', '/api/v1/sources/generic/x/mapping', {
				params: { name: 'x' },
				body: JSON.stringify(mapping)
			})
		);
		expect(response.status).toBe(403);
	});
});

describe('feeds admin', () => {
	it('adds, lists and deletes feeds', async () => {
		const add = await feedsSave(
			event('POST', '/api/v1/sources/feeds', {
				principal: MASTER_PRINCIPAL,
				body: JSON.stringify({ url: 'https://metrowire.example/rss', brand: 'acme', interval_s: 300 })
			})
		);
		expect(add.status).toBe(201);
		const { feed } = await body<{ feed: { id: string; source: string } }>(add);
		expect(feed.source).toBe('news');
		const list = await body<{ feeds: { id: string }[] }>(
			await feedsList(event('GET', '/api/v1/sources/feeds', { principal: MASTER_PRINCIPAL }))
		);
		expect(list.feeds.map((f) => f.id)).toEqual([feed.id]);
		const removed = await feedsDelete(
			event('DELETE', `/api/v1/sources/feeds?id=${feed.id}`, { principal: MASTER_PRINCIPAL })
		);
		expect(await body(removed)).toEqual({ deleted: feed.id });
		const after = await body<{ feeds: unknown[] }>(
			await feedsList(event('GET', '/api/v1/sources/feeds', { principal: MASTER_PRINCIPAL }))
		);
		expect(after.feeds).toEqual([]);
	});

	it('refuses a feed that is not http(s)', async () => {
		const response = await feedsSave(
			event('POST', '/api/v1/sources/feeds', {
				principal: MASTER_PRINCIPAL,
				body: JSON.stringify({ url: 'file:///etc/passwd', brand: 'acme' })
			})
		);
		expect(response.status).toBe(400);
		expect((await body<{ error: { field: string } }>(response)).error.field).toBe('body.url');
	});

	it('refuses, at save time, feed URLs that point inside (the SSRF guard is on by default)', async () => {
		const cases: [string, RegExp][] = [
			['http://2130706433/rss', /points at 127.0.0.1, which is a loopback address/],
			['http://0x7f.1/rss', /points at 127.0.0.1, which is a loopback address/],
			['http://169.254.169.254/latest/meta-data/', /link-local/],
			['http://[::ffff:10.0.0.1]/rss', /IPv4-mapped private/],
			['http://localhost:3000/rss', /loopback/],
			['https://reader:secret@news.example/rss', /contains credentials/]
		];
		for (const [url, message] of cases) {
			const response = await feedsSave(
				event('POST', '/api/v1/sources/feeds', {
					principal: MASTER_PRINCIPAL,
					body: JSON.stringify({ url, brand: 'acme' })
				})
			);
			expect(response.status, url).toBe(400);
			expect(await body(response), url).toEqual({
				error: { field: 'body.url', message: expect.stringMatching(message) }
			});
		}
		const list = await body<{ feeds: unknown[] }>(
			await feedsList(event('GET', '/api/v1/sources/feeds', { principal: MASTER_PRINCIPAL }))
		);
		expect(list.feeds).toEqual([]);
	});
});
