import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { readAudit, type AuditRow } from '$lib/server/audit';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
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
		const parsed = querySchema.safeParse(Object.fromEntries(event.url.searchParams));
		if (!parsed.success) {
			const issue = parsed.error.issues[0]!;
			const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
			throw new ApiError(
				400,
				field,
				issue.code === 'unrecognized_keys' ? 'is not a known parameter' : issue.message
			);
		}
		const to = parsed.data.to ? new Date(parsed.data.to) : new Date();
		const from = parsed.data.from ? new Date(parsed.data.from) : new Date(to.getTime() - 30 * 86_400_000);
		const entries = await readAudit(event.locals.app.client, { from, to, limit: parsed.data.limit });
		return json({ entries } satisfies AuditResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
