import { fail } from '@sveltejs/kit';
import { saveFeedChecked, saveWebhookChecked } from '$lib/server/adapters/manage';
import {
	feedInputSchema,
	sourceNameSchema,
	SourceStore,
	WEBHOOK_KINDS,
	webhookInfo,
	webhookInputSchema
} from '$lib/server/adapters/store';
import {
	adminForm,
	field,
	firstIssue,
	isFailure,
	listField,
	refusal,
	refused
} from '$lib/server/admin/forms';
import { feedView, webhookView } from '$lib/server/admin/sources';
import { listBrands } from '$lib/server/brands';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const principal = locals.principal!;
	const store = new SourceStore(locals.app.client);
	const [feeds, webhooks, brands] = await Promise.all([
		store.listFeeds(principal.brands),
		store.listWebhooks(principal.brands),
		listBrands(locals.app.client, principal)
	]);
	const now = Date.now();
	const maxBackoffS = locals.app.feeds.options.maxBackoffS;
	return {
		// Where platforms reach this server: the configured public URL behind a proxy, else this request's.
		origin: locals.app.config.BRANDPULSE_PUBLIC_URL ?? url.origin,
		feeds: feeds.map((feed) => feedView(feed, now, maxBackoffS)),
		// Secrets stay on the server: webhookInfo shows only that one is set.
		webhooks: webhooks.map((source) => webhookView(webhookInfo(source))),
		brands,
		kinds: WEBHOOK_KINDS
	};
};

/** A JSON field of a form (a generic source's mapping); what is not JSON is left for the schema to name. */
function jsonField(form: FormData, name: string): unknown {
	const text = field(form, name);
	if (!text) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

const feedIdOk = (id: string) => /^[0-9a-f]{24}$/.test(id);

export const actions: Actions = {
	addFeed: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, principal, form, record } = admin;
		const interval = field(form, 'interval_s');
		const parsed = feedInputSchema.safeParse({
			url: field(form, 'url'),
			brand: field(form, 'brand'),
			source: field(form, 'source') || undefined,
			// A number field arrives as text; anything not a whole number is left for the schema to name.
			interval_s: interval === '' ? undefined : /^\d{1,9}$/.test(interval) ? Number(interval) : interval
		});
		if (!parsed.success) return fail(400, { action: 'addFeed', error: firstIssue(parsed.error) });
		const feed = await refusal('addFeed', saveFeedChecked(app, principal, parsed.data, ''));
		if (refused(feed)) return feed;
		record({
			action: 'admin.feed.save',
			target: `feed:${feed.id}`,
			outcome: 'ok',
			detail: `${feed.brand} ${new URL(feed.url).host} every ${feed.interval_s} s`
		});
		return { action: 'addFeed', message: `Saved the feed for ${feed.brand}; it is polled within seconds.` };
	},

	pollFeed: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, principal, form } = admin;
		const id = field(form, 'id');
		const feed = feedIdOk(id) ? await new SourceStore(app.client).getFeed(id) : null;
		if (!feed || (principal.brands && !principal.brands.includes(feed.brand)))
			return fail(404, { action: 'pollFeed', error: 'id: no such feed' });
		const outcome = await app.feeds.pollNow(feed);
		if (!outcome)
			return fail(409, {
				action: 'pollFeed',
				error: 'id: this feed is being polled, or ingest is full; try again in a moment'
			});
		// The action worked and the feed did not: a success, so the page reloads the feed's new state.
		if (outcome.status === 'failed')
			return { action: 'pollFeed', error: `${feed.url}: ${outcome.error ?? 'failed'}` };
		return {
			action: 'pollFeed',
			message:
				outcome.status === 'not_modified'
					? `${feed.url}: not changed since the last poll.`
					: `${feed.url}: ${outcome.accepted} new, ${outcome.duplicates} already stored, ${outcome.rejected} refused.`
		};
	},

	saveWebhook: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const name = sourceNameSchema.safeParse(field(form, 'name'));
		if (!name.success)
			return fail(400, { action: 'saveWebhook', error: `name: ${name.error.issues[0]!.message}` });
		// Empty fields are left out: a secret not typed again is kept, as the API does.
		const optional = (key: string) => (field(form, key) ? { [key]: field(form, key) } : {});
		const mapping = jsonField(form, 'mapping');
		const parsed = webhookInputSchema.safeParse({
			kind: field(form, 'kind'),
			brand: field(form, 'brand'),
			...optional('secret'),
			...optional('verify_token'),
			...optional('access_token'),
			own_accounts: listField(form, 'own_accounts'),
			...(mapping === undefined ? {} : { mapping })
		});
		if (!parsed.success) return fail(400, { action: 'saveWebhook', error: firstIssue(parsed.error) });
		const result = await refusal('saveWebhook', saveWebhookChecked(app, name.data, parsed.data, ''));
		if (refused(result)) return result;
		record({
			action: result.created ? 'admin.source.create' : 'admin.source.update',
			target: `source:${name.data}`,
			outcome: 'ok',
			detail: `${parsed.data.kind} for ${parsed.data.brand}`
		});
		return { action: 'saveWebhook', message: `Saved the ${parsed.data.kind} source ${name.data}.` };
	},

	deleteWebhook: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, form, record } = admin;
		const name = field(form, 'name');
		if (!sourceNameSchema.safeParse(name).success || !(await new SourceStore(app.client).deleteWebhook(name)))
			return fail(404, { action: 'deleteWebhook', error: 'name: no such source' });
		record({ action: 'admin.source.delete', target: `source:${name}`, outcome: 'ok' });
		return { action: 'deleteWebhook', message: `Deleted the source ${name}.` };
	},

	deleteFeed: async (event) => {
		const admin = await adminForm(event);
		if (isFailure(admin)) return admin;
		const { app, principal, form, record } = admin;
		const id = field(form, 'id');
		const store = new SourceStore(app.client);
		const feed = feedIdOk(id) ? await store.getFeed(id) : null;
		if (!feed || (principal.brands && !principal.brands.includes(feed.brand)))
			return fail(404, { action: 'deleteFeed', error: 'id: no such feed' });
		await store.deleteFeed(id);
		record({ action: 'admin.feed.delete', target: `feed:${id}`, outcome: 'ok', detail: feed.url });
		return { action: 'deleteFeed', message: `Deleted the feed ${feed.url}.` };
	}
};
