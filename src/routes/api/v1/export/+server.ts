import { exportQuerySchema, exportResponse, exportStream } from '$lib/server/drilldown/export';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

/** The body is a CSV (header row, RFC 4180) or NDJSON stream of `ExportRecord`s, not JSON. */
export type { ExportRecord as ExportResponseRecord } from '$lib/server/drilldown/export';

/** Every mention under the drill-down filters, newest first, streamed as an attachment. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseQuery(exportQuerySchema, event.url.searchParams);
		requireBrands(principal, [query.brand]);
		return exportResponse(exportStream(event.locals.app.client, query, query.format, query.tz), query);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
