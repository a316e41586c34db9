import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/auth/principal';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { audit } from '$lib/server/audit';
import type { RequestHandler } from './$types';

/** Ends the session server-side (every node stops accepting it within a poll), then drops the cookie. */
export const POST: RequestHandler = async ({ cookies, locals, getClientAddress }) => {
	const principal = locals.principal;
	if (principal?.sessionId) {
		await locals.app.sessions.revoke(principal.sessionId);
		void audit(locals.app.client, {
			actor: actorOf(principal),
			action: 'logout',
			ip: getClientAddress(),
			outcome: 'ok'
		});
	}
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/login');
};
