import { fail } from '@sveltejs/kit';
import {
	adminForm,
	field,
	firstIssue,
	isFailure,
	listField,
	refusal,
	refused
} from '$lib/server/admin/forms';
import {
	ALERT_METRICS,
	AlertStore,
	createRuleSchema,
	createWebhookSchema,
	WEBHOOK_KINDS
} from '$lib/server/alerts/store';
import { listBrands } from '$lib/server/brands';
import { assertOutboundUrl } from '$lib/server/net/outbound';
import type { Actions, PageServerLoad } from './$types';

const LOG_DAYS = 7;

export const load: PageServerLoad = async ({ locals }) => {
	const store = new AlertStore(locals.app.client);
	const now = Date.now();
	const [rules, webhooks, log, brands] = await Promise.all([
		store.listRules(),
		store.listWebhooks(),
		store.listLog({ from: now - LOG_DAYS * 86_400_000, to: now + 60_000, limit: 50 }),
		listBrands(locals.app.client, locals.principal!)
	]);
	// Secrets stay on the server: the page shows that one is set, not what it is.
	const safeWebhooks = webhooks.map(({ secret, ...webhook }) => ({
		...webhook,
		hasSecret: secret.length > 0
	}));
	return { rules, webhooks: safeWebhooks, log, brands, metrics: ALERT_METRICS, kinds: WEBHOOK_KINDS };
};

const hexId = (value: string) => /^[a-f0-9]{16}$/.test(value);

export const actions: Actions = {
	createRule: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const parsed = createRuleSchema.safeParse({
			brand: field(form, 'brand'),
			metric: field(form, 'metric'),
			min_severity: Number(field(form, 'min_severity') || '4'),
			cooldown_s: Number(field(form, 'cooldown_s') || '3600')
		});
		if (!parsed.success) return fail(400, { action: 'createRule', error: firstIssue(parsed.error) });
		const rule = await new AlertStore(app.client).createRule(parsed.data);
		await app.sync.changed('alerts');
		record({
			action: 'admin.alert_rule.create',
			target: `rule:${rule.id}`,
			outcome: 'ok',
			detail: `${rule.brand} ${rule.metric} ≥ ${rule.min_severity}`
		});
		return { action: 'createRule', message: `Added a ${rule.metric} rule for ${rule.brand}.` };
	},

	deleteRule: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = field(form, 'id');
		if (!hexId(id) || !(await new AlertStore(app.client).deleteRule(id)))
			return fail(404, { action: 'deleteRule', error: 'id: no such rule' });
		await app.sync.changed('alerts');
		record({ action: 'admin.alert_rule.delete', target: `rule:${id}`, outcome: 'ok' });
		return { action: 'deleteRule', message: 'Rule deleted.' };
	},

	/** A generated signing secret is shown once, in this answer. */
	createWebhook: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const secret = field(form, 'secret');
		const parsed = createWebhookSchema.safeParse({
			url: field(form, 'url'),
			kind: field(form, 'kind'),
			brands: listField(form, 'brands'),
			...(secret ? { secret } : {})
		});
		if (!parsed.success) return fail(400, { action: 'createWebhook', error: firstIssue(parsed.error) });
		const allowed = await refusal(
			'createWebhook',
			assertOutboundUrl(parsed.data.url, app.config.BRANDPULSE_ALLOW_PRIVATE_URLS, 'url')
		);
		if (refused(allowed)) return allowed;
		const webhook = await new AlertStore(app.client).createWebhook(parsed.data);
		await app.sync.changed('alerts');
		record({
			action: 'admin.webhook.create',
			target: `webhook:${webhook.id}`,
			outcome: 'ok',
			detail: `${webhook.kind} ${new URL(webhook.url).host}`
		});
		return {
			action: 'createWebhook',
			message: `Added the webhook.`,
			secret: secret ? null : webhook.kind === 'generic' ? webhook.secret : null
		};
	},

	deleteWebhook: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const id = field(form, 'id');
		if (!hexId(id) || !(await new AlertStore(app.client).deleteWebhook(id)))
			return fail(404, { action: 'deleteWebhook', error: 'id: no such webhook' });
		await app.sync.changed('alerts');
		record({ action: 'admin.webhook.delete', target: `webhook:${id}`, outcome: 'ok' });
		return { action: 'deleteWebhook', message: 'Webhook deleted.' };
	}
};
