import {
	feedsDelete,
	feedsList,
	feedsSave,
	type DeleteFeedResponse,
	type ListFeedsResponse,
	type SaveFeedResponse
} from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type { DeleteFeedResponse, ListFeedsResponse, SaveFeedResponse };

export const GET: RequestHandler = (event) => feedsList(event);
export const POST: RequestHandler = (event) => feedsSave(event);
export const DELETE: RequestHandler = (event) => feedsDelete(event);
