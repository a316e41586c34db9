import type { Cookies } from '@sveltejs/kit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Brandpulse } from '../app';
import { audit } from '../audit';
import { actorOf, hasScope } from './principal';
import { SESSION_COOKIE, SESSION_TTL_MS, type SessionSubject } from './session';

export type LoginResult =
	{ ok: true } | { ok: false; status: 400 | 401 | 429; field: string; message: string };

interface LoginContext {
	app: Pick<Brandpulse, 'client' | 'keys' | 'users' | 'sessions'>;
	cookies: Cookies;
	ip: string;
	userAgent: string;
	secure: boolean;
}

/**
 * Failed password attempts per account, on top of the per-IP login limit: guessing one account's password
 * from many addresses stops after 10 misses in 15 minutes (the owner waits too, which is the trade-off).
 */
const accountFailures = new RateLimiterMemory({ keyPrefix: 'login-account', points: 10, duration: 15 * 60 });

/** httpOnly (script never sees it), SameSite=Lax (no cross-site POST carries it), Secure over https. */
export function setSessionCookie(cookies: Cookies, value: string, secure: boolean): void {
	cookies.set(SESSION_COOKIE, value, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: SESSION_TTL_MS / 1000
	});
}

async function startSession(context: LoginContext, subject: SessionSubject): Promise<void> {
	const { cookie } = await context.app.sessions.create(subject, {
		ip: context.ip,
		userAgent: context.userAgent
	});
	setSessionCookie(context.cookies, cookie, context.secure);
}

/** E-mail and password; every attempt, good or bad, goes to the audit log. */
export async function passwordLogin(
	context: LoginContext,
	email: string,
	password: string
): Promise<LoginResult> {
	const account = email.trim().toLowerCase();
	const blocked = await accountFailures.get(account);
	if (blocked && blocked.remainingPoints <= 0) {
		void audit(context.app.client, {
			actor: `user:${account}`,
			action: 'login',
			ip: context.ip,
			outcome: 'denied',
			detail: 'account locked for too many failures'
		});
		const seconds = Math.max(1, Math.ceil(blocked.msBeforeNext / 1000));
		return {
			ok: false,
			status: 429,
			field: 'password',
			message: `too many failed attempts; retry in ${seconds} s`
		};
	}
	const user = await context.app.users.verifyLogin(account, password);
	if (!user) {
		await accountFailures.consume(account).catch((rejection: unknown) => {
			if (!(rejection instanceof RateLimiterRes)) throw rejection;
		});
		void audit(context.app.client, {
			actor: `user:${account}`.slice(0, 300),
			action: 'login',
			ip: context.ip,
			outcome: 'denied',
			detail: 'wrong e-mail or password, or account disabled'
		});
		return { ok: false, status: 401, field: 'password', message: 'wrong e-mail or password' };
	}
	await accountFailures.delete(account);
	await startSession(context, { kind: 'user', id: user.id });
	void audit(context.app.client, {
		actor: `user:${user.email}`,
		action: 'login',
		ip: context.ip,
		outcome: 'ok',
		detail: `role ${user.role}`
	});
	return { ok: true };
}

/** The master key or an API key with read access (automation, the one-click link printed at start). */
export async function keyLogin(context: LoginContext, key: string): Promise<LoginResult> {
	const principal = await context.app.keys.authenticate(key.trim());
	const allowed = !!principal && hasScope(principal, 'read');
	void audit(context.app.client, {
		actor: actorOf(principal),
		action: 'login',
		ip: context.ip,
		outcome: allowed ? 'ok' : 'denied',
		detail: 'with a key'
	});
	if (!principal || !allowed) {
		return { ok: false, status: 401, field: 'key', message: 'not valid, revoked, or without read access' };
	}
	await startSession(
		context,
		principal.kind === 'master' ? { kind: 'master' } : { kind: 'key', id: principal.id }
	);
	return { ok: true };
}
