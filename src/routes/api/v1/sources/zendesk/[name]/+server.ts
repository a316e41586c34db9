import { zendeskPost, type SourceIngestResponse } from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type ZendeskIngestResponse = SourceIngestResponse;

/** Zendesk ticket event webhooks (`zen:event-type:ticket.created`, `ticket.comment_added`). */
export const POST: RequestHandler = (event) => zendeskPost(event);
