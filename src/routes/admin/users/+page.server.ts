import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { adminForm, field, firstIssue, isFailure, listField } from '$lib/server/admin/forms';
import { createUserSchema, updateUserSchema, type User } from '$lib/server/auth/users';
import { listBrands } from '$lib/server/brands';
import type { Actions, PageServerLoad } from './$types';

export interface AdminUserRow extends User {
	sessions: number;
}

export const load: PageServerLoad = async ({ locals }) => {
	const app = locals.app;
	const [users, sessions, brands] = await Promise.all([
		app.users.list(),
		app.sessions.countBySubject(),
		listBrands(app.client, locals.principal!)
	]);
	const rows: AdminUserRow[] = users.map((user) => ({
		...user,
		sessions: sessions.get(`user:${user.id}`) ?? 0
	}));
	return { users: rows, brands, me: locals.principal!.id };
};

const idSchema = z.string().regex(/^[a-f0-9]{18}$/, 'no such user');

/**
 * One action per change, so each is one audit entry that says what changed. An admin cannot disable, delete
 * or demote themselves: the master key could recover, but it should not have to.
 */
export const actions: Actions = {
	create: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const parsed = createUserSchema.safeParse({
			email: field(form, 'email'),
			name: field(form, 'name'),
			role: field(form, 'role'),
			brands: listField(form, 'brands'),
			password: form.get('password') ?? ''
		});
		if (!parsed.success) return fail(400, { action: 'create', error: firstIssue(parsed.error) });
		const created = await app.users.create(parsed.data);
		if (!created.ok) return fail(409, { action: 'create', error: `${created.field}: ${created.message}` });
		const { user } = created;
		record({
			action: 'admin.user.create',
			target: `user:${user.email}`,
			outcome: 'ok',
			detail: `role ${user.role}; brands ${user.brands.join(',') || 'all'}`
		});
		return { action: 'create', message: `Created ${user.email} (${user.role}).` };
	},

	update: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, principal, record } = admin;
		const id = idSchema.safeParse(field(form, 'id'));
		if (!id.success) return fail(400, { action: 'update', error: 'id: no such user' });
		const patch = updateUserSchema.safeParse({
			role: field(form, 'role'),
			brands: listField(form, 'brands'),
			name: field(form, 'name')
		});
		if (!patch.success) return fail(400, { action: 'update', id: id.data, error: firstIssue(patch.error) });
		if (principal.id === `user:${id.data}` && patch.data.role !== 'admin') {
			return fail(400, {
				action: 'update',
				id: id.data,
				error: 'role: you cannot take admin away from yourself'
			});
		}
		const user = await app.users.update(id.data, patch.data);
		if (!user) return fail(404, { action: 'update', error: 'id: no such user' });
		record({
			action: 'admin.user.update',
			target: `user:${user.email}`,
			outcome: 'ok',
			detail: `role ${user.role}; brands ${user.brands.join(',') || 'all'}`
		});
		return { action: 'update', id: user.id, message: `Saved ${user.email}.` };
	},

	setDisabled: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, principal, record } = admin;
		const id = idSchema.safeParse(field(form, 'id'));
		const disabled = field(form, 'disabled');
		if (!id.success) return fail(400, { action: 'setDisabled', error: 'id: no such user' });
		if (disabled !== 'true' && disabled !== 'false')
			return fail(400, { action: 'setDisabled', error: 'disabled: must be true or false' });
		if (principal.id === `user:${id.data}`)
			return fail(400, { action: 'setDisabled', error: 'id: you cannot disable yourself' });
		const user = await app.users.update(id.data, { disabled: disabled === 'true' });
		if (!user) return fail(404, { action: 'setDisabled', error: 'id: no such user' });
		record({
			action: user.disabled ? 'admin.user.disable' : 'admin.user.enable',
			target: `user:${user.email}`,
			outcome: 'ok'
		});
		return {
			action: 'setDisabled',
			message: user.disabled ? `Disabled ${user.email}; their sessions have ended.` : `Enabled ${user.email}.`
		};
	},

	resetPassword: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = idSchema.safeParse(field(form, 'id'));
		if (!id.success) return fail(400, { action: 'resetPassword', error: 'id: no such user' });
		const patch = updateUserSchema.safeParse({ password: form.get('password') ?? '' });
		if (!patch.success)
			return fail(400, { action: 'resetPassword', id: id.data, error: firstIssue(patch.error) });
		const user = await app.users.update(id.data, patch.data);
		if (!user) return fail(404, { action: 'resetPassword', error: 'id: no such user' });
		record({ action: 'admin.user.reset_password', target: `user:${user.email}`, outcome: 'ok' });
		return {
			action: 'resetPassword',
			message: `New password set for ${user.email}; their sessions have ended.`
		};
	},

	endSessions: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = idSchema.safeParse(field(form, 'id'));
		if (!id.success) return fail(400, { action: 'endSessions', error: 'id: no such user' });
		const user = await app.users.update(id.data, { end_sessions: true });
		if (!user) return fail(404, { action: 'endSessions', error: 'id: no such user' });
		record({ action: 'admin.user.end_sessions', target: `user:${user.email}`, outcome: 'ok' });
		return { action: 'endSessions', message: `Logged ${user.email} out everywhere.` };
	},

	delete: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, principal, record } = admin;
		const id = idSchema.safeParse(field(form, 'id'));
		if (!id.success) return fail(400, { action: 'delete', error: 'id: no such user' });
		if (principal.id === `user:${id.data}`)
			return fail(400, { action: 'delete', error: 'id: you cannot delete yourself' });
		const user = await app.users.get(id.data, true);
		if (!user || !(await app.users.delete(id.data)))
			return fail(404, { action: 'delete', error: 'id: no such user' });
		record({ action: 'admin.user.delete', target: `user:${user.email}`, outcome: 'ok' });
		return { action: 'delete', message: `Deleted ${user.email}.` };
	}
};
