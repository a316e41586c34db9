import type { RequestEvent } from '@sveltejs/kit';
import { boardIdSchema } from '../../wall/board';
import { ApiError } from '../http/errors';

/** The board id in the route, checked: route params are untrusted input like any other. */
export function boardIdParam(event: Pick<RequestEvent, 'params'>): string {
	const parsed = boardIdSchema.safeParse((event.params as Record<string, string | undefined>).id);
	if (!parsed.success) throw new ApiError(400, 'id', 'is not a board id');
	return parsed.data;
}

/** The URL to paste into a monitor's browser: it trades the token for a cookie and drops it from the bar. */
export function wallUrl(origin: string, board: string, token: string): string {
	return `${origin}/wall/${encodeURIComponent(board)}?token=${encodeURIComponent(token)}`;
}
