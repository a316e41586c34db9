import { z } from 'zod';

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

export const idParam = z.string().regex(/^[0-9a-f]{16}$/, 'is not an id');
