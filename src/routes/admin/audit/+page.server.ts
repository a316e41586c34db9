import { readAudit } from '$lib/server/audit';
import type { PageServerLoad } from './$types';

/** The last week's admin actions and logins, newest first. */
export const load: PageServerLoad = async ({ locals }) => {
	const to = new Date(Date.now() + 60_000);
	const from = new Date(to.getTime() - 7 * 86_400_000);
	return { rows: await readAudit(locals.app.client, { from, to, limit: 500 }) };
};
