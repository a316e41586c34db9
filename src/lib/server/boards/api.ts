import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { boardIdSchema } from '../../wall/board';
import { ApiError } from '../http/errors';

/** A JSON body parsed by `schema`; the first problem becomes a 400 naming its field. */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new ApiError(400, 'body', 'must be a JSON object');
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new ApiError(400, issue.path.join('.') || 'body', issue.message);
	}
	return parsed.data;
}

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
