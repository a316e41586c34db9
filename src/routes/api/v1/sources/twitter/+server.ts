import { twitterPost, type SourceIngestResponse } from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type TwitterIngestResponse = SourceIngestResponse;

/** X API v2 tweets `{ data, includes.users }`; `?brand=&handle=` or `?source=NAME`. */
export const POST: RequestHandler = (event) => twitterPost(event);
