import { json } from '@sveltejs/kit';
import { breakdown, breakdownQuerySchema, type Breakdown } from '$lib/server/drilldown/breakdown';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type BreakdownResponse = Breakdown;

/** Who and what drives a window: top 20 by source, lang, country, author, term or hashtag. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseQuery(breakdownQuerySchema, event.url.searchParams);
		requireBrands(principal, [query.brand]);
		return json((await breakdown(event.locals.app.client, query)) satisfies BreakdownResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
