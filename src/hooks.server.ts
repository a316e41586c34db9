import { json, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { getBrandpulse } from '$lib/server/app';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { actorOf } from '$lib/server/auth/principal';
import { authorize, type Decision } from '$lib/server/auth/policy';
import { audit } from '$lib/server/audit';

/** Starting at init means a bad configuration stops the server before it takes a request. */
export const init: ServerInit = async () => {
	await getBrandpulse();
};

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	// Not no-referrer: under it Chromium sends `Origin: null` on a same-origin form post (the logout button),
	// which the Origin check below must refuse. same-origin still sends nothing to other sites.
	'referrer-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=()',
	'cross-origin-opener-policy': 'same-origin'
};

/** Configuration that only admins change: every change to it, allowed or not, goes to the audit log. */
const ADMIN_PATHS =
	/^\/api\/v1\/(keys|users|boards|alerts|brands|sources\/(feeds|webhooks|generic\/[^/]+\/mapping))(\/|$)/;

const FORM_CONTENT_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain'
]);

/**
 * Form posts (login, logout, future form actions) must come from our own pages. The JSON API is left out:
 * it authenticates with bearer keys, and its session cookie is SameSite, so a foreign page cannot use it.
 */
function isCrossSiteFormPost(request: Request, url: URL): boolean {
	if (request.method === 'GET' || request.method === 'HEAD' || url.pathname.startsWith('/api/')) return false;
	const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	return FORM_CONTENT_TYPES.has(contentType) && request.headers.get('origin') !== url.origin;
}

function loginRedirect(event: RequestEvent): Response {
	const next = encodeURIComponent(event.url.pathname + event.url.search);
	return new Response(null, { status: 303, headers: { location: `/login?next=${next}` } });
}

/** A refusal by the route policy: JSON for the API, the login page or an error page for pages. */
function refusal(
	event: RequestEvent,
	decision: Exclude<Decision, { allow: true }>,
	isApi: boolean
): Response {
	if (isApi) {
		const message =
			decision.status === 401
				? 'missing or invalid: send "Authorization: Bearer <key>" or log in'
				: decision.message;
		return json({ error: { field: 'authorization', message } }, { status: decision.status });
	}
	if (decision.login) return loginRedirect(event);
	const wantsJson =
		event.isDataRequest || (event.request.headers.get('accept') ?? '').includes('application/json');
	if (wantsJson)
		return json({ type: 'error', error: { message: decision.message } }, { status: decision.status });
	const escaped = decision.message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
	return new Response(
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed · Brandpulse</title></head>` +
			`<body style="font-family:system-ui;max-width:40rem;margin:15vh auto;padding:0 1rem">` +
			`<h1>${decision.status} Not allowed</h1><p>${escaped}.</p><p><a href="/">Back to the dashboards</a></p></body></html>`,
		{ status: decision.status, headers: { 'content-type': 'text/html; charset=utf-8' } }
	);
}

export const handle: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (path === '/healthz') return resolve(event);
	if (isCrossSiteFormPost(event.request, event.url)) {
		return new Response('Cross-site form submissions are forbidden', { status: 403 });
	}

	// SvelteKit throws (a 500) on `?/default`, a reserved action name; it is the caller's mistake, so a 400.
	if (event.request.method === 'POST' && event.url.searchParams.has('/default')) {
		return new Response('action: "default" is reserved; post to the page without ?/default', { status: 400 });
	}

	const app = await getBrandpulse();
	event.locals.app = app;
	const bearer = event.request.headers
		.get('authorization')
		?.match(/^Bearer\s+(.+)$/i)?.[1]
		?.trim();
	const session = event.cookies.get(SESSION_COOKIE);
	event.locals.principal = bearer
		? ((await app.keys.authenticate(bearer)) ?? (await app.boards.authenticate(bearer)))
		: session
			? await app.sessions.authenticate(session)
			: null;

	const isApi = path.startsWith('/api/');
	// Every route has a rule in src/lib/server/auth/policy.ts, checked here before the route runs (pages, their
	// form actions and the API alike). Wall screens are `board`: they check their own token and say why not.
	let response: Response;
	if (event.route.id) {
		const decision = authorize(event.locals.principal, event.request.method, event.route.id);
		response = decision.allow ? await resolve(event) : refusal(event, decision, isApi);
	} else if (!isApi && !event.locals.principal) {
		response = loginRedirect(event);
	} else {
		response = await resolve(event);
	}

	if (isApi && event.request.method !== 'GET' && ADMIN_PATHS.test(path)) {
		const status = response.status;
		// Every node drops its cached keys, boards and settings within a poll (ConfigSync).
		if (status < 400) void app.sync.changed('api');
		void audit(app.client, {
			actor: actorOf(event.locals.principal),
			action: `${event.request.method} ${event.route.id ?? path}`,
			target: path,
			ip: event.getClientAddress(),
			outcome: status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : 'failed',
			detail: String(status)
		});
	}
	// Admin form actions record their own changes; refusals never reach them, so they are recorded here.
	if (!isApi && event.request.method === 'POST' && /^\/admin(\/|$)/.test(path) && response.status >= 400) {
		void audit(app.client, {
			actor: actorOf(event.locals.principal),
			action: `POST ${event.route.id ?? path}${event.url.search}`.slice(0, 200),
			target: path,
			ip: event.getClientAddress(),
			outcome: response.status === 401 || response.status === 403 ? 'denied' : 'failed',
			detail: String(response.status)
		});
	}
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	if (isApi) response.headers.set('cache-control', 'no-store');
	return response;
};
