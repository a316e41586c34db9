import {
	loadJson,
	type BrandSettingsResponse,
	type LatencyResponse,
	type QueueResponse
} from '$lib/client/api';
import type { PageLoad } from './$types';

/** The latency charts look back a week: enough replies per channel and hour to be worth comparing. */
const LATENCY_DAYS = 7;
const QUEUE_PAGE = 100;

export const load: PageLoad = async ({ fetch, params, depends }) => {
	// "Refresh" re-runs only this load.
	depends('brandpulse:desk');
	const brand = encodeURIComponent(params.brand);
	// Whole minutes, so a refresh within the same minute reads the same window.
	const to = Math.ceil(Date.now() / 60_000) * 60_000;
	const from = to - LATENCY_DAYS * 86_400_000;
	const range = `brand=${brand}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
	const [queue, byChannel, byHour, settings] = await Promise.all([
		loadJson<QueueResponse>(fetch, `/api/v1/queue?brand=${brand}&limit=${QUEUE_PAGE}`),
		loadJson<LatencyResponse>(fetch, `/api/v1/latency?${range}&by=channel`),
		loadJson<LatencyResponse>(fetch, `/api/v1/latency?${range}&by=hour`),
		loadJson<BrandSettingsResponse>(fetch, `/api/v1/brands/${brand}/settings`)
	]);
	return { queue, byChannel, byHour, settings, latencyDays: LATENCY_DAYS, receivedAt: Date.now() };
};
