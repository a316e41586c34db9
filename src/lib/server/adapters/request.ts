import type { RequestEvent } from '@sveltejs/kit';
import type { Principal } from '../auth/principal';
import { hasScope } from '../auth/principal';
import { ApiError } from '../http/errors';
import { requireScope } from '../http/guard';
import type { WebhookKind, WebhookRecord } from './store';

import { decodeUtf8, parseJsonBody, readRawBody } from '../http/body';

export { decodeUtf8, parseJsonBody, readRawBody };

/** The stored webhook source `name` of the given kind, or a 404. */
export function requireKind(record: WebhookRecord | null, name: string, kinds: WebhookKind[]): WebhookRecord {
	if (!record || !kinds.includes(record.kind)) {
		throw new ApiError(404, 'name', `no ${kinds.join(' or ')} source named "${name}"`);
	}
	return record;
}

/**
 * Who may post to a webhook source: a platform proving itself with the source's signature, or a caller
 * with an ingest key for the source's brand. Returns the brands the items may be for.
 */
export function authorizeWebhook(
	event: Pick<RequestEvent, 'locals'>,
	source: WebhookRecord,
	signatureValid: boolean | null
): string[] {
	if (signatureValid) return [source.brand];
	const principal: Principal | null = event.locals.principal;
	if (signatureValid === false && !hasScope(principal, 'ingest')) {
		throw new ApiError(401, 'signature', "does not match the body signed with this source's secret");
	}
	requireScope(event, 'ingest');
	if (principal!.brands && !principal!.brands.includes(source.brand)) {
		throw new ApiError(403, 'brand', `this key may not ingest for "${source.brand}"`);
	}
	return [source.brand];
}
