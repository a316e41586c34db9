import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, mention, withOwnServer } from './fixtures';

const execFileAsync = promisify(execFile);

test.describe('HTTP API', () => {
	test('healthz is open and says ok once migrated', async ({ request, server }) => {
		const response = await request.get(`${server.url}/healthz`);
		expect(response.status()).toBe(200);
		expect(await response.json()).toMatchObject({ status: 'ok' });
	});

	test('every API needs a key', async ({ request, server }) => {
		for (const [method, path] of [
			['GET', '/api/v1/metrics?brand=acme'],
			['POST', '/api/v1/mentions'],
			['POST', '/api/v1/responses'],
			['GET', '/api/v1/keys']
		] as const) {
			const response = await request.fetch(`${server.url}${path}`, { method, data: [] });
			expect(response.status(), `${method} ${path}`).toBe(401);
			expect((await response.json()).error.field).toBe('authorization');
		}
	});

	test('accepts a JSON array and NDJSON, and a retried batch never double-counts', async ({ api }) => {
		const batch = [mention('api-json', 'love it, great support'), mention('api-json', 'worst airline ever')];
		const first = await api.post('/api/v1/mentions', { data: batch });
		expect(first.status()).toBe(200);
		expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
		const retry = await api.post('/api/v1/mentions', { data: batch });
		expect(await retry.json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] });

		const ndjson = [mention('api-json', 'fine'), mention('api-json', 'ok')]
			.map((m) => JSON.stringify(m))
			.join('\n');
		const viaNdjson = await api.post('/api/v1/mentions', {
			headers: { 'content-type': 'application/x-ndjson' },
			data: ndjson
		});
		expect(await viaNdjson.json()).toMatchObject({ accepted: 2 });

		const metrics = await api.get('/api/v1/metrics?brand=api-json&window=15m');
		expect(metrics.status()).toBe(200);
		const snapshot = await metrics.json();
		expect(snapshot.kpis.mentions).toBe(4);
		expect(snapshot.series).toHaveLength(15);
	});

	test('names the field and the reason for each bad row, and stores the good ones', async ({ api }) => {
		const response = await api.post('/api/v1/mentions', {
			data: [
				mention('api-bad', 'fine'),
				mention('api-bad', 'fine', { created_at: '2026-13-01' }),
				{ id: 'x' }
			]
		});
		expect(response.status()).toBe(200);
		const body = await response.json();
		expect(body.accepted).toBe(1);
		expect(body.rejected[0]).toMatchObject({ index: 1, field: 'created_at' });
		expect(
			body.rejected.filter((r: { index: number }) => r.index === 2).map((r: { field: string }) => r.field)
		).toEqual(expect.arrayContaining(['brand', 'source', 'text', 'created_at']));
		const allBad = await api.post('/api/v1/mentions', { data: [{ id: 1 }] });
		expect(allBad.status()).toBe(422);
	});

	test('refuses unreadable bodies whole, writing nothing', async ({ api }) => {
		const cases = [
			{ headers: { 'content-type': 'text/plain' }, data: 'hello', status: 415, field: 'content-type' },
			{ headers: { 'content-type': 'application/json' }, data: '[{"id": ', status: 400, field: 'body' },
			{ headers: { 'content-type': 'application/json' }, data: '"a string"', status: 400, field: 'body' },
			{
				headers: { 'content-type': 'application/x-ndjson' },
				data: `${JSON.stringify(mention('api-half', 'fine'))}\n{broken`,
				status: 400,
				field: 'body'
			}
		];
		for (const { headers, data, status, field } of cases) {
			const response = await api.post('/api/v1/mentions', { headers, data });
			expect(response.status(), data).toBe(status);
			expect((await response.json()).error.field).toBe(field);
		}
		const snapshot = await (await api.get('/api/v1/metrics?brand=api-half&window=15m')).json();
		expect(snapshot.kpis.mentions).toBe(0);
	});

	test('refuses a body over the size limit with 413', async ({ api }) => {
		const huge = JSON.stringify([mention('api-huge', 'x'.repeat(17 * 1024 * 1024))]);
		const response = await api.post('/api/v1/mentions', {
			headers: { 'content-type': 'application/json' },
			data: huge
		});
		expect(response.status()).toBe(413);
	});

	test('records replies and moves the latency KPIs', async ({ api }) => {
		const asked = mention('api-replies', 'my bag is lost, please help', {
			created_at: new Date(Date.now() - 30 * 60_000).toISOString()
		});
		await api.post('/api/v1/mentions', { data: [asked] });
		const reply = { mention_id: asked.id, brand: 'api-replies', responded_at: new Date().toISOString() };
		expect(await (await api.post('/api/v1/responses', { data: [reply] })).json()).toEqual({
			accepted: 1,
			duplicates: 0,
			rejected: []
		});
		expect(await (await api.post('/api/v1/responses', { data: [reply] })).json()).toMatchObject({
			duplicates: 1
		});
		const { kpis } = await (await api.get('/api/v1/metrics?brand=api-replies&window=1h')).json();
		expect(kpis.responses).toBe(1);
		expect(kpis.answered_within_1h_share).toBe(1);
		expect(kpis.latency_p50_s).toBeGreaterThan(25 * 60);
	});

	test('the master key creates scoped keys that are stored hashed and can be revoked', async ({
		api,
		request,
		server
	}) => {
		const created = await api.post('/api/v1/keys', { data: { name: 'pipeline', scope: 'ingest' } });
		expect(created.status()).toBe(201);
		const { key, info } = await created.json();
		expect(key).toMatch(/^bpk_/);
		const asIngest = { authorization: `Bearer ${key}` };
		const posted = await request.post(`${server.url}/api/v1/mentions`, {
			headers: asIngest,
			data: [mention('api-keys', 'hello')]
		});
		expect(posted.status()).toBe(200);
		const read = await request.get(`${server.url}/api/v1/metrics?brand=api-keys`, { headers: asIngest });
		expect(read.status()).toBe(403);
		const listed = await (await api.get('/api/v1/keys')).json();
		// The secret is the 43 characters after `bpk_<id>_` (base64url, so it may itself hold `_`).
		const secret = (key as string).slice('bpk_'.length + info.id.length + 1);
		expect(secret).toHaveLength(43);
		expect(JSON.stringify(listed)).not.toContain(secret);
		expect((await api.delete(`/api/v1/keys/${info.id}`)).status()).toBe(200);
		const afterRevoke = await request.post(`${server.url}/api/v1/mentions`, {
			headers: asIngest,
			data: [mention('api-keys', 'hello again')]
		});
		expect(afterRevoke.status()).toBe(401);
	});

	test('refuses a form post from another site, and sends security headers', async ({ request, server }) => {
		const forged = await request.post(`${server.url}/login`, {
			headers: { origin: 'https://evil.example' },
			form: { key: server.masterKey }
		});
		expect(forged.status()).toBe(403);
		expect(forged.headers()['set-cookie']).toBeUndefined();
		const page = await request.get(`${server.url}/login`);
		expect(page.headers()['x-frame-options']).toBe('DENY');
		expect(page.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
	});

	test('the keys CLI creates a read key against the running server', async ({ request, server }) => {
		const output = execFileSync(
			process.execPath,
			['--import', 'tsx', 'src/cli/keys.ts', 'create', '--scope', 'read', '--name', 'wall'],
			{
				env: { ...process.env, BRANDPULSE_URL: server.url, BRANDPULSE_MASTER_KEY: server.masterKey },
				encoding: 'utf8'
			}
		);
		const key = output.trim();
		expect(key).toMatch(/^bpk_[a-z0-9]{12}_/);
		const read = await request.get(`${server.url}/api/v1/metrics?brand=cli`, {
			headers: { authorization: `Bearer ${key}` }
		});
		expect(read.status()).toBe(200);
	});

	test('admin actions and logins land in the audit log', async ({ api, request, server }) => {
		const created = await (
			await api.post('/api/v1/keys', { data: { name: 'audited', scope: 'read' } })
		).json();
		await api.delete(`/api/v1/keys/${created.info.id}`);
		await request.get(`${server.url}/login?key=wrong-key`, { maxRedirects: 0 });
		await expect
			.poll(async () => {
				const { entries } = await (await api.get('/api/v1/audit')).json();
				return entries.map(
					(entry: { action: string; outcome: string }) => `${entry.action} ${entry.outcome}`
				);
			})
			.toEqual(
				expect.arrayContaining(['POST /api/v1/keys ok', 'DELETE /api/v1/keys/[id] ok', 'login denied'])
			);
	});

	test('rejects unknown metrics parameters and windows by name', async ({ api }) => {
		const badWindow = await api.get('/api/v1/metrics?brand=acme&window=2h');
		expect(badWindow.status()).toBe(400);
		expect((await badWindow.json()).error.field).toBe('window');
		const unknown = await api.get('/api/v1/metrics?brand=acme&colour=red');
		expect((await unknown.json()).error.field).toBe('colour');
	});

	test('a Meta mention carrying ids only is read from a (fake, localhost) Graph API', async ({
		api,
		request,
		server
	}) => {
		const graph = createServer((req, res) => {
			const url = new URL(req.url ?? '/', 'http://graph');
			const ok =
				url.pathname === '/v21.0/9988776655_4433221100' &&
				url.searchParams.get('access_token') === 'EAAGe2eTokenForThePage';
			res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify(
					ok
						? {
								message: 'Acme fixed my order in ten minutes',
								created_time: new Date().toISOString().replace('Z', '+0000'),
								from: { name: 'Chris P', id: '9988776655' },
								id: '9988776655_4433221100'
							}
						: { error: { message: 'Unsupported get request.', code: 100 } }
				)
			);
		});
		await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
		try {
			const graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}/v21.0`;
			const saved = await api.put('/api/v1/sources/webhooks/e2e-meta', {
				data: {
					kind: 'meta',
					brand: 'e2e-graph',
					secret: 'e2e-app-secret',
					access_token: 'EAAGe2eTokenForThePage',
					graph_url: graphUrl
				}
			});
			expect(saved.status()).toBe(200);
			expect(JSON.stringify(await saved.json())).not.toContain('EAAGe2e');
			const body = JSON.stringify({
				object: 'page',
				entry: [
					{
						id: '104512345678901',
						time: Math.floor(Date.now() / 1000),
						changes: [
							{
								field: 'mention',
								value: {
									post_id: '9988776655_4433221100',
									sender_name: 'Chris P',
									item: 'post',
									sender_id: '9988776655',
									verb: 'add'
								}
							}
						]
					}
				]
			});
			const post = () =>
				request.post(`${server.url}/api/v1/sources/meta/e2e-meta`, {
					headers: {
						'content-type': 'application/json',
						'x-hub-signature-256': `sha256=${createHmac('sha256', 'e2e-app-secret').update(body).digest('hex')}`
					},
					data: body
				});
			expect(await (await post()).json()).toMatchObject({ accepted: 1, rejected: [] });
			expect(await (await post()).json()).toMatchObject({ accepted: 0, duplicates: 1 });
			const from = new Date(Date.now() - 3600_000).toISOString();
			const to = new Date(Date.now() + 60_000).toISOString();
			const { rows } = await (await api.get(`/api/v1/mentions?brand=e2e-graph&from=${from}&to=${to}`)).json();
			expect(rows.map((row: { text: string }) => row.text)).toEqual(['Acme fixed my order in ten minutes']);
		} finally {
			graph.closeAllConnections();
			await new Promise((resolve) => graph.close(resolve));
		}
	});
});

test('with the SSRF guard on (the default), URLs pointing inside are refused when saved', async ({
	playwright
}) => {
	await withOwnServer(playwright, { BRANDPULSE_ALLOW_PRIVATE_URLS: 'off' }, async (api, server) => {
		for (const [url, reason] of [
			['http://2130706433/rss', /127.0.0.1, which is a loopback address/],
			['http://0x7f.1/rss', /127.0.0.1, which is a loopback address/],
			['http://[::ffff:169.254.169.254]/latest/meta-data/', /IPv4-mapped link-local/],
			['http://100.64.0.1/rss', /CGNAT/],
			['ftp://news.example.com/rss', /must be an http\(s\) URL/]
		] as const) {
			const response = await api.post('/api/v1/sources/feeds', { data: { url, brand: 'ssrf' } });
			expect(response.status(), url).toBe(400);
			expect(await response.json(), url).toEqual({
				error: { field: 'body.url', message: expect.stringMatching(reason) }
			});
		}
		const hook = await api.post('/api/v1/alerts/webhooks', {
			data: { url: 'http://169.254.169.254/hook', kind: 'generic' }
		});
		expect(hook.status()).toBe(400);
		expect((await hook.json()).error).toMatchObject({
			field: 'url',
			message: expect.stringMatching(/link-local/)
		});
		const graph = await api.put('/api/v1/sources/webhooks/ssrf-meta', {
			data: { kind: 'meta', brand: 'ssrf', secret: 'app-secret-1', graph_url: 'http://[fd00::1]/v21.0' }
		});
		expect((await graph.json()).error).toMatchObject({
			field: 'body.graph_url',
			message: expect.stringMatching(/private/)
		});
		// The admin pages' forms refuse the same URLs, naming the field.
		const submit = (action: string, fields: Record<string, string>) =>
			api.post(action, {
				headers: {
					origin: server.url,
					accept: 'application/json',
					'content-type': 'application/x-www-form-urlencoded'
				},
				data: new URLSearchParams(fields).toString()
			});
		const alertHook = await submit('/admin/alerts?/createWebhook', {
			url: 'http://169.254.169.254/hook',
			kind: 'generic'
		});
		expect(await alertHook.text()).toMatch(/url: .*link-local/);
		const feedForm = await submit('/admin/sources?/addFeed', { url: 'http://100.64.0.1/rss', brand: 'ssrf' });
		expect(await feedForm.text()).toMatch(/url: .*CGNAT/);
		expect((await (await api.get('/api/v1/alerts/webhooks')).json()).webhooks).toEqual([]);
		// A public name that does not resolve (yet) is accepted; the connect-time check still applies.
		expect(
			(
				await api.post('/api/v1/sources/feeds', {
					data: { url: 'https://news.example.com/rss', brand: 'ssrf' }
				})
			).status()
		).toBe(201);
		expect((await (await api.get('/api/v1/sources/feeds')).json()).feeds).toHaveLength(1);
	});
});

test('past the buffered-rows limit, ingest and answers get 503 with Retry-After until the writers drain', async ({
	playwright
}) => {
	// Rows wait for the 5 s flush timer, so the first post keeps the writer at its limit meanwhile.
	const env = {
		BRANDPULSE_MAX_BUFFERED_ROWS: '50',
		BRANDPULSE_FLUSH_ROWS: '1000',
		BRANDPULSE_FLUSH_INTERVAL_MS: '5000'
	};
	await withOwnServer(playwright, env, async (api, server) => {
		const flood = Array.from({ length: 50 }, (_, index) => mention('busy', `Flood ${index}`));
		const first = api.post('/api/v1/mentions', { data: flood });
		await expect.poll(async () => (await (await api.get('/healthz')).json()).buffered).toBe(50);
		const late = [mention('busy', 'One more')];
		const refused = await api.post('/api/v1/mentions', { data: late });
		expect(refused.status()).toBe(503);
		expect(refused.headers()['retry-after']).toBe('1');
		expect((await refused.json()).error).toEqual({
			field: 'ingest',
			message: 'the server holds 50 rows not yet stored (limit 50); retry in 1 s'
		});
		// Marking a mention answered adds a row too, so it waits the same way.
		const answered = await api.post(`/api/v1/mentions/${flood[0]!.id}/answer`, { data: { brand: 'busy' } });
		expect(answered.status()).toBe(503);
		expect(answered.headers()['retry-after']).toBe('1');
		// An import over HTTP started now is refused too, waits as told and goes on once the writers drain.
		const dir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-busy-'));
		const history = path.join(dir, 'history.ndjson');
		writeFileSync(
			history,
			['i1', 'i2', 'i3'].map((id) => JSON.stringify(mention('busy', `Imported ${id}`, { id }))).join('\n')
		);
		const importing = execFileAsync(
			process.execPath,
			['--import', 'tsx', 'src/cli/import.ts', '--url', server.url, '--quiet', history],
			{ env: { ...process.env, BRANDPULSE_MASTER_KEY: server.masterKey }, encoding: 'utf8' }
		);
		// What was buffered is stored and answered; the refused batch, sent again, is taken once.
		expect(await (await first).json()).toMatchObject({ accepted: 50, duplicates: 0 });
		const retried = await api.post('/api/v1/mentions', { data: late });
		expect(retried.status()).toBe(200);
		expect(await retried.json()).toMatchObject({ accepted: 1, duplicates: 0 });
		const imported = await importing;
		rmSync(dir, { recursive: true, force: true });
		expect(imported.stderr).toContain('the server answered 503 (busy); sending the batch again in 1 s');
		expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 3, accepted: 3, duplicates: 0 });
	});
});
