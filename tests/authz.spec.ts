import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';

/**
 * The authorization matrix: every route and method has a rule here, and every rule is checked against
 * every kind of caller on a real server. A new route without a rule fails the first test.
 * Socket events are checked in src/lib/server/realtime/hub.test.ts, board tokens in tests/wall.spec.ts.
 */
type Rule =
	| 'open' // anyone
	| 'read'
	| 'ingest'
	| 'admin'
	| 'source' // a platform webhook: its signature or an ingest key, never an anonymous caller
	| 'board'; // a wall screen's board token: others get a status with no board in it

const RULES: Record<string, Rule> = {
	'GET /healthz': 'open',
	'POST /logout': 'open',
	'GET /api/v1/metrics': 'read',
	'GET /api/v1/mentions': 'read',
	'POST /api/v1/mentions': 'ingest',
	'POST /api/v1/responses': 'ingest',
	'POST /api/v1/mentions/[id]/answer': 'ingest',
	'GET /api/v1/export': 'read',
	'GET /api/v1/breakdown': 'read',
	'GET /api/v1/share-of-voice': 'read',
	'GET /api/v1/queue': 'read',
	'GET /api/v1/latency': 'read',
	'GET /api/v1/brands/[brand=brand]/settings': 'read',
	'PUT /api/v1/brands/[brand=brand]/settings': 'admin',
	'GET /api/v1/spikes': 'read',
	'GET /api/v1/spikes/[id]/drivers': 'read',
	'GET /api/v1/annotations': 'read',
	'POST /api/v1/annotations': 'ingest',
	'DELETE /api/v1/annotations/[id]': 'ingest',
	'GET /api/v1/alerts/log': 'admin',
	'GET /api/v1/alerts/rules': 'admin',
	'POST /api/v1/alerts/rules': 'admin',
	'DELETE /api/v1/alerts/rules/[id]': 'admin',
	'GET /api/v1/alerts/webhooks': 'admin',
	'POST /api/v1/alerts/webhooks': 'admin',
	'DELETE /api/v1/alerts/webhooks/[id]': 'admin',
	'GET /api/v1/keys': 'admin',
	'POST /api/v1/keys': 'admin',
	'DELETE /api/v1/keys/[id]': 'admin',
	'GET /api/v1/stats': 'admin',
	'GET /api/v1/audit': 'admin',
	'GET /api/v1/boards': 'admin',
	'POST /api/v1/boards': 'admin',
	'GET /api/v1/boards/[id]': 'admin',
	'PUT /api/v1/boards/[id]': 'admin',
	'DELETE /api/v1/boards/[id]': 'admin',
	'POST /api/v1/boards/[id]/tokens': 'admin',
	'DELETE /api/v1/boards/[id]/tokens/[tokenId]': 'admin',
	'GET /api/v1/sources/feeds': 'admin',
	'POST /api/v1/sources/feeds': 'admin',
	'DELETE /api/v1/sources/feeds': 'admin',
	'GET /api/v1/sources/webhooks': 'admin',
	'GET /api/v1/sources/webhooks/[name]': 'admin',
	'PUT /api/v1/sources/webhooks/[name]': 'admin',
	'DELETE /api/v1/sources/webhooks/[name]': 'admin',
	'GET /api/v1/sources/generic/[name]/mapping': 'admin',
	'PUT /api/v1/sources/generic/[name]/mapping': 'admin',
	'POST /api/v1/sources/generic/[name]': 'source',
	'POST /api/v1/sources/twitter': 'source',
	'POST /api/v1/sources/reddit': 'source',
	'POST /api/v1/sources/zendesk/[name]': 'source',
	'POST /api/v1/sources/freshdesk/[name]': 'source',
	'GET /api/v1/sources/meta/[name]': 'source',
	'POST /api/v1/sources/meta/[name]': 'source',
	'GET /wall/[board]/state': 'board'
};

function routeFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) return routeFiles(full);
		return entry === '+server.ts' ? [full] : [];
	});
}

function declaredRoutes(): string[] {
	const root = path.resolve('src/routes');
	return routeFiles(root).flatMap((file) => {
		const route = '/' + path.relative(root, path.dirname(file)).split(path.sep).join('/');
		const methods = [...readFileSync(file, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)];
		return methods.map((match) => `${match[1]} ${route === '/.' ? '/' : route}`);
	});
}

const SAMPLE_PARAMS: Record<string, string> = {
	'[id]': 'abcdefabcdef',
	'[brand=brand]': 'acme',
	'[name]': 'nosuchsource',
	'[tokenId]': 'abcdefabcdef',
	'[board]': 'nosuchboard'
};

test('every route and method has an authorization rule, and every rule a route', () => {
	const declared = declaredRoutes();
	expect(
		declared.filter((route) => !(route in RULES)),
		'routes without a rule'
	).toEqual([]);
	expect(
		Object.keys(RULES).filter((rule) => !declared.includes(rule)),
		'rules without a route'
	).toEqual([]);
});

test('each caller gets exactly what its key allows', async ({ api, server, playwright }) => {
	test.setTimeout(120_000);
	const read = (
		await (await api.post('/api/v1/keys', { data: { name: 'matrix-read', scope: 'read' } })).json()
	).key;
	const ingest = (
		await (await api.post('/api/v1/keys', { data: { name: 'matrix-ingest', scope: 'ingest' } })).json()
	).key;
	const callers: Record<string, string | null> = { anonymous: null, read, ingest, master: server.masterKey };
	const allowed: Record<Rule, string[]> = {
		open: ['anonymous', 'read', 'ingest', 'master'],
		read: ['read', 'master'],
		ingest: ['ingest', 'master'],
		admin: ['master'],
		source: ['ingest', 'master'],
		// None of these callers holds a token for an existing board; tests/wall.spec.ts checks the ones that do.
		board: []
	};
	const context = await playwright.request.newContext({ baseURL: server.url, maxRedirects: 0 });
	const failures: string[] = [];
	for (const [rule, kind] of Object.entries(RULES)) {
		const [method, pattern] = rule.split(' ') as [string, string];
		const url = pattern.replace(/\[[^\]]+\]/g, (param) => SAMPLE_PARAMS[param] ?? 'x');
		for (const [caller, key] of Object.entries(callers)) {
			const response = await context.fetch(
				`${url}?brand=acme&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`,
				{
					method,
					headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
					data: method === 'GET' || method === 'DELETE' ? undefined : '{}'
				}
			);
			const status = response.status();
			// The wall's state endpoint always answers, so a screen can say why it may not show its board;
			// refusal there means an answer without the board.
			const refused =
				status === 401 ||
				status === 403 ||
				(kind === 'board' && status === 200 && (await response.json()).access !== 'ok');
			const shouldPass = allowed[kind].includes(caller);
			// A source webhook may answer 404 for an unknown source before it looks at credentials: no data either way.
			const refusedEnough =
				refused || (kind === 'source' && status === 404) || (kind === 'board' && status === 404);
			if (shouldPass && refused) failures.push(`${rule} refused ${caller} (${status})`);
			if (!shouldPass && !refusedEnough) failures.push(`${rule} let ${caller} through (${status})`);
		}
	}
	await context.dispose();
	expect(failures).toEqual([]);
});

test('pages send a caller without a session to the login page', async ({ playwright, server }) => {
	const context = await playwright.request.newContext({ baseURL: server.url, maxRedirects: 0 });
	for (const page of ['/', '/b/acme', '/b/acme/mentions', '/b/acme/desk', '/b/acme/spikes']) {
		const response = await context.get(page);
		expect(response.status(), page).toBe(303);
		expect(response.headers().location, page).toMatch(/^\/login\?next=/);
	}
	expect((await context.get('/login')).status()).toBe(200);
	await context.dispose();
});
