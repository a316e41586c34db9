import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { readAudit, type AuditRow } from '$lib/server/audit';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { parseOr400 } from '$lib/server/http/validate';
import type { RequestHandler } from './$types';

export type AuditResponse = { entries: AuditRow[] };

const querySchema = z.strictObject({
	from: z.iso.datetime({ offset: true }).optional(),
	to: z.iso.datetime({ offset: true }).optional(),
	limit: z.coerce.number().int().min(1).max(1000).default(200)
});

/** The audit trail of admin actions and logins, newest first (default: the last 30 days). */
export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const query = parseOr400(querySchema, Object.fromEntries(event.url.searchParams), { query: true });
		const to = query.to ? new Date(query.to) : new Date();
		const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
		const entries = await readAudit(event.locals.app.client, { from, to, limit: query.limit });
		return json({ entries } satisfies AuditResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
