import { json } from '@sveltejs/kit';
import { AlertStore } from '$lib/server/alerts/store';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { parseOr400 } from '$lib/server/http/validate';
import { idParam } from '$lib/server/spikes/http';
import type { RequestHandler } from './$types';

export type DeleteAlertRuleResponse = { deleted: string };

export const DELETE: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const id = parseOr400(idParam, event.params.id, { prefix: 'id' });
		if (!(await new AlertStore(event.locals.app.client).deleteRule(id)))
			throw new ApiError(404, 'id', 'no such rule');
		return json({ deleted: id } satisfies DeleteAlertRuleResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
