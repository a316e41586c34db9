import { json } from '@sveltejs/kit';
import { AlertStore, createWebhookSchema, type Webhook } from '$lib/server/alerts/store';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { assertOutboundUrl } from '$lib/server/net/outbound';
import { parseOr400 } from '$lib/server/http/validate';
import { readJsonBody } from '$lib/server/http/body';
import type { RequestHandler } from './$types';

/** Secrets are never listed; the one that signs a webhook's deliveries is in the create answer only. */
export type WebhookInfo = Omit<Webhook, 'secret'>;
export type ListWebhooksResponse = { webhooks: WebhookInfo[] };
export type CreateWebhookResponse = { webhook: WebhookInfo; secret: string };

const info = ({ secret: _secret, ...rest }: Webhook): WebhookInfo => rest;

export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const webhooks = await new AlertStore(event.locals.app.client).listWebhooks();
		return json({ webhooks: webhooks.map(info) } satisfies ListWebhooksResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};

/** `{ url, kind: 'slack' | 'generic', secret?, brands? }` */
export const POST: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const input = parseOr400(createWebhookSchema, await readJsonBody(event.request));
		await assertOutboundUrl(input.url, event.locals.app.config.BRANDPULSE_ALLOW_PRIVATE_URLS, 'url');
		const webhook = await new AlertStore(event.locals.app.client).createWebhook(input);
		return json({ webhook: info(webhook), secret: webhook.secret } satisfies CreateWebhookResponse, {
			status: 201
		});
	} catch (error) {
		return apiErrorResponse(error);
	}
};
