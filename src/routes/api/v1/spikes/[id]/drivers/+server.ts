import { json } from '@sveltejs/kit';
import type { SpikeInfo } from '$lib/metrics';
import { canSeeBrand } from '$lib/server/auth/principal';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import type { SpikeDrivers } from '$lib/server/spikes/drivers';
import { parseOr400 } from '$lib/server/http/validate';
import { idParam } from '$lib/server/spikes/http';
import { spikeDrivers } from '$lib/server/spikes/spike-service';
import type { RequestHandler } from './$types';

export type SpikeDriversResponse = { spike: SpikeInfo; drivers: SpikeDrivers };

/** Why the spike happened; computed on demand, cached on the spike once it has resolved. */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		const id = parseOr400(idParam, event.params.id, { prefix: 'id' });
		const found = await spikeDrivers(event.locals.app.client, id);
		// A spike of a brand the key cannot see is answered as missing, so ids do not leak which brands spiked.
		if (!found || !canSeeBrand(principal, found.spike.brand)) throw new ApiError(404, 'id', 'no such spike');
		return json(found satisfies SpikeDriversResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
