import { json } from '@sveltejs/kit';
import type { IngestReport } from '$lib/server/ingest/pipeline';
import { readItems } from '$lib/server/http/body';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
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
		const items = await readItems(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES);
		const report = await app.pipeline.ingestMentions(items, principal.brands);
		return json(report satisfies IngestMentionsResponse, { status: report.accepted + report.duplicates ? 200 : 422 });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
