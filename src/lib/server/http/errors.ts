import { json } from '@sveltejs/kit';

/** An API failure that names the field at fault and says why; rendered as `{ error: { field, message } }`. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly field: string,
		message: string
	) {
		super(message);
	}

	toResponse(): Response {
		return json({ error: { field: this.field, message: this.message } }, { status: this.status });
	}
}

/** An ApiError that tells the client when to come back (429, 503), as `Retry-After` in seconds. */
export class RetryLaterError extends ApiError {
	constructor(
		status: number,
		field: string,
		message: string,
		readonly retryAfterSeconds: number
	) {
		super(status, field, message);
	}

	override toResponse(): Response {
		const response = super.toResponse();
		response.headers.set('retry-after', String(this.retryAfterSeconds));
		return response;
	}
}

export function apiErrorResponse(error: unknown): Response {
	if (error instanceof ApiError) return error.toResponse();
	throw error;
}
