import type { SourceEvent } from '../adapters/routes';

/** What a test request carries besides its method and URL. */
export interface SourceRequestOptions {
	body?: string;
	headers?: Record<string, string>;
	params?: Record<string, string>;
}

/** A request event for the source handlers, as SvelteKit would pass it, with the locals a test gives. */
export function sourceEvent(
	method: string,
	url: string,
	options: SourceRequestOptions & { locals: Record<string, unknown> }
): SourceEvent {
	const full = new URL(url, 'http://localhost');
	return {
		request: new Request(full, {
			method,
			headers: { 'content-type': 'application/json', ...options.headers },
			...(options.body !== undefined ? { body: options.body } : {})
		}),
		url: full,
		params: options.params ?? {},
		locals: options.locals
	} as unknown as SourceEvent;
}
