import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import { openTestClickHouse } from '../testing/clickhouse';
import { parseAllowPrivate } from '../net/outbound';
import { SpikeService } from './spike-service';
import { GET as listSpikes } from '../../../routes/api/v1/spikes/+server';
import { GET as getDrivers } from '../../../routes/api/v1/spikes/[id]/drivers/+server';
import { GET as listNotes, POST as postNote } from '../../../routes/api/v1/annotations/+server';
import { DELETE as deleteNote } from '../../../routes/api/v1/annotations/[id]/+server';
import { GET as listRules, POST as postRule } from '../../../routes/api/v1/alerts/rules/+server';
import { DELETE as deleteRule } from '../../../routes/api/v1/alerts/rules/[id]/+server';
import { GET as listWebhooks, POST as postWebhook } from '../../../routes/api/v1/alerts/webhooks/+server';
import { GET as alertLog } from '../../../routes/api/v1/alerts/log/+server';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let service: SpikeService;

beforeAll(async () => {
	db = await openTestClickHouse();
	service = new SpikeService(db.client);
	await service.start();
}, 60_000);

afterAll(async () => {
	await service?.stop();
	await db?.close();
});

const reader: Principal = { id: 'k-read', kind: 'api_key', scopes: ['read'], brands: ['acme'] };
const analyst: Principal = { id: 'k-ingest', kind: 'api_key', scopes: ['ingest'], brands: ['acme'] };
const admin: Principal = { id: 'k-admin', kind: 'api_key', scopes: ['admin'], brands: null };

const event = (url: string, principal: Principal | null, init: RequestInit = {}, params = {}) =>
	({
		url: new URL(url, 'http://localhost'),
		request: new Request(new URL(url, 'http://localhost'), init),
		locals: {
			app: { client: db.client, config: { BRANDPULSE_ALLOW_PRIVATE_URLS: parseAllowPrivate('off') } },
			principal
		},
		params
	}) as never;

const post = (value: unknown): RequestInit => ({
	method: 'POST',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify(value)
});

describe('spike and annotation routes', () => {
	it('GET /api/v1/spikes checks scope, brand and range', async () => {
		expect((await listSpikes(event('/api/v1/spikes?brand=acme', null))).status).toBe(401);
		expect((await listSpikes(event('/api/v1/spikes?brand=other', reader))).status).toBe(403);
		const bad = await listSpikes(event('/api/v1/spikes?brand=acme&from=yesterday', reader));
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('from');
		const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
		const ok = await listSpikes(event(`/api/v1/spikes?brand=acme&from=${from}`, reader));
		const tooLong = await listSpikes(event('/api/v1/spikes?brand=acme&from=2025-01-01T00:00:00Z', reader));
		expect(tooLong.status).toBe(400);
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({ brand: 'acme', spikes: [] });
		const missing = await getDrivers(
			event('/api/v1/spikes/0123456789abcdef/drivers', reader, {}, { id: '0123456789abcdef' })
		);
		expect(missing.status).toBe(404);
	});

	it('annotations: ingest scope adds and deletes, and the running service hears of it', async () => {
		const heard: string[] = [];
		service.on('annotation', (e) => heard.push(`${e.action}:${e.annotation.label}`));
		const at = '2026-03-01T10:00:00Z';
		expect(
			(await postNote(event('/api/v1/annotations', reader, post({ brand: 'acme', at, text: 'x' })))).status
		).toBe(403);
		const invalid = await postNote(
			event('/api/v1/annotations', analyst, post({ brand: 'acme', at, text: '' }))
		);
		expect(invalid.status).toBe(400);
		const created = await postNote(
			event('/api/v1/annotations', analyst, post({ brand: 'acme', at, text: 'Price change announced' }))
		);
		expect(created.status).toBe(201);
		const { annotation } = (await created.json()) as { annotation: { id: string; author: string } };
		expect(annotation.author).toBe('k-ingest');
		const listed = await listNotes(event('/api/v1/annotations?brand=acme&from=2026-02-01T00:00:00Z', reader));
		expect(((await listed.json()) as { annotations: { id: string }[] }).annotations.map((a) => a.id)).toEqual(
			[annotation.id]
		);
		const id = { id: annotation.id };
		expect(
			(await deleteNote(event(`/api/v1/annotations/${annotation.id}`, reader, { method: 'DELETE' }, id)))
				.status
		).toBe(403);
		expect(
			(await deleteNote(event(`/api/v1/annotations/${annotation.id}`, analyst, { method: 'DELETE' }, id)))
				.status
		).toBe(200);
		expect(
			(await deleteNote(event(`/api/v1/annotations/${annotation.id}`, analyst, { method: 'DELETE' }, id)))
				.status
		).toBe(404);
		expect(heard).toEqual(['added:Price change announced', 'deleted:Price change announced']);
	});
});

describe('alert admin routes', () => {
	it('rules and webhooks need admin; secrets are shown once', async () => {
		expect((await listRules(event('/api/v1/alerts/rules', analyst))).status).toBe(403);
		const bad = await postRule(
			event('/api/v1/alerts/rules', admin, post({ brand: 'acme', metric: 'reach' }))
		);
		expect(bad.status).toBe(400);
		const created = await postRule(
			event('/api/v1/alerts/rules', admin, post({ brand: 'acme', metric: 'volume' }))
		);
		expect(created.status).toBe(201);
		const { rule } = (await created.json()) as {
			rule: { id: string; min_severity: number; cooldown_s: number };
		};
		expect(rule).toMatchObject({ min_severity: 4, cooldown_s: 3600 });
		const listed = (await (await listRules(event('/api/v1/alerts/rules', admin))).json()) as {
			rules: unknown[];
		};
		expect(listed.rules).toHaveLength(1);
		const del = await deleteRule(
			event(`/api/v1/alerts/rules/${rule.id}`, admin, { method: 'DELETE' }, { id: rule.id })
		);
		expect(del.status).toBe(200);
		expect(
			((await (await listRules(event('/api/v1/alerts/rules', admin))).json()) as { rules: unknown[] }).rules
		).toEqual([]);

		const notHttp = await postWebhook(
			event('/api/v1/alerts/webhooks', admin, post({ url: 'file:///etc/passwd', kind: 'generic' }))
		);
		expect(notHttp.status).toBe(400);
		// The SSRF guard refuses a webhook into the private network when it is saved.
		const metadata = await postWebhook(
			event('/api/v1/alerts/webhooks', admin, post({ url: 'http://169.254.169.254/latest', kind: 'generic' }))
		);
		expect(metadata.status).toBe(400);
		const hook = await postWebhook(
			event('/api/v1/alerts/webhooks', admin, post({ url: 'https://hooks.example.com/x', kind: 'generic' }))
		);
		expect(hook.status).toBe(201);
		const body = (await hook.json()) as { secret: string; webhook: Record<string, unknown> };
		expect(body.secret.length).toBeGreaterThanOrEqual(32);
		expect(body.webhook).not.toHaveProperty('secret');
		const hooks = (await (await listWebhooks(event('/api/v1/alerts/webhooks', admin))).json()) as {
			webhooks: Record<string, unknown>[];
		};
		expect(hooks.webhooks).toHaveLength(1);
		expect(hooks.webhooks[0]).not.toHaveProperty('secret');

		const log = await alertLog(event('/api/v1/alerts/log?limit=10', admin));
		expect(log.status).toBe(200);
		expect(await log.json()).toEqual({ entries: [] });
	});
});
