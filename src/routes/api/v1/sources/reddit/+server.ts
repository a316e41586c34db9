import { redditPost, type SourceIngestResponse } from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type RedditIngestResponse = SourceIngestResponse;

/** A Reddit listing (`kind: 'Listing'`) or an array of them; `?brand=&own=`. */
export const POST: RequestHandler = (event) => redditPost(event);
