import { metaPost, metaVerify, type SourceIngestResponse } from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type MetaIngestResponse = SourceIngestResponse;
/** The handshake answers the bare `hub.challenge` as text/plain. */
export type MetaVerifyResponse = string;

export const GET: RequestHandler = (event) => metaVerify(event);

/** Facebook Page / Instagram webhook notifications, signed with the app secret. */
export const POST: RequestHandler = (event) => metaPost(event);
