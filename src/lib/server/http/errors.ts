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

export function apiErrorResponse(error: unknown): Response {
	if (error instanceof ApiError) return error.toResponse();
	throw error;
}
