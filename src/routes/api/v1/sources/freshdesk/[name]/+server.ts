import { freshdeskPost, type SourceIngestResponse } from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type FreshdeskIngestResponse = SourceIngestResponse;

/** Freshdesk automation-rule webhooks (`{ freshdesk_webhook: { … } }`). */
export const POST: RequestHandler = (event) => freshdeskPost(event);
