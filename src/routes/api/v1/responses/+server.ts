import { json } from '@sveltejs/kit';
import type { IngestReport } from '$lib/server/ingest/pipeline';
import { readItems } from '$lib/server/http/body';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { rateLimiter } from '$lib/server/http/rate-limit';
import type { RequestHandler } from './$types';

export type IngestResponsesResponse = IngestReport;

/** Records brand replies; only the first reply to a mention counts towards latency. */
export const POST: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'ingest');
		const app = event.locals.app;
		await rateLimiter(app.config).ingest(principal.id, event.getClientAddress());
		const items = await readItems(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES);
		const report = await app.pipeline.ingestResponses(items, principal.brands);
		return json(report satisfies IngestResponsesResponse, {
			status: report.accepted + report.duplicates ? 200 : 422
		});
	} catch (error) {
		return apiErrorResponse(error);
	}
};
