import type { Handle, ServerInit } from '@sveltejs/kit';
import { getBrandpulse } from '$lib/server/app';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { audit } from '$lib/server/audit';

/** Starting at init means a bad configuration stops the server before it takes a request. */
export const init: ServerInit = async () => {
	await getBrandpulse();
};

const PUBLIC_PATHS = new Set(['/healthz', '/login']);

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'no-referrer',
	'permissions-policy': 'camera=(), microphone=(), geolocation=()',
	'cross-origin-opener-policy': 'same-origin'
};

/** Configuration that only admins change: every change to it, allowed or not, goes to the audit log. */
const ADMIN_PATHS =
	/^\/api\/v1\/(keys|boards|alerts|brands|sources\/(feeds|webhooks|generic\/[^/]+\/mapping))(\/|$)/;

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

export const handle: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (path === '/healthz') return resolve(event);
	if (isCrossSiteFormPost(event.request, event.url)) {
		return new Response('Cross-site form submissions are forbidden', { status: 403 });
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
			? await app.keys.verifySession(session)
			: null;

	const isApi = path.startsWith('/api/');
	// Wall screens check their own board token and say so when it is revoked, rather than show a login form.
	const isWall = path.startsWith('/wall/');
	if (!isApi && !isWall && !PUBLIC_PATHS.has(path) && !event.locals.principal) {
		const next = encodeURIComponent(path + event.url.search);
		return new Response(null, { status: 303, headers: { location: `/login?next=${next}` } });
	}

	const response = await resolve(event);
	if (isApi && event.request.method !== 'GET' && ADMIN_PATHS.test(path)) {
		const status = response.status;
		void audit(app.client, {
			actor: event.locals.principal?.id ?? 'anonymous',
			action: `${event.request.method} ${event.route.id ?? path}`,
			target: path,
			ip: event.getClientAddress(),
			outcome: status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : 'failed',
			detail: String(status)
		});
	}
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	if (isApi) response.headers.set('cache-control', 'no-store');
	return response;
};
