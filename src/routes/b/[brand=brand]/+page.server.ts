import { error } from '@sveltejs/kit';
import { isMetricsWindow, type MetricsSnapshot, type MetricsWindow } from '$lib/metrics';
import { canSeeBrand } from '$lib/server/auth/principal';
import { listBrands } from '$lib/server/brands';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const principal = locals.principal!;
	if (!canSeeBrand(principal, params.brand)) error(403, { message: `brand "${params.brand}" is not allowed for you` });
	const requested = url.searchParams.get('window') ?? '1h';
	if (!isMetricsWindow(requested)) error(400, { message: `window: "${requested}" is not one of 15m, 1h, 6h, 24h, 7d, 30d` });
	const window: MetricsWindow = requested;
	const [brands, snapshot] = await Promise.all([
		listBrands(locals.app.client, principal),
		locals.app.snapshot(params.brand, window) as Promise<MetricsSnapshot | null>
	]);
	return { brand: params.brand, window, brands: brands.includes(params.brand) ? brands : [...brands, params.brand].sort(), snapshot };
};
