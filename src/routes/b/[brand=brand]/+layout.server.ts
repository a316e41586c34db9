import { error } from '@sveltejs/kit';
import { isValidTimeZone, TIME_ZONE_COOKIE } from '$lib/charts/time-zone';
import { canSeeBrand } from '$lib/server/auth/principal';
import { listBrands } from '$lib/server/brands';
import type { LayoutServerLoad } from './$types';

/**
 * What every page of a brand shares: the access check, the brand list for the header and share of voice,
 * the brand's profile from the admin pages (display name, colour, competitors), and the reader's time zone (the URL's `tz` wins over the cookie, so a permalink shows what its sender saw).
 */
export const load: LayoutServerLoad = async ({ locals, params, url, cookies }) => {
	const principal = locals.principal!;
	if (!canSeeBrand(principal, params.brand))
		error(403, { message: `brand "${params.brand}" is not allowed for you` });
	const fromUrl = url.searchParams.get('tz');
	const fromCookie = cookies.get(TIME_ZONE_COOKIE) ?? null;
	const tz = [fromUrl, fromCookie].find((zone) => zone !== null && isValidTimeZone(zone)) ?? null;
	const [brands, profile] = await Promise.all([
		listBrands(locals.app.client, principal),
		locals.app.brandProfiles.get(params.brand)
	]);
	return {
		brand: params.brand,
		profile: profile
			? {
					name: profile.name,
					colour: profile.colour,
					// Only the rivals this reader may see: share of voice needs each one's counts.
					competitors: profile.competitors.filter((name) => canSeeBrand(principal, name))
				}
			: null,
		brands: brands.includes(params.brand) ? brands : [...brands, params.brand].sort(),
		tz
	};
};
