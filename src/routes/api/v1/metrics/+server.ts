import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { WINDOWS, type MetricsSnapshot } from '$lib/metrics';
import { canSeeBrand } from '$lib/server/auth/principal';
import { brandSchema } from '$lib/server/ingest/schema';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export type MetricsResponse = MetricsSnapshot;

const querySchema = z.strictObject({ brand: brandSchema, window: z.enum(WINDOWS).default('1h') });

/** The same snapshot the socket sends, for scripts and for clients that cannot hold a socket. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const parsed = querySchema.safeParse(Object.fromEntries(event.url.searchParams));
		if (!parsed.success) {
			const issue = parsed.error.issues[0]!;
			const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
			throw new ApiError(
				400,
				field,
				issue.code === 'unrecognized_keys' ? 'is not a known parameter' : issue.message
			);
		}
		if (!canSeeBrand(principal, parsed.data.brand))
			throw new ApiError(403, 'brand', 'not allowed for this key');
		const snapshot = await event.locals.app.snapshot(parsed.data.brand, parsed.data.window);
		return json(snapshot satisfies MetricsResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
