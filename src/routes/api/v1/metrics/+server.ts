import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { WINDOWS, type MetricsSnapshot } from '$lib/metrics';
import { canSeeBrand } from '$lib/server/auth/principal';
import { brandSchema } from '$lib/server/ingest/schema';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { parseOr400 } from '$lib/server/http/validate';
import type { RequestHandler } from './$types';

export type MetricsResponse = MetricsSnapshot;

const querySchema = z.strictObject({ brand: brandSchema, window: z.enum(WINDOWS).default('1h') });

/** The same snapshot the socket sends, for scripts and for clients that cannot hold a socket. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseOr400(querySchema, Object.fromEntries(event.url.searchParams), { query: true });
		if (!canSeeBrand(principal, query.brand)) throw new ApiError(403, 'brand', 'not allowed for this key');
		const snapshot = await event.locals.app.snapshot(query.brand, query.window);
		return json(snapshot satisfies MetricsResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
