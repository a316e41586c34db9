import { webhooksList, type ListWebhookSourcesResponse } from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type { ListWebhookSourcesResponse };

export const GET: RequestHandler = (event) => webhooksList(event);
