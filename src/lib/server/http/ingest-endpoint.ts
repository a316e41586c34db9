import { json, type RequestEvent } from '@sveltejs/kit';
import type { Brandpulse } from '../app';
import type { IngestReport } from '../ingest/pipeline';
import { readItems } from './body';
import { apiErrorResponse, RetryLaterError } from './errors';
import { requireScope } from './guard';
import { rateLimiter } from './rate-limit';

/**
 * The writers hold rows until they are stored, and every caller waits for its commit; but many callers
 * at once (many keys, each within its rate limit) could still grow that buffer without bound while the
 * store falls behind. Past the limit new work is refused with 503 and Retry-After, before its body is
 * read, validated or scored; what is buffered is still stored and answered.
 */
export class IngestBusyError extends RetryLaterError {
	constructor(buffered: number, limit: number) {
		const retryAfterSeconds = 1;
		super(
			503,
			'ingest',
			`the server holds ${buffered} rows not yet stored (limit ${limit}); retry in ${retryAfterSeconds} s`,
			retryAfterSeconds
		);
	}
}

/** False while the writers hold BRANDPULSE_MAX_BUFFERED_ROWS rows or more. */
export function hasIngestCapacity(app: Pick<Brandpulse, 'pipeline' | 'config'>): boolean {
	return app.pipeline.bufferedRows < app.config.BRANDPULSE_MAX_BUFFERED_ROWS;
}

/** Throws IngestBusyError while the writers hold BRANDPULSE_MAX_BUFFERED_ROWS rows or more. */
export function assertIngestCapacity(app: Pick<Brandpulse, 'pipeline' | 'config'>): void {
	if (!hasIngestCapacity(app))
		throw new IngestBusyError(app.pipeline.bufferedRows, app.config.BRANDPULSE_MAX_BUFFERED_ROWS);
}

/**
 * The shape every ingest endpoint shares: an ingest-scoped, rate-limited caller posts a JSON array or
 * NDJSON; 200 once the accepted rows are committed, 422 when every item was refused, 503 while the
 * writers are full (IngestBusyError). A body that cannot be read is refused whole (4xx) and nothing is
 * written.
 */
export async function handleIngest(
	event: RequestEvent,
	ingest: (items: unknown[], allowedBrands: string[] | null) => Promise<IngestReport>
): Promise<Response> {
	try {
		const principal = requireScope(event, 'ingest');
		const config = event.locals.app.config;
		await rateLimiter(config).ingest(principal.id, event.getClientAddress());
		assertIngestCapacity(event.locals.app);
		const items = await readItems(event.request, config.BRANDPULSE_MAX_BODY_BYTES);
		const report = await ingest(items, principal.brands);
		return json(report, { status: report.accepted + report.duplicates ? 200 : 422 });
	} catch (error) {
		return apiErrorResponse(error);
	}
}
