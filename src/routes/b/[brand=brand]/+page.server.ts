import { error } from '@sveltejs/kit';
import { isMetricsWindow, type MetricsSnapshot, type MetricsWindow } from '$lib/metrics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	const requested = url.searchParams.get('window') ?? '1h';
	if (!isMetricsWindow(requested))
		error(400, { message: `window: "${requested}" is not one of 15m, 1h, 6h, 24h, 7d, 30d` });
	const window: MetricsWindow = requested;
	// The layout checks access first; only then is the brand's snapshot read.
	const { brands } = await parent();
	const snapshot = (await locals.app.snapshot(params.brand, window)) as MetricsSnapshot | null;
	return { brand: params.brand, window, brands, snapshot };
};
