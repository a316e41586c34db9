import { fail } from '@sveltejs/kit';
import { feedInputSchema, SourceStore, webhookInfo } from '$lib/server/adapters/store';
import { adminForm, field, firstIssue, isFailure } from '$lib/server/admin/forms';
import { feedView, webhookView } from '$lib/server/admin/sources';
import { listBrands } from '$lib/server/brands';
import { BlockedUrlError, checkUrl, STRICT_POLICY } from '$lib/server/net/outbound';
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
		origin: url.origin,
		feeds: feeds.map((feed) => feedView(feed, now, maxBackoffS)),
		// Secrets stay on the server: webhookInfo shows only that one is set.
		webhooks: webhooks.map((source) => webhookView(webhookInfo(source))),
		brands
	};
};

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
		if (principal.brands && !principal.brands.includes(parsed.data.brand))
			return fail(403, { action: 'addFeed', error: `brand: not allowed for you` });
		try {
			await checkUrl(parsed.data.url, app.config.BRANDPULSE_ALLOW_PRIVATE_URLS ?? STRICT_POLICY);
		} catch (error) {
			if (error instanceof BlockedUrlError)
				return fail(400, { action: 'addFeed', error: `url: ${error.message}` });
			throw error;
		}
		const feed = await new SourceStore(app.client).saveFeed(parsed.data);
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
