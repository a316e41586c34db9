/**
 * Typed reads of the JSON API from pages (same origin, session cookie). The response types are the ones each
 * endpoint exports, so a change of shape on the server fails type-checking here rather than on screen.
 */
import { error } from '@sveltejs/kit';

export type { ListMentionsResponse } from '../../routes/api/v1/mentions/+server';
export type { BreakdownResponse } from '../../routes/api/v1/breakdown/+server';
export type { ShareOfVoiceResponse } from '../../routes/api/v1/share-of-voice/+server';
export type { QueueResponse } from '../../routes/api/v1/queue/+server';
export type { LatencyResponse } from '../../routes/api/v1/latency/+server';
export type { BrandSettingsResponse } from '../../routes/api/v1/brands/[brand=brand]/settings/+server';

type Fetch = typeof fetch;

/** The API's error body: `{ error: { field, message } }`. */
async function messageOf(response: Response): Promise<string> {
	try {
		const body = (await response.json()) as { error?: { field?: string; message?: string } };
		if (body.error?.message)
			return body.error.field ? `${body.error.field}: ${body.error.message}` : body.error.message;
	} catch {
		// Not JSON: fall through to the status line.
	}
	return `${response.status} ${response.statusText}`;
}

/** GETs JSON for a `load`; a failure becomes the page's error with the API's own message. */
export async function loadJson<T>(fetchFn: Fetch, url: string): Promise<T> {
	const response = await fetchFn(url, { headers: { accept: 'application/json' } });
	if (!response.ok) error(response.status, { message: await messageOf(response) });
	return (await response.json()) as T;
}

/** GETs or POSTs JSON from an event handler; throws an Error with the API's message. */
export async function requestJson<T>(url: string, init?: RequestInit): Promise<T> {
	const response = await fetch(url, {
		...init,
		headers: { accept: 'application/json', 'content-type': 'application/json', ...init?.headers }
	});
	if (!response.ok) throw new Error(await messageOf(response));
	return (await response.json()) as T;
}
