import { describe, expect, it } from 'vitest';
import type { FeedRecord, WebhookInfo } from '../adapters/store';
import { feedView, webhookView } from './sources';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const feed = (values: Partial<FeedRecord> = {}): FeedRecord => ({
	id: 'f'.repeat(24),
	url: 'https://news.example.com/rss',
	brand: 'acme',
	source: 'news',
	interval_s: 900,
	last_etag: '',
	last_modified: '',
	last_polled_at: null,
	last_error: '',
	failures: 0,
	retry_after_s: 0,
	...values
});

describe('feedView', () => {
	it('tells a new, a healthy, a failing and a waiting feed apart, with when it is asked next', () => {
		expect(feedView(feed(), NOW)).toMatchObject({ health: 'new', next_poll_at: null });
		const polled = new Date(NOW - 60_000).toISOString();
		expect(feedView(feed({ last_polled_at: polled }), NOW)).toMatchObject({
			health: 'ok',
			next_poll_at: '2026-11-23T12:14:00.000Z'
		});
		expect(feedView(feed({ last_polled_at: polled, failures: 2 }), NOW)).toMatchObject({
			health: 'failing',
			next_poll_at: '2026-11-23T12:59:00.000Z'
		});
		expect(feedView(feed({ last_polled_at: polled, failures: 1, retry_after_s: 7200 }), NOW)).toMatchObject({
			health: 'waiting',
			next_poll_at: '2026-11-23T13:59:00.000Z'
		});
		const overdue = new Date(NOW - 3_600_000).toISOString();
		expect(feedView(feed({ last_polled_at: overdue }), NOW).next_poll_at).toBeNull();
	});
});

describe('webhookView', () => {
	const source = (values: Partial<WebhookInfo>): WebhookInfo => ({
		name: 'acme src',
		kind: 'generic',
		brand: 'acme',
		has_secret: false,
		has_verify_token: false,
		has_access_token: false,
		graph_url: null,
		own_accounts: [],
		mapping: null,
		...values
	});

	it('gives each kind the endpoint its platform delivers to, and how it authenticates', () => {
		expect(webhookView(source({ kind: 'meta', has_secret: true }))).toMatchObject({
			endpoint: '/api/v1/sources/meta/acme%20src',
			auth: 'X-Hub-Signature-256 (app secret)'
		});
		expect(webhookView(source({ kind: 'twitter' })).endpoint).toBe(
			'/api/v1/sources/twitter?source=acme%20src'
		);
		expect(webhookView(source({ kind: 'reddit', own_accounts: ['AcmeHelp'] })).endpoint).toBe(
			'/api/v1/sources/reddit?source=acme%20src'
		);
		expect(webhookView(source({ kind: 'generic' })).auth).toMatch(/ingest key/);
		expect(webhookView(source({ kind: 'generic', has_secret: true })).auth).toMatch(/X-Hub-Signature-256/);
		expect(webhookView(source({ kind: 'zendesk', has_secret: true })).auth).toMatch(/Zendesk/);
	});
});
