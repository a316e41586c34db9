import { fail } from '@sveltejs/kit';
import { adminForm, field, firstIssue, isFailure, listField } from '$lib/server/admin/forms';
import { createKeySchema } from '$lib/server/auth/keys';
import { listBrands } from '$lib/server/brands';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const [keys, brands] = await Promise.all([
		locals.app.keys.list(),
		listBrands(locals.app.client, locals.principal!)
	]);
	return { keys: keys.reverse(), brands };
};

export const actions: Actions = {
	/** The secret is in this answer only; the store keeps its SHA-256. */
	create: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const brands = listField(form, 'brands');
		const parsed = createKeySchema.safeParse({
			name: field(form, 'name'),
			scope: field(form, 'scope'),
			...(brands.length ? { brands } : {})
		});
		if (!parsed.success) return fail(400, { action: 'create', error: firstIssue(parsed.error) });
		const { key, info } = await app.keys.create(parsed.data);
		record({
			action: 'admin.key.create',
			target: `key:${info.id}`,
			outcome: 'ok',
			detail: `${info.scope} "${info.name}"; brands ${info.brands.join(',') || 'all'}`
		});
		return { action: 'create', created: { id: info.id, name: info.name, key } };
	},

	revoke: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = field(form, 'id');
		if (!/^[a-z0-9]{12}$/.test(id)) return fail(400, { action: 'revoke', error: 'id: is not a key id' });
		if (!(await app.keys.revoke(id))) return fail(404, { action: 'revoke', error: 'id: no such key' });
		record({ action: 'admin.key.revoke', target: `key:${id}`, outcome: 'ok' });
		return { action: 'revoke', message: `Revoked ${id}; every server refuses it within seconds.` };
	}
};
