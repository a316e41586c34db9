import { json } from '@sveltejs/kit';
import { AlertStore, createRuleSchema, type AlertRule } from '$lib/server/alerts/store';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { parseOr400 } from '$lib/server/http/validate';
import { readJsonBody } from '$lib/server/http/body';
import type { RequestHandler } from './$types';

export type ListAlertRulesResponse = { rules: AlertRule[] };
export type CreateAlertRuleResponse = { rule: AlertRule };

export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const rules = await new AlertStore(event.locals.app.client).listRules();
		return json({ rules } satisfies ListAlertRulesResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** `{ brand, metric: volume|negative_share|avg_sentiment|any, min_severity = 4 (sigmas), cooldown_s = 3600 }` */
export const POST: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const input = parseOr400(createRuleSchema, await readJsonBody(event.request));
		const rule = await new AlertStore(event.locals.app.client).createRule(input);
		return json({ rule } satisfies CreateAlertRuleResponse, { status: 201 });
	} catch (error) {
		return apiErrorResponse(error);
	}
};
