import { json, type RequestEvent } from '@sveltejs/kit';
import type { IngestReport } from '../ingest/pipeline';
import { readItems } from './body';
import { apiErrorResponse } from './errors';
import { requireScope } from './guard';
import { rateLimiter } from './rate-limit';

/**
 * The shape every ingest endpoint shares: an ingest-scoped, rate-limited caller posts a JSON array or
 * NDJSON; 200 once the accepted rows are committed, 422 when every item was refused. A body that cannot
 * be read is refused whole (4xx) and nothing is written.
 */
export async function handleIngest(
	event: RequestEvent,
	ingest: (items: unknown[], allowedBrands: string[] | null) => Promise<IngestReport>
): Promise<Response> {
	try {
		const principal = requireScope(event, 'ingest');
		const config = event.locals.app.config;
		await rateLimiter(config).ingest(principal.id, event.getClientAddress());
		const items = await readItems(event.request, config.BRANDPULSE_MAX_BODY_BYTES);
		const report = await ingest(items, principal.brands);
		return json(report, { status: report.accepted + report.duplicates ? 200 : 422 });
	} catch (error) {
		return apiErrorResponse(error);
	}
}
