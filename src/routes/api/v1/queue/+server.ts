import { json } from '@sveltejs/kit';
import { queueQuerySchema, responseQueue, type Queue } from '$lib/server/drilldown/queue';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type QueueResponse = Queue;

/** Unanswered mentions of the last 7 days, most urgent first. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseQuery(queueQuerySchema, event.url.searchParams);
		requireBrands(principal, [query.brand]);
		return json((await responseQueue(event.locals.app.client, query)) satisfies QueueResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
