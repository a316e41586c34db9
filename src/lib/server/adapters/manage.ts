import type { z } from 'zod';
import type { Brandpulse } from '../app';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/errors';
import { assertOutboundUrl, STRICT_POLICY, type OutboundPolicy } from '../net/outbound';
import {
	SourceStore,
	type FeedRecord,
	type feedInputSchema,
	type WebhookRecord,
	type webhookInputSchema
} from './store';

/**
 * Saving sources, with the checks the API (`/api/v1/sources/…`) and the admin page share. Problems are
 * ApiErrors naming the field, after `prefix` (`body.url` for the API, `url` for a form).
 */
type SourcesApp = Pick<Brandpulse, 'client' | 'config'>;

/** The SSRF policy of the running config (strict when a test's stand-in config leaves it out). */
export const outboundPolicy = (app: Pick<Brandpulse, 'config'>): OutboundPolicy =>
	app.config.BRANDPULSE_ALLOW_PRIVATE_URLS ?? STRICT_POLICY;

const fieldName = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/** Adds a feed, or changes the interval and kind of the same (brand, url); its poll state is kept. */
export async function saveFeedChecked(
	app: SourcesApp,
	principal: Principal,
	input: z.output<typeof feedInputSchema>,
	prefix: string
): Promise<FeedRecord> {
	if (principal.brands && !principal.brands.includes(input.brand)) {
		throw new ApiError(403, fieldName(prefix, 'brand'), `this key may not add feeds for "${input.brand}"`);
	}
	await assertOutboundUrl(input.url, outboundPolicy(app), fieldName(prefix, 'url'));
	return new SourceStore(app.client).saveFeed(input);
}

/** Creates or replaces the webhook source `name`; secrets not given are kept. */
export async function saveWebhookChecked(
	app: SourcesApp,
	name: string,
	input: z.output<typeof webhookInputSchema>,
	prefix: string
): Promise<{ saved: WebhookRecord; created: boolean }> {
	for (const field of ['access_token', 'graph_url'] as const) {
		if (input.kind !== 'meta' && input[field] !== undefined) {
			throw new ApiError(400, fieldName(prefix, field), 'is only used by meta sources');
		}
	}
	if (input.graph_url)
		await assertOutboundUrl(input.graph_url, outboundPolicy(app), fieldName(prefix, 'graph_url'));
	const store = new SourceStore(app.client);
	const existing = await store.getWebhook(name);
	if (input.kind === 'meta' && !input.secret && !existing?.secret) {
		throw new ApiError(
			400,
			fieldName(prefix, 'secret'),
			'is required for meta: it is the app secret that signs webhooks'
		);
	}
	return { saved: await store.saveWebhook(name, input), created: !existing };
}
