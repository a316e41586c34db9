import { json } from '@sveltejs/kit';
import { answerBodySchema, answerMention, mentionIdSchema } from '$lib/server/drilldown/queue';
import { requireBrands } from '$lib/server/drilldown/params';
import { readItems } from '$lib/server/http/body';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { assertIngestCapacity } from '$lib/server/http/ingest-endpoint';
import { parseOr400 } from '$lib/server/http/validate';
import { requireScope } from '$lib/server/http/guard';
import type { IngestReport } from '$lib/server/ingest/pipeline';
import type { RequestHandler } from './$types';

export type AnswerMentionResponse = IngestReport;

/** Marks a mention answered now (body `{ brand, channel?, agent? }`); answers with the pipeline's report. */
export const POST: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'ingest');
		assertIngestCapacity(event.locals.app);
		const id = mentionIdSchema.safeParse(event.params.id);
		if (!id.success) throw new ApiError(400, 'id', 'must be 1 to 256 characters');
		const items = await readItems(event.request, 16_384);
		if (items.length !== 1) throw new ApiError(400, 'body', 'must be one JSON object');
		const body = parseOr400(answerBodySchema, items[0]);
		requireBrands(principal, [body.brand]);
		const report = await answerMention(event.locals.app.pipeline, id.data, body, principal.brands);
		return json(report satisfies AnswerMentionResponse, {
			status: report.accepted + report.duplicates ? 200 : 422
		});
	} catch (error) {
		return apiErrorResponse(error);
	}
};
