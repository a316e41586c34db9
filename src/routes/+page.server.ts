import { redirect } from '@sveltejs/kit';
import { listBrands } from '$lib/server/brands';
import type { PageServerLoad } from './$types';

/** The landing page is the first brand's dashboard; with no data yet it explains how to send some. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const brands = await listBrands(locals.app.client, locals.principal!);
	if (brands.length) redirect(307, `/b/${brands[0]}${url.search}`);
	return { brands };
};
