import { json } from '@sveltejs/kit';
import { canSeeBrand } from '$lib/server/auth/principal';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { parseOr400 } from '$lib/server/http/validate';
import { idParam } from '$lib/server/spikes/http';
import { spikeServiceFor } from '$lib/server/spikes/spike-service';
import { SpikeStore } from '$lib/server/spikes/store';
import type { RequestHandler } from './$types';

export type DeleteAnnotationResponse = { deleted: string };

export const DELETE: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'ingest');
		const id = parseOr400(idParam, event.params.id, { prefix: 'id' });
		const client = event.locals.app.client;
		const store = new SpikeStore(client);
		const note = await store.getNote(id);
		if (!note || !canSeeBrand(principal, note.brand)) throw new ApiError(404, 'id', 'no such annotation');
		const service = spikeServiceFor(client);
		await (service ? service.deleteNote(id) : store.deleteNote(id));
		return json({ deleted: id } satisfies DeleteAnnotationResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
