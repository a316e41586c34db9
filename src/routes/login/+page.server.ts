import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { keyLogin, passwordLogin } from '$lib/server/auth/login';
import { RateLimitedError, rateLimiter } from '$lib/server/http/rate-limit';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths, so a crafted link cannot bounce a fresh session to another site. */
function safeNext(next: unknown): string {
	return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
		? next
		: '/';
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

function contextOf(event: RequestEvent) {
	return {
		app: event.locals.app,
		cookies: event.cookies,
		ip: event.getClientAddress(),
		userAgent: event.request.headers.get('user-agent') ?? '',
		secure: event.url.protocol === 'https:'
	};
}

/** A form body that is not a form (wrong type, broken encoding) is a 400 with a message, not a 500. */
async function readForm(request: Request): Promise<FormData | null> {
	try {
		return await request.formData();
	} catch {
		return null;
	}
}

const text = (form: FormData, name: string): string | null => {
	const value = form.get(name);
	return typeof value === 'string' ? value : null;
};

/** The one-click link printed at start (`/login?key=…`) logs in and drops the key from the address bar. */
export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const key = url.searchParams.get('key');
	const next = safeNext(url.searchParams.get('next'));
	if (key) {
		const limited = await loginAttempt(locals.app.config, event.getClientAddress());
		if (limited) return { next, error: limited, loggedInAs: null };
		if ((await keyLogin(contextOf(event), key)).ok) redirect(303, next);
		return { next, error: 'That key is not valid (or cannot read dashboards).', loggedInAs: null };
	}
	const principal = locals.principal;
	return { next, error: null, loggedInAs: principal ? (principal.email ?? principal.id) : null };
};

/**
 * One form: e-mail and password for people, or a key for automation and the bootstrap admin. A key, when
 * given, wins: it is what the one-click link and scripts use.
 */
export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		if (!form) {
			return fail(400, {
				next: '/',
				email: '',
				error: 'body: send the login form (urlencoded or multipart)'
			});
		}
		const next = safeNext(text(form, 'next'));
		const email = text(form, 'email')?.trim().slice(0, 320) ?? '';
		const limited = await loginAttempt(event.locals.app.config, event.getClientAddress());
		if (limited) return fail(429, { next, email, error: limited });
		const key = text(form, 'key')?.trim() ?? '';
		const password = text(form, 'password') ?? '';
		if (key) {
			if (key.length > 512) return fail(400, { next, email, error: 'key: at most 512 characters' });
			const result = await keyLogin(contextOf(event), key);
			if (!result.ok)
				return fail(result.status, { next, email, error: `${result.field}: ${result.message}` });
			redirect(303, next);
		}
		if (!email) return fail(400, { next, email, error: 'email: enter your e-mail address (or an API key)' });
		if (!password) return fail(400, { next, email, error: 'password: enter your password' });
		if (password.length > 256) return fail(400, { next, email, error: 'password: at most 256 characters' });
		const result = await passwordLogin(contextOf(event), email, password);
		if (!result.ok) return fail(result.status, { next, email, error: `${result.field}: ${result.message}` });
		redirect(303, next);
	}
};
