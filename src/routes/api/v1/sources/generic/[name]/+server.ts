import { genericPost, type SourceIngestResponse } from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type GenericIngestResponse = SourceIngestResponse;

/** Any JSON, mapped to mentions with the source's stored mapping. */
export const POST: RequestHandler = (event) => genericPost(event);
