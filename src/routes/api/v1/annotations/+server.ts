import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { canSeeBrand } from '$lib/server/auth/principal';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { brandSchema } from '$lib/server/ingest/schema';
import { parseOr400 } from '$lib/server/http/validate';
import { readJsonBody } from '$lib/server/http/body';
import { timeParam } from '$lib/server/spikes/http';
import { spikeServiceFor } from '$lib/server/spikes/spike-service';
import { SpikeStore, type Note } from '$lib/server/spikes/store';
import type { RequestHandler } from './$types';

export type AnnotationResponse = { annotation: Note };
export type ListAnnotationsResponse = { annotations: Note[] };

const createSchema = z.strictObject({
	brand: brandSchema,
	at: z.union([z.number().int().min(0).max(8_640_000_000_000), z.iso.datetime({ offset: true })]),
	text: z.string().trim().min(1).max(2000)
});
const listSchema = z.strictObject({
	brand: brandSchema,
	from: timeParam.optional(),
	to: timeParam.optional()
});

/** Analyst notes of a brand in [from, to); default the last 30 days. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const query = parseOr400(listSchema, Object.fromEntries(event.url.searchParams), {
			query: true
		});
		if (!canSeeBrand(principal, query.brand)) throw new ApiError(403, 'brand', 'not allowed for this key');
		const to = query.to ?? Date.now() + 86_400_000;
		const from = query.from ?? to - 31 * 86_400_000;
		const annotations = await new SpikeStore(event.locals.app.client).listNotes(query.brand, from, to);
		return json({ annotations } satisfies ListAnnotationsResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Adds an analyst note; watching screens get it at once when the spike service runs on this node. */
export const POST: RequestHandler = async (event) => {
	// Analysts write notes with the ingest scope until roles exist.
	try {
		const principal = requireScope(event, 'ingest');
		const body = parseOr400(createSchema, await readJsonBody(event.request));
		if (!canSeeBrand(principal, body.brand)) throw new ApiError(403, 'brand', 'not allowed for this key');
		const input = {
			brand: body.brand,
			at: typeof body.at === 'number' ? body.at : Date.parse(body.at),
			text: body.text,
			author: principal.id
		};
		const service = spikeServiceFor(event.locals.app.client);
		const annotation = service
			? await service.addNote(input)
			: await new SpikeStore(event.locals.app.client).addNote(input);
		return json({ annotation } satisfies AnnotationResponse, { status: 201 });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
