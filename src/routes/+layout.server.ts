import { can } from '$lib/server/auth/policy';
import type { LayoutServerLoad } from './$types';

/** Who is logged in, for the header: their name, and which links to offer (the server checks again). */
export const load: LayoutServerLoad = ({ locals }) => {
	const principal = locals.principal;
	if (!principal || principal.kind === 'board') return { account: null };
	return {
		account: {
			label: principal.email ?? (principal.kind === 'master' ? 'master key' : `key ${principal.id}`),
			role: principal.role ?? (principal.kind === 'master' ? 'admin' : principal.scopes.join(', ')),
			admin: can(principal, 'admin'),
			drilldown: can(principal, 'drilldown'),
			respond: can(principal, 'respond')
		}
	};
};
