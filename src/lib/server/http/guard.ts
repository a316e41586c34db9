import type { RequestEvent } from '@sveltejs/kit';
import { hasScope, type Principal, type Scope } from '../auth/principal';
import { ApiError } from './errors';

/** The caller, if it holds `scope`; otherwise a 401 (nobody) or 403 (somebody without the scope). */
export function requireScope(event: Pick<RequestEvent, 'locals'>, scope: Scope): Principal {
	const principal = event.locals.principal;
	if (!principal) {
		throw new ApiError(
			401,
			'authorization',
			'missing or invalid: send "Authorization: Bearer <key>" or log in'
		);
	}
	if (!hasScope(principal, scope))
		throw new ApiError(403, 'authorization', `this key lacks the "${scope}" scope`);
	return principal;
}
