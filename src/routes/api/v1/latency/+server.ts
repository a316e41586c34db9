import { json } from '@sveltejs/kit';
import {
	latencyDistribution,
	latencyQuerySchema,
	type LatencyDistribution
} from '$lib/server/drilldown/latency';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type LatencyResponse = LatencyDistribution;

/** Reply latency histogram and p50/p90 per channel or per local hour, split by business hours. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseQuery(latencyQuerySchema, event.url.searchParams);
		requireBrands(principal, [query.brand]);
		return json((await latencyDistribution(event.locals.app.client, query)) satisfies LatencyResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
