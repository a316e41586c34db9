import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/policy';
import type { LayoutServerLoad } from './$types';

/** The hooks refuse non-admins already; this keeps the pages safe should the policy table ever be wrong. */
export const load: LayoutServerLoad = ({ locals }) => {
	if (!can(locals.principal, 'admin')) error(403, { message: 'only admins may administer Brandpulse' });
	return {};
};
