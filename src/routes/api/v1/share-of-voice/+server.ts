import { json } from '@sveltejs/kit';
import { shareOfVoice, shareOfVoiceQuerySchema, type ShareOfVoice } from '$lib/server/drilldown/breakdown';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type ShareOfVoiceResponse = ShareOfVoice;

/** Mentions per step for several brands, from the rollups; every brand must be visible to the caller. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseQuery(shareOfVoiceQuerySchema, event.url.searchParams);
		requireBrands(principal, query.brands, 'brands');
		return json((await shareOfVoice(event.locals.app.client, query)) satisfies ShareOfVoiceResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
