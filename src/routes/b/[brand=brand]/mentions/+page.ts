import { redirect } from '@sveltejs/kit';
import {
	loadJson,
	type BreakdownResponse,
	type ListMentionsResponse,
	type ShareOfVoiceResponse
} from '$lib/client/api';
import {
	BREAKDOWNS,
	drilldownHref,
	filterParams,
	mentionsApiUrl,
	PAGE_SIZE,
	parseDrilldown,
	shareOfVoiceStep,
	type BreakdownDimension
} from '$lib/client/drilldown';
import type { PageLoad } from './$types';

/** The share-of-voice endpoint takes at most this many brands. */
const MAX_SOV_BRANDS = 20;

/**
 * Universal, so a filter change fetches the API straight from the browser (one hop, no server round-trip
 * through `__data.json`); on the server the same fetches carry the session cookie.
 */
export const load: PageLoad = async ({ fetch, url, params, parent }) => {
	// Without bounds the view would depend on when it is opened; pin them so the URL is a permalink.
	if (!url.searchParams.get('from') || !url.searchParams.get('to')) {
		const view = parseDrilldown(url.searchParams, Date.now());
		redirect(307, drilldownHref(params.brand, view, url.searchParams.get('tz')));
	}
	const view = parseDrilldown(url.searchParams, Date.now());
	const { brands, profile } = await parent();
	const brand = params.brand;

	const filters = filterParams(view);
	filters.set('brand', brand);
	const breakdownUrl = (by: BreakdownDimension) => `/api/v1/breakdown?${filters}&by=${by}`;

	// Against the competitors set on the admin page; without any, against every brand the reader sees.
	const rivals = profile?.competitors.length ? profile.competitors : brands;
	const sovBrands = [brand, ...rivals.filter((name) => name !== brand)].slice(0, MAX_SOV_BRANDS);
	const sovStep = shareOfVoiceStep(view.from, view.to);
	const sovParams = new URLSearchParams({
		brands: sovBrands.join(','),
		from: new Date(view.from).toISOString(),
		to: new Date(view.to).toISOString(),
		step: sovStep.step
	});

	const [list, shareOfVoice, ...breakdowns] = await Promise.all([
		loadJson<ListMentionsResponse>(fetch, mentionsApiUrl(brand, view, { limit: PAGE_SIZE })),
		loadJson<ShareOfVoiceResponse>(fetch, `/api/v1/share-of-voice?${sovParams}`),
		...BREAKDOWNS.map((by) => loadJson<BreakdownResponse>(fetch, breakdownUrl(by)))
	]);

	return {
		view,
		list,
		shareOfVoice,
		/** The chart's own count for the range (unfiltered rollups), to set beside the list's total. */
		chartCount: { value: shareOfVoice.totals[brand] ?? 0, exact: sovStep.exact },
		breakdowns: Object.fromEntries(BREAKDOWNS.map((by, index) => [by, breakdowns[index]!])) as Record<
			BreakdownDimension,
			BreakdownResponse
		>
	};
};
