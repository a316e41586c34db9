import { io as connect } from 'socket.io-client';
import { BRAND_PATTERN } from '../src/lib/metrics';
import { mentionInputSchema, responseInputSchema } from '../src/lib/server/ingest/schema';
import { freePort, TestServer } from '../src/lib/server/testing/server-process';
import { test, expect, withOwnServer } from './fixtures';

/**
 * Hostile input: at least 10,000 generated malformed or hostile payloads against every input endpoint and
 * the socket's events. Each must get a 4xx with a message, the server must answer health checks
 * throughout, and no row of any of them may be stored.
 */

const INJECTIONS = [
	"'; DROP TABLE mentions; --",
	"acme' OR '1'='1",
	'{brand:String}',
	'${process.exit(1)}',
	'<script>alert(1)</script>',
	'../../etc/passwd',
	'\u0000\u0001\u0002',
	'\uD800',
	'%00%27',
	'NaN',
	'1e309',
	'__proto__',
	'constructor'
];

/** Hostile strings that are not valid brand slugs ("constructor" is a perfectly good brand). */
const BAD_BRANDS = INJECTIONS.filter((value) => !BRAND_PATTERN.test(value));

/** A small seeded generator, so a failure names a payload that can be replayed. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/** Percent-encodes, turning a lone surrogate (which encodeURIComponent refuses) into invalid UTF-8 bytes. */
function encode(value: string): string {
	try {
		return encodeURIComponent(value);
	} catch {
		return '%ED%A0%80';
	}
}

function deepNesting(depth: number): string {
	return '['.repeat(depth) + ']'.repeat(depth);
}

const WRONG_VALUES: unknown[] = [
	null,
	true,
	0,
	-1,
	1.5,
	'',
	[],
	{},
	['a'],
	{ nested: { deeper: [1, 2, 3] } },
	'x'.repeat(70_000),
	...INJECTIONS
];

const validMention = () => ({
	id: 'm1',
	brand: 'hostile',
	source: 'twitter',
	text: 'hello',
	created_at: '2026-11-20T10:00:00Z'
});
const validReply = () => ({ mention_id: 'm1', brand: 'hostile', responded_at: '2026-11-20T10:00:00Z' });

interface HostileRequest {
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	contentType?: string;
	body?: string | Buffer;
	/** Sent with no key at all. */
	anonymous?: boolean;
	/** A form post from our own pages: sent with the server's Origin, so it reaches the form action. */
	sameOrigin?: boolean;
}

/** The status a form action meant: SvelteKit's JSON answer to an enhanced post is 200 with it inside. */
function formActionStatus(status: number, text: string): number {
	if (status !== 200) return status;
	try {
		const body = JSON.parse(text) as { type?: string; status?: number };
		return body.type === 'failure' && typeof body.status === 'number' ? body.status : status;
	} catch {
		return status;
	}
}

/** Values no form field accepts: not e-mails, roles, scopes, slugs or ids (and never a valid whole form). */
const BAD_FORM_VALUES = [...INJECTIONS, '', ' ', 'x'.repeat(70_000), 'root', 'READ', '%', '\r\n'];

/** Admin form actions, each with the fields it reads; every generated form is invalid in a field it checks. */
const ADMIN_FORMS: [string, string[]][] = [
	['/admin/users?/create', ['email', 'role', 'brands', 'password']],
	['/admin/users?/update', ['id', 'role', 'brands']],
	['/admin/users?/setDisabled', ['id', 'disabled']],
	['/admin/users?/resetPassword', ['id', 'password']],
	['/admin/users?/endSessions', ['id']],
	['/admin/users?/delete', ['id']],
	['/admin/keys?/create', ['name', 'scope', 'brands']],
	['/admin/keys?/revoke', ['id']],
	['/admin/brands?/save', ['brand', 'name', 'colour', 'keywords', 'hours', 'timezone']],
	['/admin/boards?/save', ['id', 'name', 'panels', 'rotate_seconds']],
	['/admin/boards?/delete', ['id']],
	['/admin/boards?/createToken', ['id']],
	['/admin/boards?/revokeToken', ['id', 'token']],
	['/admin/sources?/addFeed', ['url', 'brand', 'source', 'interval_s']],
	['/admin/sources?/pollFeed', ['id']],
	['/admin/sources?/deleteFeed', ['id']],
	['/admin/sources?/saveWebhook', ['name', 'kind', 'brand', 'secret', 'mapping']],
	['/admin/sources?/deleteWebhook', ['name']],
	['/admin/alerts?/createRule', ['brand', 'metric', 'min_severity']],
	['/admin/alerts?/deleteRule', ['id']],
	['/admin/alerts?/createWebhook', ['url', 'kind', 'brands']],
	['/admin/alerts?/deleteWebhook', ['id']],
	['/admin/users?/no-such-action', ['id']]
];

/** Every item in a JSON payload is broken in at least one field, so nothing in it may be stored. */
function generate(count: number): HostileRequest[] {
	const next = random(20261123);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
	const requests: HostileRequest[] = [];
	const kinds = [
		// A mention with one field replaced by a wrong type, an injection string or a huge value.
		() => {
			const mention: Record<string, unknown> = validMention();
			const field = pick([...Object.keys(mention), 'author_followers', 'lang', 'country', 'url']);
			mention[field] = pick(WRONG_VALUES.filter((value) => value !== 'x'));
			if (field === 'text' && typeof mention.text === 'string' && mention.text.length < 20_001)
				mention.text = 'x'.repeat(20_001);
			if (['author', 'in_reply_to'].includes(field)) mention.brand = pick(INJECTIONS);
			// Some hostile strings are fine values for some fields ("constructor" is a valid source name):
			// break the date too, so that every generated item is invalid and none may be stored.
			if (mentionInputSchema.safeParse(mention).success) mention.created_at = pick(INJECTIONS);
			return {
				method: 'POST',
				path: '/api/v1/mentions',
				contentType: 'application/json',
				body: JSON.stringify([mention])
			} as HostileRequest;
		},
		() => {
			const reply: Record<string, unknown> = validReply();
			reply[pick(Object.keys(reply))] = pick(WRONG_VALUES);
			if (responseInputSchema.safeParse(reply).success) reply.responded_at = pick(INJECTIONS);
			return {
				method: 'POST',
				path: '/api/v1/responses',
				contentType: 'application/json',
				body: JSON.stringify([reply])
			} as HostileRequest;
		},
		// Bodies that cannot be read at all.
		() =>
			({
				method: 'POST',
				path: pick(['/api/v1/mentions', '/api/v1/responses']),
				contentType: 'application/json',
				body: deepNesting(Math.floor(next() * 50_000) + 1)
			}) as HostileRequest,
		() =>
			({
				method: 'POST',
				path: '/api/v1/mentions',
				contentType: 'application/json',
				body: Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x5d])
			}) as HostileRequest,
		() =>
			({
				method: 'POST',
				path: '/api/v1/mentions',
				contentType: pick([
					'text/plain',
					'application/xml',
					'multipart/form-data; boundary=x',
					'application/x-www-form-urlencoded',
					''
				]),
				body: JSON.stringify([validMention()])
			}) as HostileRequest,
		() =>
			({
				method: 'POST',
				path: '/api/v1/mentions',
				contentType: 'application/x-ndjson',
				body: `${JSON.stringify(validMention())}\n${pick(['{', '[1,', 'nul', '"\\u12"', '{"id":}'])}`
			}) as HostileRequest,
		() =>
			({
				method: 'POST',
				path: '/api/v1/mentions',
				contentType: 'application/json',
				body: pick(['', 'null', '42', '"text"', '[]', '{"__proto__":{"admin":true}}', '[null]', '[[]]'])
			}) as HostileRequest,
		// Query strings and keys.
		() =>
			({
				method: 'GET',
				path: `/api/v1/metrics?brand=${encode(pick(INJECTIONS))}&window=${encode(pick(['2h', "1h' --", '', '15m&window=1h', '1H']))}`
			}) as HostileRequest,
		() =>
			({
				method: 'GET',
				path: `/api/v1/metrics?${encode(pick(INJECTIONS))}=1&brand=acme`
			}) as HostileRequest,
		() =>
			({
				method: 'POST',
				path: '/api/v1/keys',
				contentType: 'application/json',
				body: JSON.stringify({
					name: pick(WRONG_VALUES),
					scope: pick(['admin', 'root', '', null, 'read ']),
					brands: pick(WRONG_VALUES)
				})
			}) as HostileRequest,
		() => ({ method: 'DELETE', path: `/api/v1/keys/${encode(pick(INJECTIONS))}` }) as HostileRequest,
		// The login form: broken encodings, wrong content types, fields that are missing, huge or hostile.
		() => {
			const body = pick([
				'email=%zz&password=%',
				'email=a%40b.c&password=' + 'x'.repeat(300),
				'email=&password=',
				'email=' + encode(pick(INJECTIONS)) + '&password=' + encode(pick(INJECTIONS)),
				'key=' + 'k'.repeat(600),
				'key=' + encode(pick(INJECTIONS)),
				'next=' + encode('//evil.example/') + '&email=x',
				'\u0000\u0001',
				JSON.stringify({ email: 'a@b.c', password: ['x'] })
			]);
			return {
				method: 'POST',
				path: pick(['/login', '/login?/default', '/login?/no-such-action']),
				contentType: pick([
					'application/x-www-form-urlencoded',
					'multipart/form-data; boundary=broken',
					'multipart/form-data',
					'application/json',
					'text/xml'
				]),
				body,
				anonymous: true,
				sameOrigin: true
			} as HostileRequest;
		},
		// Admin form actions with invalid fields, as the master key (so the action itself has to refuse them).
		() => {
			const [path, fields] = pick(ADMIN_FORMS);
			const form = new URLSearchParams();
			for (const name of fields) form.set(name, String(pick(BAD_FORM_VALUES)));
			if (next() < 0.3) form.append(pick(fields), String(pick(BAD_FORM_VALUES)));
			return {
				method: 'POST',
				path,
				contentType: pick([
					'application/x-www-form-urlencoded',
					'application/x-www-form-urlencoded; charset=utf-8'
				]),
				body: next() < 0.1 ? '%E0%A4%A' + form.toString() : form.toString(),
				sameOrigin: true
			} as HostileRequest;
		},
		// No key, or a forged one.
		() =>
			({
				method: 'POST',
				path: '/api/v1/mentions',
				contentType: 'application/json',
				body: JSON.stringify([validMention()]),
				anonymous: true
			}) as HostileRequest
	];
	for (let index = 0; index < count; index += 1) requests.push(pick(kinds)());
	return requests;
}

test.describe('hostile input', () => {
	// 10,000 requests take ~30 s on an idle 2-core machine; the margin is for a loaded one.
	test.describe.configure({ timeout: 600_000 });

	test('10,000 hostile payloads each get a 4xx with a message, the server stays up, nothing is stored', async ({
		playwright
	}) => {
		const server = new TestServer(await freePort(), {
			BRANDPULSE_RATE_INGEST_PER_KEY: '1000000',
			BRANDPULSE_RATE_INGEST_PER_IP: '1000000',
			// The login form's own checks are what is under test here; the limit has its own test below.
			BRANDPULSE_RATE_LOGIN_PER_MINUTE: '1000000'
		});
		await server.start();
		const api = await playwright.request.newContext({ baseURL: server.url });
		const auth = { authorization: `Bearer ${server.masterKey}` };
		try {
			const requests = generate(10_000);
			const statuses = new Map<number, number>();
			let cursor = 0;
			const worker = async () => {
				while (cursor < requests.length) {
					const index = cursor++;
					const request = requests[index]!;
					// Node's fetch, not Playwright's request context: the latter stalled on some of these bodies.
					const response = await fetch(`${server.url}${request.path}`, {
						method: request.method,
						headers: {
							...(request.anonymous ? {} : auth),
							...(request.sameOrigin ? { origin: server.url } : {}),
							...(request.sameOrigin && index % 2 ? { accept: 'text/html' } : {}),
							...(request.contentType !== undefined ? { 'content-type': request.contentType } : {})
						},
						body:
							typeof request.body === 'string' ? request.body : request.body && new Uint8Array(request.body),
						signal: AbortSignal.timeout(15_000)
					}).catch((error: Error) => {
						throw new Error(
							`payload ${index} got no answer: ${request.method} ${request.path} ${String(request.body).slice(0, 120)}: ${error.message}`
						);
					});
					const text = await response.text();
					// A form action asked for JSON (as use:enhance does) answers 200 with the failure's status inside.
					const status = request.sameOrigin ? formActionStatus(response.status, text) : response.status;
					statuses.set(status, (statuses.get(status) ?? 0) + 1);
					expect(
						status,
						`payload ${index}: ${request.method} ${request.path} ${String(request.body).slice(0, 200)}`
					).toBeGreaterThanOrEqual(400);
					expect(status, `payload ${index}: ${request.method} ${request.path}`).toBeLessThan(500);
					expect(text.length, `payload ${index} has a message`).toBeGreaterThan(0);
					if (index % 500 === 0) expect((await api.get('/healthz')).status()).toBe(200);
				}
			};
			await Promise.all(Array.from({ length: 8 }, worker));
			console.log('statuses:', Object.fromEntries(statuses));

			// Socket events: malformed subscriptions are refused with a message, the socket stays usable.
			const socket = connect(server.url, {
				transports: ['websocket'],
				auth: { token: server.masterKey },
				reconnection: false
			});
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			const next = random(7);
			for (let index = 0; index < 500; index += 1) {
				const payload = [
					null,
					42,
					'view',
					[],
					{ brand: BAD_BRANDS[index % BAD_BRANDS.length], window: '1h' },
					{ brand: 'acme', window: next() > 0.5 ? '2h' : { $gt: '' } },
					{ brand: 'acme', window: '1h', extra: 1 }
				][index % 7];
				const ack = await socket.timeout(5000).emitWithAck('subscribe', payload as never);
				expect(ack, `socket payload ${index}`).toMatchObject({ ok: false, error: expect.any(String) });
				socket.emit('unsubscribe', payload as never);
				socket.emit('no-such-event' as never, payload as never);
			}
			const good = await socket.timeout(5000).emitWithAck('subscribe', { brand: 'acme', window: '1h' });
			expect(good).toMatchObject({ ok: true });
			socket.close();

			expect((await api.get('/healthz')).status()).toBe(200);
			const stored = await (
				await api.get('/api/v1/metrics?brand=hostile&window=30d', { headers: auth })
			).json();
			expect(stored.kpis.mentions + stored.kpis.mentions_prev).toBe(0);
			// Nor did any admin form create anything.
			const users = await (await api.get('/api/v1/users', { headers: auth })).json();
			expect(users.users).toEqual([]);
			expect((await (await api.get('/api/v1/keys', { headers: auth })).json()).keys).toEqual([]);
			expect((await (await api.get('/api/v1/boards', { headers: auth })).json()).boards ?? []).toEqual([]);
		} finally {
			await api.dispose();
			await server.dispose();
		}
	});

	test('login is rate limited per IP with a message', async ({ playwright }) => {
		await withOwnServer(playwright, { BRANDPULSE_RATE_LOGIN_PER_MINUTE: '5' }, async (api, server) => {
			const browserless = await playwright.request.newContext({ baseURL: server.url, maxRedirects: 0 });
			try {
				const statuses: number[] = [];
				for (let index = 0; index < 7; index += 1) {
					const response = await browserless.post('/login', {
						headers: { origin: server.url, accept: 'text/html' },
						form: { email: 'nobody@example.com', password: 'wrong password here' }
					});
					statuses.push(response.status());
				}
				expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
				expect(statuses.slice(5)).toEqual([429, 429]);
				const page = await browserless.post('/login', {
					headers: { origin: server.url, accept: 'text/html' },
					form: { email: 'nobody@example.com', password: 'x' }
				});
				expect(await page.text()).toContain('Too many attempts');
				expect((await api.get('/healthz')).status()).toBe(200);
			} finally {
				await browserless.dispose();
			}
		});
	});

	test('ingest is rate limited per key with 429 and Retry-After', async ({ playwright }) => {
		await withOwnServer(playwright, { BRANDPULSE_RATE_INGEST_PER_KEY: '3' }, async (api) => {
			// Sent together, so all seven fall inside the limiter's one-second window: one after another, each
			// waiting for its commit, they could take longer than that on a slow machine and never be limited.
			const responses = await Promise.all(
				Array.from({ length: 7 }, (_, index) =>
					api.post('/api/v1/mentions', { data: [{ ...validMention(), id: `r${index}` }] })
				)
			);
			const limited = responses.filter((response) => response.status() === 429);
			expect(limited.length).toBeGreaterThanOrEqual(3);
			for (const response of limited) {
				expect(Number(response.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
				expect((await response.json()).error.field).toBe('rate');
			}
		});
	});
});
