import { json } from '@sveltejs/kit';
import type { IngestReport } from '$lib/server/ingest/pipeline';
import { listMentions, mentionsQuerySchema, type MentionsPage } from '$lib/server/drilldown/mentions';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { handleIngest } from '$lib/server/http/ingest-endpoint';
import type { RequestHandler } from './$types';

export type IngestMentionsResponse = IngestReport;

/** Ingests mentions; see handleIngest for the status codes. */
export const POST: RequestHandler = (event) =>
	handleIngest(event, (items, brands) => event.locals.app.pipeline.ingestMentions(items, brands));

export type ListMentionsResponse = MentionsPage;

/**
 * The mentions behind a chart point: filtered, sorted, keyset-paged, with the total the chart shows for
 * the same window. Parameters: see `mentionsQuerySchema`.
 */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseQuery(mentionsQuerySchema, event.url.searchParams);
		requireBrands(principal, [query.brand]);
		const page = await listMentions(event.locals.app.client, query);
		return json(page satisfies ListMentionsResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
