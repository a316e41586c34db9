import { json } from '@sveltejs/kit';
import {
	brandSettingsInputSchema,
	getBrandSettings,
	putBrandSettings,
	type BrandSettings
} from '$lib/server/drilldown/settings';
import { parseQuery, requireBrands } from '$lib/server/drilldown/params';
import { parseOr400 } from '$lib/server/http/validate';
import { readItems } from '$lib/server/http/body';
import { ApiError, apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { z } from 'zod';
import type { RequestHandler } from './$types';

export type BrandSettingsResponse = BrandSettings;

const noParams = z.strictObject({});

/** The brand's desk timezone and business hours (defaults until an admin sets them). */
export const GET: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'read');
		parseQuery(noParams, event.url.searchParams);
		requireBrands(principal, [event.params.brand]);
		return json(
			(await getBrandSettings(event.locals.app.client, event.params.brand)) satisfies BrandSettingsResponse
		);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** Replaces the settings whole: body `{ timezone, business_hours: [{ weekday, open_minute, close_minute }] }`. */
export const PUT: RequestHandler = async (event) => {
	try {
		const principal = requireScope(event, 'admin');
		requireBrands(principal, [event.params.brand]);
		const items = await readItems(event.request, 16_384);
		if (items.length !== 1) throw new ApiError(400, 'body', 'must be one JSON object');
		const input = parseOr400(brandSettingsInputSchema, items[0]);
		const saved = await putBrandSettings(event.locals.app.client, event.params.brand, input);
		return json(saved satisfies BrandSettingsResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
