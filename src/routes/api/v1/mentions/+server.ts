import { json } from '@sveltejs/kit';
import type { IngestReport } from '$lib/server/ingest/pipeline';
import { listMentions, mentionsQuerySchema, type MentionsPage } from '$lib/server/drilldown/mentions';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { readItems } from '$lib/server/http/body';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { rateLimiter } from '$lib/server/http/rate-limit';
import type { RequestHandler } from './$types';

export type IngestMentionsResponse = IngestReport;

/**
 * Ingests a JSON array or NDJSON of mentions. Answers 200 once the accepted rows are committed; 422 when
 * every item was refused. A body that cannot be read is refused whole (4xx) and nothing is written.
 */
export const POST: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'ingest');
		const app = event.locals.app;
		await rateLimiter(app.config).ingest(principal.id, event.getClientAddress());
		const items = await readItems(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES);
		const report = await app.pipeline.ingestMentions(items, principal.brands);
		return json(report satisfies IngestMentionsResponse, {
			status: report.accepted + report.duplicates ? 200 : 422
		});
	} catch (error) {
		return apiErrorResponse(error);
	}
};

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
