import type { IngestReport } from '$lib/server/ingest/pipeline';
import { handleIngest } from '$lib/server/http/ingest-endpoint';
import type { RequestHandler } from './$types';

export type IngestResponsesResponse = IngestReport;

/** Records brand replies; only the first reply to a mention counts towards latency. */
export const POST: RequestHandler = (event) =>
	handleIngest(event, (items, brands) => event.locals.app.pipeline.ingestResponses(items, brands));
