import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { io as connect } from 'socket.io-client';
import { test, expect } from './fixtures';

/**
 * The authorization matrix: every route and method (pages, their form actions, the API) and every socket
 * event has a rule here, and every rule is checked against every kind of caller on a real server: anonymous,
 * the three roles, ingest and read keys, a wall board's token and the master key. A new route without a rule
 * fails the first test. The rules are written out here on purpose, apart from src/lib/server/auth/policy.ts:
 * a mistake there shows up as a difference here.
 */
type Rule =
	| 'open' // anyone
	| 'browse' // the dashboard pages
	| 'view' // aggregate reads behind dashboards and walls
	| 'drilldown' // raw mentions
	| 'export'
	| 'respond' // the response desk and annotations
	| 'ingest'
	| 'admin'
	| 'source' // a platform webhook: its signature or an ingest key, never an anonymous caller
	| 'board'; // a wall screen's board token: others get a status with no board in it

const RULES: Record<string, Rule> = {
	// Pages and form actions
	'GET /': 'browse',
	'GET /login': 'open',
	'POST /login': 'open',
	'POST /logout': 'open',
	'GET /b/[brand=brand]': 'browse',
	'GET /b/[brand=brand]/desk': 'browse',
	'GET /b/[brand=brand]/mentions': 'drilldown',
	'GET /b/[brand=brand]/spikes': 'browse',
	'POST /b/[brand=brand]/spikes': 'respond',
	// The wall page always answers, saying why it shows no board; its data is the state endpoint's.
	'GET /wall/[board]': 'open',
	'GET /admin': 'admin',
	'GET /admin/users': 'admin',
	'POST /admin/users': 'admin',
	'GET /admin/keys': 'admin',
	'POST /admin/keys': 'admin',
	'GET /admin/brands': 'admin',
	'POST /admin/brands': 'admin',
	'GET /admin/boards': 'admin',
	'POST /admin/boards': 'admin',
	'GET /admin/sources': 'admin',
	'POST /admin/sources': 'admin',
	'GET /admin/alerts': 'admin',
	'POST /admin/alerts': 'admin',
	'GET /admin/audit': 'admin',
	// API
	'GET /healthz': 'open',
	'GET /api/v1/metrics': 'view',
	'GET /api/v1/mentions': 'drilldown',
	'POST /api/v1/mentions': 'ingest',
	'POST /api/v1/responses': 'ingest',
	'POST /api/v1/mentions/[id]/answer': 'respond',
	'GET /api/v1/export': 'export',
	'GET /api/v1/breakdown': 'drilldown',
	'GET /api/v1/share-of-voice': 'view',
	'GET /api/v1/queue': 'view',
	'GET /api/v1/latency': 'view',
	'GET /api/v1/brands/[brand=brand]/settings': 'view',
	'PUT /api/v1/brands/[brand=brand]/settings': 'admin',
	'GET /api/v1/spikes': 'view',
	'GET /api/v1/spikes/[id]/drivers': 'view',
	'GET /api/v1/annotations': 'view',
	'POST /api/v1/annotations': 'respond',
	'DELETE /api/v1/annotations/[id]': 'respond',
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
	'GET /api/v1/users': 'admin',
	'POST /api/v1/users': 'admin',
	'GET /api/v1/users/[id]': 'admin',
	'PATCH /api/v1/users/[id]': 'admin',
	'DELETE /api/v1/users/[id]': 'admin',
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

/** Socket events a client may emit, with the rule for a brand the caller may see. */
const SOCKET_RULES: Record<string, Rule> = {
	subscribe: 'view',
	unsubscribe: 'view'
};

const CALLERS = ['anonymous', 'viewer', 'analyst', 'admin', 'ingest', 'read', 'board', 'master'] as const;
type Caller = (typeof CALLERS)[number];

const ALLOWED: Record<Rule, Caller[]> = {
	open: [...CALLERS],
	browse: ['viewer', 'analyst', 'admin', 'read', 'master'],
	view: ['viewer', 'analyst', 'admin', 'read', 'board', 'master'],
	drilldown: ['analyst', 'admin', 'read', 'master'],
	export: ['analyst', 'admin', 'read', 'master'],
	respond: ['analyst', 'admin', 'ingest', 'master'],
	ingest: ['admin', 'ingest', 'master'],
	admin: ['admin', 'master'],
	source: ['admin', 'ingest', 'master'],
	// None of these callers holds a token for the sample board; tests/wall.spec.ts checks the ones that do.
	board: []
};

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const full = path.join(dir, entry);
		return statSync(full).isDirectory() ? files(full) : [full];
	});
}

/** Route ids and methods as SvelteKit serves them: endpoints' exports, pages' GET, form actions' POST. */
function declaredRoutes(): string[] {
	const root = path.resolve('src/routes');
	const routes = new Set<string>();
	for (const file of files(root)) {
		const relative = path.relative(root, path.dirname(file)).split(path.sep).join('/');
		const route = relative ? `/${relative}` : '/';
		const name = path.basename(file);
		if (name === '+server.ts') {
			for (const match of readFileSync(file, 'utf8').matchAll(
				/export const (GET|POST|PUT|PATCH|DELETE)\b/g
			)) {
				routes.add(`${match[1]} ${route}`);
			}
		} else if (/^\+page\.(svelte|ts|server\.ts)$/.test(name)) {
			routes.add(`GET ${route}`);
			if (name === '+page.server.ts' && /export const actions\b/.test(readFileSync(file, 'utf8'))) {
				routes.add(`POST ${route}`);
			}
		}
	}
	return [...routes];
}

/** Socket events the hub listens to (`socket.on('name'`), so a new one needs a rule too. */
function declaredSocketEvents(): string[] {
	const hub = readFileSync(path.resolve('src/lib/server/realtime/hub.ts'), 'utf8');
	return [...new Set([...hub.matchAll(/socket\.on\('([a-z_-]+)'/g)].map((match) => match[1]!))];
}

const SAMPLE_PARAMS: Record<string, string> = {
	'[id]': 'abcdefabcdef',
	'[brand=brand]': 'acme',
	'[name]': 'nosuchsource',
	'[tokenId]': 'abcdefabcdef',
	'[board]': 'nosuchboard'
};

const PASSWORD = 'matrix passphrase 1234';

test('every route, method and socket event has an authorization rule, and every rule a route', () => {
	const declared = declaredRoutes();
	expect(
		declared.filter((route) => !(route in RULES)),
		'routes without a rule'
	).toEqual([]);
	expect(
		Object.keys(RULES).filter((rule) => !declared.includes(rule)),
		'rules without a route'
	).toEqual([]);
	const events = declaredSocketEvents();
	expect(events.length).toBeGreaterThan(0);
	expect(
		events.filter((event) => !(event in SOCKET_RULES)),
		'socket events without a rule'
	).toEqual([]);
});

interface Credentials {
	bearer?: string;
	cookie?: string;
}

/** A session cookie for a new user, through the login form as a browser would. */
async function userSession(
	playwright: PlaywrightWorkerArgs['playwright'],
	api: APIRequestContext,
	baseURL: string,
	role: string,
	brands: string[] = []
): Promise<string> {
	const email = `matrix-${role}-${brands.join('-') || 'all'}-${Date.now()}@example.com`;
	const created = await api.post('/api/v1/users', { data: { email, role, brands, password: PASSWORD } });
	expect(created.status(), await created.text()).toBe(201);
	const context = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
	const login = await context.post('/login', {
		headers: { origin: baseURL },
		form: { email, password: PASSWORD }
	});
	// 303 for a browser; a client that does not ask for HTML gets the redirect as JSON.
	expect(login.status(), `login as ${role}`).toBeLessThan(400);
	const cookie = (await context.storageState()).cookies.find((candidate) => candidate.name === 'bp_session');
	await context.dispose();
	expect(cookie, `session cookie for ${role}`).toBeDefined();
	return `bp_session=${cookie!.value}`;
}

async function callers(
	playwright: PlaywrightWorkerArgs['playwright'],
	api: APIRequestContext,
	server: { url: string; masterKey: string }
): Promise<Record<Caller, Credentials>> {
	const key = async (scope: string) =>
		(await (await api.post('/api/v1/keys', { data: { name: `matrix-${scope}`, scope } })).json())
			.key as string;
	const boardId = `matrix-${Date.now()}`;
	const board = await api.post('/api/v1/boards', {
		data: { id: boardId, name: 'Matrix', panels: [{ brand: 'acme', view: 'kpis' }] }
	});
	expect(board.status(), await board.text()).toBeLessThan(300);
	const token = (await (await api.post(`/api/v1/boards/${boardId}/tokens`)).json()).token as string;
	return {
		anonymous: {},
		viewer: { cookie: await userSession(playwright, api, server.url, 'viewer') },
		analyst: { cookie: await userSession(playwright, api, server.url, 'analyst') },
		admin: { cookie: await userSession(playwright, api, server.url, 'admin') },
		ingest: { bearer: await key('ingest') },
		read: { bearer: await key('read') },
		board: { bearer: token },
		master: { bearer: server.masterKey }
	};
}

function headersOf(credentials: Credentials): Record<string, string> {
	return {
		...(credentials.bearer ? { authorization: `Bearer ${credentials.bearer}` } : {}),
		...(credentials.cookie ? { cookie: credentials.cookie } : {})
	};
}

test('each caller gets exactly what its role or key allows, on every route', async ({
	api,
	server,
	playwright
}) => {
	test.setTimeout(180_000);
	const who = await callers(playwright, api, server);
	const context = await playwright.request.newContext({ baseURL: server.url, maxRedirects: 0 });
	const failures: string[] = [];
	// Logging out ends the caller's session: last, so the other rules are checked with live sessions.
	const rules = Object.entries(RULES).sort(
		([a], [b]) => Number(a === 'POST /logout') - Number(b === 'POST /logout')
	);
	for (const [rule, kind] of rules) {
		const [method, pattern] = rule.split(' ') as [string, string];
		const url = pattern.replace(/\[[^\]]+\]/g, (param) => SAMPLE_PARAMS[param] ?? 'x');
		const isPage = !url.startsWith('/api/') && url !== '/healthz' && url !== '/wall/nosuchboard/state';
		for (const caller of CALLERS) {
			const credentials = who[caller];
			const form = isPage && method === 'POST';
			const response = await context.fetch(
				form ? `${url}?/x` : `${url}?brand=acme&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`,
				{
					method,
					headers: {
						...headersOf(credentials),
						...(form
							? { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }
							: { 'content-type': 'application/json' })
					},
					data: method === 'GET' || method === 'DELETE' ? undefined : form ? 'a=1' : '{}'
				}
			);
			const status = response.status();
			const toLogin = status === 303 && (response.headers().location ?? '').startsWith('/login');
			// The wall's state endpoint always answers, so a screen can say why it may not show its board;
			// refusal there means an answer without the board.
			const refused =
				status === 401 ||
				status === 403 ||
				(isPage && toLogin && pattern !== '/logout' && pattern !== '/login') ||
				(kind === 'board' && status === 200 && (await response.json()).access !== 'ok');
			const shouldPass = ALLOWED[kind].includes(caller);
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

test('socket events: each caller may subscribe exactly where its role or key allows', async ({
	api,
	server,
	playwright
}) => {
	const who = await callers(playwright, api, server);
	const failures: string[] = [];
	for (const caller of CALLERS) {
		const credentials = who[caller];
		const socket = connect(server.url, {
			transports: ['websocket'],
			reconnection: false,
			...(credentials.bearer ? { auth: { token: credentials.bearer } } : {}),
			...(credentials.cookie ? { extraHeaders: { cookie: credentials.cookie } } : {})
		});
		const connected = await new Promise<boolean>((resolve) => {
			socket.once('connect', () => resolve(true));
			socket.once('connect_error', () => resolve(false));
		});
		for (const [event, kind] of Object.entries(SOCKET_RULES)) {
			const shouldPass = ALLOWED[kind].includes(caller);
			let allowed = false;
			if (connected && event === 'subscribe') {
				const ack = await socket.timeout(5000).emitWithAck('subscribe', { brand: 'acme', window: '1h' });
				allowed = (ack as { ok: boolean }).ok;
			} else if (connected && event === 'unsubscribe') {
				// No answer by design; allowed means the socket stays usable and only what it may see flows.
				socket.emit('unsubscribe', { brand: 'acme', window: '1h' });
				const again = await socket.timeout(5000).emitWithAck('subscribe', { brand: 'acme', window: '1h' });
				allowed = (again as { ok: boolean }).ok;
			}
			if (shouldPass !== allowed) failures.push(`${event} ${shouldPass ? 'refused' : 'allowed'} ${caller}`);
		}
		if (caller === 'anonymous' && connected) failures.push('anonymous socket connected');
		socket.close();
	}
	expect(failures).toEqual([]);
});

test('a user limited to one brand gets nothing of another, on pages, API and socket', async ({
	api,
	server,
	playwright
}) => {
	const cookie = await userSession(playwright, api, server.url, 'analyst', ['acme']);
	const context = await playwright.request.newContext({
		baseURL: server.url,
		maxRedirects: 0,
		extraHTTPHeaders: { cookie }
	});
	const range = 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z';
	const reads = (brand: string) => [
		`/api/v1/metrics?brand=${brand}`,
		`/api/v1/mentions?brand=${brand}&${range}`,
		`/api/v1/export?brand=${brand}&${range}&format=csv`,
		`/api/v1/breakdown?brand=${brand}&${range}&by=source`,
		`/api/v1/share-of-voice?brands=${brand}&${range}&step=1h`,
		`/api/v1/queue?brand=${brand}`,
		`/api/v1/latency?brand=${brand}&${range}`,
		`/api/v1/brands/${brand}/settings`,
		`/api/v1/spikes?brand=${brand}&${range}`,
		`/api/v1/annotations?brand=${brand}&${range}`,
		`/b/${brand}`,
		`/b/${brand}/desk`,
		`/b/${brand}/mentions?${range}`,
		`/b/${brand}/spikes`
	];
	const failures: string[] = [];
	for (const url of reads('globex')) {
		const status = (await context.get(url)).status();
		if (status !== 403 && status !== 404) failures.push(`${url} answered ${status}`);
	}
	for (const url of reads('acme')) {
		const status = (await context.get(url)).status();
		if (status === 401 || status === 403 || status === 404)
			failures.push(`${url} refused its own brand (${status})`);
	}
	const note = await context.post('/api/v1/annotations', {
		data: { brand: 'globex', at: '2026-11-01T10:00:00Z', text: 'not mine' }
	});
	if (note.status() !== 403) failures.push(`POST /api/v1/annotations for globex answered ${note.status()}`);
	await context.dispose();

	const socket = connect(server.url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie }
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	const other = await socket.timeout(5000).emitWithAck('subscribe', { brand: 'globex', window: '1h' });
	const own = await socket.timeout(5000).emitWithAck('subscribe', { brand: 'acme', window: '1h' });
	socket.close();
	expect(other).toMatchObject({ ok: false });
	expect(own).toMatchObject({ ok: true });
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
