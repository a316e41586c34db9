import { z } from 'zod';
import { ApiError } from '../http/errors';

/** A time in a query string: epoch milliseconds or an ISO 8601 date-time. */
export const timeParam = z
	.string()
	.trim()
	.transform((value, ctx) => {
		const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
		if (!Number.isFinite(ms)) {
			ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 date-time' });
			return z.NEVER;
		}
		return ms;
	});

export async function readJsonBody(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== 'application/json') throw new ApiError(415, 'content-type', 'must be application/json');
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > maxBytes) throw new ApiError(413, 'body', `is ${declared} bytes; the limit is ${maxBytes}`);
	const text = await request.text();
	if (text.length > maxBytes) throw new ApiError(413, 'body', `exceeds the limit of ${maxBytes} bytes`);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new ApiError(400, 'body', 'is not valid JSON');
	}
}

export const idParam = z.string().regex(/^[0-9a-f]{16}$/, 'is not an id');
