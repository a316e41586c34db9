import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { SpikeInfo } from '$lib/metrics';
import { canSeeBrand } from '$lib/server/auth/principal';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { brandSchema } from '$lib/server/ingest/schema';
import { parseOr400 } from '$lib/server/http/validate';
import { timeParam } from '$lib/server/spikes/http';
import { SpikeStore } from '$lib/server/spikes/store';
import type { RequestHandler } from './$types';

export type ListSpikesResponse = { brand: string; from: number; to: number; spikes: SpikeInfo[] };

const MAX_RANGE_MS = 92 * 86_400_000;
const querySchema = z.strictObject({
	brand: brandSchema,
	from: timeParam.optional(),
	to: timeParam.optional()
});

/** Spikes of a brand that overlap [from, to); default the last 24 hours. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseOr400(querySchema, Object.fromEntries(event.url.searchParams), {
			query: true
		});
		if (!canSeeBrand(principal, query.brand)) throw new ApiError(403, 'brand', 'not allowed for this key');
		const to = query.to ?? Date.now();
		const from = query.from ?? to - 86_400_000;
		if (!(from < to)) throw new ApiError(400, 'from', 'must be before to');
		if (to - from > MAX_RANGE_MS) throw new ApiError(400, 'from', 'the range is limited to 92 days');
		const spikes = await new SpikeStore(event.locals.app.client).listSpikes(query.brand, from, to);
		return json({ brand: query.brand, from, to, spikes } satisfies ListSpikesResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
