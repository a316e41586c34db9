import { fail } from '@sveltejs/kit';
import { adminForm, field, firstIssue, isFailure, listField } from '$lib/server/admin/forms';
import { brandProfileInputSchema } from '$lib/server/admin/brand-profiles';
import { formatBusinessHours, parseBusinessHours } from '$lib/server/admin/hours';
import { listBrands } from '$lib/server/brands';
import { brandSettingsInputSchema, getBrandSettings, putBrandSettings } from '$lib/server/drilldown/settings';
import type { Actions, PageServerLoad } from './$types';

export interface AdminBrandRow {
	brand: string;
	name: string;
	keywords: string[];
	competitors: string[];
	colour: string;
	configured: boolean;
	timezone: string;
	hours: string;
}

const DEFAULT_COLOURS = ['#79b0ff', '#2fbf9f', '#e5b454', '#c39bf0', '#f07178', '#7f8b99'];

/** Brands with data or a profile, each with its profile and desk settings (defaults until saved). */
export const load: PageServerLoad = async ({ locals }) => {
	const app = locals.app;
	const [withData, profiles] = await Promise.all([
		listBrands(app.client, locals.principal!),
		app.brandProfiles.list()
	]);
	const names = [...new Set([...withData, ...profiles.map((profile) => profile.brand)])].sort();
	const rows: AdminBrandRow[] = await Promise.all(
		names.map(async (brand, index) => {
			const profile = profiles.find((candidate) => candidate.brand === brand);
			const settings = await getBrandSettings(app.client, brand);
			return {
				brand,
				name: profile?.name ?? brand,
				keywords: profile?.keywords ?? [],
				competitors: profile?.competitors ?? [],
				colour: profile?.colour ?? DEFAULT_COLOURS[index % DEFAULT_COLOURS.length]!,
				configured: !!profile,
				timezone: settings.timezone,
				hours: formatBusinessHours(settings.business_hours)
			};
		})
	);
	return { brands: rows };
};

export const actions: Actions = {
	/** Saves a brand's profile and desk settings together; a new slug adds the brand. */
	save: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const brand = field(form, 'brand');
		const profile = brandProfileInputSchema.safeParse({
			brand,
			name: field(form, 'name') || brand,
			keywords: listField(form, 'keywords'),
			competitors: listField(form, 'competitors'),
			colour: field(form, 'colour')
		});
		if (!profile.success) return fail(400, { action: 'save', brand, error: firstIssue(profile.error) });
		const hours = parseBusinessHours(field(form, 'hours'));
		if (!hours.ok) return fail(400, { action: 'save', brand, error: `hours: ${hours.error}` });
		const settings = brandSettingsInputSchema.safeParse({
			timezone: field(form, 'timezone') || 'UTC',
			business_hours: hours.hours
		});
		if (!settings.success) return fail(400, { action: 'save', brand, error: firstIssue(settings.error) });
		await app.brandProfiles.put(profile.data);
		await putBrandSettings(app.client, brand, settings.data);
		record({
			action: 'admin.brand.save',
			target: `brand:${brand}`,
			outcome: 'ok',
			detail: `name "${profile.data.name}"; ${profile.data.keywords.length} keywords; competitors ${profile.data.competitors.join(',') || 'none'}; ${settings.data.timezone}`
		});
		return { action: 'save', brand, message: `Saved ${brand}.` };
	}
};
