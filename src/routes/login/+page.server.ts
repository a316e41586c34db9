import { fail, redirect, type Cookies } from '@sveltejs/kit';
import type { KeyStore } from '$lib/server/auth/keys';
import { audit } from '$lib/server/audit';
import { hasScope } from '$lib/server/auth/principal';
import { SESSION_COOKIE, SESSION_TTL_MS } from '$lib/server/auth/session';
import { RateLimitedError, rateLimiter } from '$lib/server/http/rate-limit';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths, so a crafted link cannot bounce a fresh session to another site. */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Every attempt, good or bad, goes to the audit log with the caller's address. */
async function startSession(
	app: App.Locals['app'],
	cookies: Cookies,
	key: string,
	secure: boolean,
	ip: string
): Promise<boolean> {
	const keys: KeyStore = app.keys;
	const principal = await keys.authenticate(key.trim());
	const allowed = !!principal && hasScope(principal, 'read');
	void audit(app.client, {
		actor: principal?.id ?? 'anonymous',
		action: 'login',
		ip,
		outcome: allowed ? 'ok' : 'denied'
	});
	if (!principal || !allowed) return false;
	cookies.set(SESSION_COOKIE, keys.issueSession(principal, SESSION_TTL_MS), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: SESSION_TTL_MS / 1000
	});
	return true;
}

/** Counts a login attempt against the IP's budget; returns the refusal to show when it is spent. */
async function loginAttempt(config: App.Locals['app']['config'], ip: string): Promise<string | null> {
	try {
		await rateLimiter(config).login(ip);
		return null;
	} catch (error) {
		if (error instanceof RateLimitedError) return `Too many attempts; retry in ${error.retryAfterSeconds} s.`;
		throw error;
	}
}

/** The one-click link printed at start (`/login?key=…`) logs in and drops the key from the address bar. */
export const load: PageServerLoad = async ({ url, cookies, locals, getClientAddress }) => {
	const key = url.searchParams.get('key');
	const next = safeNext(url.searchParams.get('next'));
	if (key) {
		const limited = await loginAttempt(locals.app.config, getClientAddress());
		if (limited) return { next, error: limited };
		if (await startSession(locals.app, cookies, key, url.protocol === 'https:', getClientAddress()))
			redirect(303, next);
		return { next, error: 'That key is not valid (or cannot read dashboards).' };
	}
	return { next, error: null };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url, getClientAddress }) => {
		const form = await request.formData();
		const key = form.get('key');
		const next = safeNext(String(form.get('next') ?? '/'));
		const limited = await loginAttempt(locals.app.config, getClientAddress());
		if (limited) return fail(429, { next, error: limited });
		if (typeof key !== 'string' || !key.trim()) return fail(400, { next, error: 'key: enter an API key' });
		if (!(await startSession(locals.app, cookies, key, url.protocol === 'https:', getClientAddress()))) {
			return fail(401, { next, error: 'key: not valid, revoked, or without read access' });
		}
		redirect(303, next);
	}
};
