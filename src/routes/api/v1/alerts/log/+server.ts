import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { AlertStore, type AlertLogEntry } from '$lib/server/alerts/store';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { brandSchema } from '$lib/server/ingest/schema';
import { parseOr400 } from '$lib/server/http/validate';
import { timeParam } from '$lib/server/spikes/http';
import type { RequestHandler } from './$types';

export type AlertLogResponse = { entries: AlertLogEntry[] };

const querySchema = z.strictObject({
	brand: brandSchema.optional(),
	from: timeParam.optional(),
	to: timeParam.optional(),
	limit: z.coerce.number().int().min(1).max(1000).default(200)
});

/** Delivery attempts, newest first: one row per attempt outcome (delivered, failed, gave_up, rejected, suppressed). */
export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const query = parseOr400(querySchema, Object.fromEntries(event.url.searchParams), {
			query: true
		});
		const to = query.to ?? Date.now() + 1000;
		const from = query.from ?? to - 7 * 86_400_000;
		if (!(from < to)) throw new ApiError(400, 'from', 'must be before to');
		const entries = await new AlertStore(event.locals.app.client).listLog({ ...query, from, to });
		return json({ entries } satisfies AlertLogResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
