import {
	webhookDelete,
	webhookGet,
	webhookPut,
	type WebhookSourceResponse
} from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type { WebhookSourceResponse };

export const GET: RequestHandler = (event) => webhookGet(event);
export const PUT: RequestHandler = (event) => webhookPut(event);
/** Answers 204 with no body. */
export const DELETE: RequestHandler = (event) => webhookDelete(event);
