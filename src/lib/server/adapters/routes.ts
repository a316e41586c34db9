/**
 * The source endpoints' logic, kept out of the route files so tests can call it with a plain event. Each
 * takes what SvelteKit gives a `+server.ts` handler and answers like the core API.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Brandpulse } from '../app';
import type { Principal } from '../auth/principal';
import { ApiError, apiErrorResponse, RetryLaterError } from '../http/errors';
import { requireScope } from '../http/guard';
import { assertIngestCapacity } from '../http/ingest-endpoint';
import { parseOr400 } from '../http/validate';
import { brandSchema } from '../ingest/schema';
import { mapGeneric, genericMappingSchema, type GenericMapping } from './generic';
import { mapFreshdeskWebhook, mapZendeskEvent } from './helpdesk';
import { ingestAdapted, reportStatus, type SourceIngestReport } from './ingest';
import { completeFromGraph, GraphClient, GraphUnavailableError } from './graph';
import { mapMetaWebhook, NO_TEXT_UNSIGNED } from './meta';
import { mapRedditListing } from './reddit';
import { authorizeWebhook, parseJsonBody, readRawBody, requireKind } from './request';
import { safeEqual, verifyMetaSignature, verifyZendeskSignature } from './signature';
import {
	SourceStore,
	feedInputSchema,
	sourceNameSchema,
	webhookInfo,
	webhookInputSchema,
	type FeedRecord,
	type WebhookInfo
} from './store';
import { mapTweets } from './twitter';
import { outboundFetchFor } from '../net/outbound';
import { outboundPolicy, saveFeedChecked, saveWebhookChecked } from './manage';
import type { AdapterResult } from './types';

/** The part of a SvelteKit request event these handlers read. */
export type SourceEvent = Pick<RequestEvent, 'request' | 'url' | 'locals'> & {
	params: Partial<Record<string, string>>;
};

export type SourceIngestResponse = SourceIngestReport;
export type ListFeedsResponse = { feeds: FeedRecord[] };
export type SaveFeedResponse = { feed: FeedRecord };
export type DeleteFeedResponse = { deleted: string };
export type WebhookSourceResponse = { source: WebhookInfo };
export type ListWebhookSourcesResponse = { sources: WebhookInfo[] };
export type GenericMappingResponse = { name: string; mapping: GenericMapping; has_secret: boolean };

const store = (event: SourceEvent) => new SourceStore(event.locals.app.client);

async function handle(work: () => Promise<Response>): Promise<Response> {
	try {
		return await work();
	} catch (error) {
		return apiErrorResponse(error);
	}
}

/** The pipeline stores what an adapter mapped, unless its writers are full (503, see assertIngestCapacity). */
function ingestUnlessBusy(
	app: Brandpulse,
	result: AdapterResult,
	brands: string[] | null
): Promise<SourceIngestReport> {
	assertIngestCapacity(app);
	return ingestAdapted(app.pipeline, result, brands);
}

function respond(report: SourceIngestReport): Response {
	return json(report satisfies SourceIngestResponse, { status: reportStatus(report) });
}

const nameParam = (event: SourceEvent) =>
	parseOr400(sourceNameSchema, event.params.name ?? '', { prefix: 'name' });

function checkBrand(principal: Principal, brand: string): void {
	if (principal.brands && !principal.brands.includes(brand)) {
		throw new ApiError(403, 'brand', `this key may not ingest for "${brand}"`);
	}
}

const twitterQuerySchema = z.strictObject({
	brand: brandSchema.optional(),
	handle: z
		.string()
		.regex(/^@?[A-Za-z0-9_]{1,15}$/, 'must be an X handle such as @acme')
		.optional(),
	source: sourceNameSchema.optional()
});

/** `POST /api/v1/sources/twitter?brand=B&handle=H` (or `?source=NAME` of a stored `twitter` source). */
export function twitterPost(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const principal = requireScope(event, 'ingest');
		const query = parseOr400(twitterQuerySchema, Object.fromEntries(event.url.searchParams), {
			prefix: 'query'
		});
		let brand = query.brand;
		let handleName = query.handle;
		if (query.source) {
			const source = requireKind(await store(event).getWebhook(query.source), query.source, ['twitter']);
			brand ??= source.brand;
			handleName ??= source.own_accounts[0];
		}
		if (!brand) throw new ApiError(400, 'query.brand', 'is required (or name a stored source with ?source=)');
		checkBrand(principal, brand);
		const app = event.locals.app;
		const payload = parseJsonBody(await readRawBody(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES));
		const mapped = mapTweets(payload, { brand, ...(handleName ? { handle: handleName } : {}) });
		return respond(await ingestUnlessBusy(app, mapped, [brand]));
	});
}

const redditQuerySchema = z.strictObject({
	brand: brandSchema.optional(),
	/** Comma-separated Reddit usernames of the brand. */
	own: z.string().max(2048).optional(),
	source: sourceNameSchema.optional()
});

/**
 * `POST /api/v1/sources/reddit?brand=B[&own=user1,user2]` (or `?source=NAME` of a stored `reddit` source):
 * a listing (or array of listings) as JSON.
 */
export function redditPost(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const principal = requireScope(event, 'ingest');
		const query = parseOr400(redditQuerySchema, Object.fromEntries(event.url.searchParams), {
			prefix: 'query'
		});
		let brand = query.brand;
		let ownAccounts =
			query.own
				?.split(',')
				.map((name) => name.trim())
				.filter(Boolean) ?? [];
		if (query.source) {
			const source = requireKind(await store(event).getWebhook(query.source), query.source, ['reddit']);
			brand ??= source.brand;
			if (!ownAccounts.length) ownAccounts = source.own_accounts;
		}
		if (!brand) throw new ApiError(400, 'query.brand', 'is required (or name a stored source with ?source=)');
		checkBrand(principal, brand);
		const app = event.locals.app;
		const payload = parseJsonBody(await readRawBody(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES));
		const mapped = mapRedditListing(payload, { brand, ownAccounts });
		return respond(await ingestUnlessBusy(app, mapped, [brand]));
	});
}

/** `GET /api/v1/sources/meta/{name}`: Meta's subscription handshake; echoes `hub.challenge` as text. */
export function metaVerify(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const name = nameParam(event);
		const source = requireKind(await store(event).getWebhook(name), name, ['meta']);
		const params = event.url.searchParams;
		const token = params.get('hub.verify_token') ?? '';
		const challenge = params.get('hub.challenge') ?? '';
		if (params.get('hub.mode') !== 'subscribe') throw new ApiError(400, 'hub.mode', 'must be "subscribe"');
		if (!source.verify_token || !safeEqual(Buffer.from(token), Buffer.from(source.verify_token))) {
			throw new ApiError(403, 'hub.verify_token', "does not match this source's verify token");
		}
		return new Response(challenge, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	});
}

/** `POST /api/v1/sources/meta/{name}`: a Page or Instagram webhook, signed with `X-Hub-Signature-256`. */
export function metaPost(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const name = nameParam(event);
		const source = requireKind(await store(event).getWebhook(name), name, ['meta']);
		const app = event.locals.app;
		const raw = await readRawBody(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES);
		const valid = source.secret
			? verifyMetaSignature(raw, source.secret, event.request.headers.get('x-hub-signature-256'))
			: null;
		const brands = authorizeWebhook(event, source, valid);
		const hasToken = source.access_token !== '' && source.secret !== '';
		// A delivery sent with an ingest key rather than Meta's signature is stored like one, but does not
		// get Graph API reads: those spend the source's token and its rate limit on ids the sender chose.
		const mapped = mapMetaWebhook(parseJsonBody(raw), {
			brand: source.brand,
			ownAccounts: source.own_accounts,
			fetchMissing: hasToken && valid === true,
			...(hasToken && valid !== true ? { noTextReason: NO_TEXT_UNSIGNED } : {})
		});
		let completed: AdapterResult = mapped;
		if (mapped.fetches.length) {
			// Checked before the reads too: a delivery refused after them would have spent the token's quota.
			assertIngestCapacity(app);
			const client = new GraphClient({
				baseUrl: source.graph_url || (app.config.BRANDPULSE_GRAPH_URL ?? DEFAULT_GRAPH_URL),
				accessToken: source.access_token,
				appSecret: source.secret,
				fetch: outboundFetchFor(outboundPolicy(app)),
				...graphTestOptions
			});
			try {
				completed = await completeFromGraph(mapped, client, { source: name });
			} catch (error) {
				if (!(error instanceof GraphUnavailableError)) throw error;
				// Nothing is stored: Meta redelivers a failed notification, and the redelivery is deduplicated.
				throw new RetryLaterError(503, `changes.${error.index}`, error.message, error.retryAfterS);
			}
		}
		return respond(await ingestUnlessBusy(app, completed, brands));
	});
}

const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v21.0';

/** Shorter Graph API delays for tests; empty in production. */
export const graphTestOptions: Partial<ConstructorParameters<typeof GraphClient>[0]> = {};

/** `POST /api/v1/sources/zendesk/{name}`: a Zendesk ticket event webhook, signed when a secret is stored. */
export function zendeskPost(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const name = nameParam(event);
		const source = requireKind(await store(event).getWebhook(name), name, ['zendesk']);
		const app = event.locals.app;
		const raw = await readRawBody(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES);
		const headers = event.request.headers;
		const valid = source.secret
			? verifyZendeskSignature(
					raw,
					source.secret,
					headers.get('x-zendesk-webhook-signature'),
					headers.get('x-zendesk-webhook-signature-timestamp')
				)
			: null;
		const brands = authorizeWebhook(event, source, valid);
		const mapped = mapZendeskEvent(parseJsonBody(raw), { brand: source.brand });
		return respond(await ingestUnlessBusy(app, mapped, brands));
	});
}

/**
 * `POST /api/v1/sources/freshdesk/{name}`: a Freshdesk automation-rule webhook. Freshdesk does not sign
 * its requests; the rule sends an ingest key as `Authorization: Bearer …` (a custom header of the rule).
 */
export function freshdeskPost(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const name = nameParam(event);
		const source = requireKind(await store(event).getWebhook(name), name, ['freshdesk']);
		const brands = authorizeWebhook(event, source, null);
		const app = event.locals.app;
		const raw = await readRawBody(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES);
		const mapped = mapFreshdeskWebhook(parseJsonBody(raw), { brand: source.brand });
		return respond(await ingestUnlessBusy(app, mapped, brands));
	});
}

/**
 * `POST /api/v1/sources/generic/{name}`: any JSON, mapped with the stored mapping. Signed with
 * `X-Hub-Signature-256` (HMAC-SHA256 hex of the body) when the source has a secret, else an ingest key.
 */
export function genericPost(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const name = nameParam(event);
		const source = requireKind(await store(event).getWebhook(name), name, ['generic']);
		if (!source.mapping) throw new ApiError(409, 'mapping', `source "${name}" has no mapping yet`);
		const app = event.locals.app;
		const raw = await readRawBody(event.request, app.config.BRANDPULSE_MAX_BODY_BYTES);
		const valid = source.secret
			? verifyMetaSignature(raw, source.secret, event.request.headers.get('x-hub-signature-256'))
			: null;
		const brands = authorizeWebhook(event, source, valid);
		const mapped = mapGeneric(parseJsonBody(raw), source.mapping);
		return respond(await ingestUnlessBusy(app, mapped, brands));
	});
}

/** `GET /api/v1/sources/generic/{name}/mapping` (admin). */
export function genericMappingGet(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		requireScope(event, 'admin');
		const name = nameParam(event);
		const source = requireKind(await store(event).getWebhook(name), name, ['generic']);
		if (!source.mapping) throw new ApiError(404, 'mapping', `source "${name}" has no mapping yet`);
		return json({
			name,
			mapping: source.mapping,
			has_secret: source.secret !== ''
		} satisfies GenericMappingResponse);
	});
}

const mappingPutSchema = genericMappingSchema.extend({
	secret: z.string().min(8).max(512).optional()
});

/**
 * `PUT /api/v1/sources/generic/{name}/mapping` (admin): the mapping, plus an optional `secret` for signed
 * posts. Creates the source if needed.
 */
export function genericMappingPut(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		requireScope(event, 'admin');
		const name = nameParam(event);
		const body = parseOr400(mappingPutSchema, await readJson(event), { prefix: 'body' });
		const { secret, ...mapping } = body;
		const sources = store(event);
		const existing = await sources.getWebhook(name);
		if (existing && existing.kind !== 'generic') {
			throw new ApiError(409, 'name', `"${name}" is a ${existing.kind} source, not a generic one`);
		}
		const saved = await sources.saveWebhook(name, {
			kind: 'generic',
			brand: mapping.brand,
			...(secret ? { secret } : {}),
			own_accounts: [],
			mapping
		});
		return json(
			{ name, mapping: saved.mapping!, has_secret: saved.secret !== '' } satisfies GenericMappingResponse,
			{ status: existing ? 200 : 201 }
		);
	});
}

async function readJson(event: SourceEvent): Promise<unknown> {
	return parseJsonBody(await readRawBody(event.request, 1024 * 1024));
}

/** `GET /api/v1/sources/webhooks` (admin): every webhook source, secrets shown only as set or not. */
export function webhooksList(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const principal = requireScope(event, 'admin');
		const sources = await store(event).listWebhooks(principal.brands);
		return json({ sources: sources.map(webhookInfo) } satisfies ListWebhookSourcesResponse);
	});
}

/** `GET /api/v1/sources/webhooks/{name}` (admin). */
export function webhookGet(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		requireScope(event, 'admin');
		const name = nameParam(event);
		const source = await store(event).getWebhook(name);
		if (!source) throw new ApiError(404, 'name', `no source named "${name}"`);
		return json({ source: webhookInfo(source) } satisfies WebhookSourceResponse);
	});
}

/** `PUT /api/v1/sources/webhooks/{name}` (admin): `{ kind, brand, secret?, verify_token?, own_accounts?, mapping? }`. */
export function webhookPut(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		requireScope(event, 'admin');
		const name = nameParam(event);
		const input = parseOr400(webhookInputSchema, await readJson(event), { prefix: 'body' });
		const { saved } = await saveWebhookChecked(event.locals.app, name, input, 'body');
		return json({ source: webhookInfo(saved) } satisfies WebhookSourceResponse);
	});
}

/** `DELETE /api/v1/sources/webhooks/{name}` (admin). */
export function webhookDelete(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		requireScope(event, 'admin');
		const name = nameParam(event);
		if (!(await store(event).deleteWebhook(name)))
			throw new ApiError(404, 'name', `no source named "${name}"`);
		return new Response(null, { status: 204 });
	});
}

/** `GET /api/v1/sources/feeds` (admin): feeds with their poll state. */
export function feedsList(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const principal = requireScope(event, 'admin');
		return json({ feeds: await store(event).listFeeds(principal.brands) } satisfies ListFeedsResponse);
	});
}

/** `POST /api/v1/sources/feeds` (admin): `{ url, brand, source?, interval_s? }`; the same pair again updates it. */
export function feedsSave(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const principal = requireScope(event, 'admin');
		const input = parseOr400(feedInputSchema, await readJson(event), { prefix: 'body' });
		const feed = await saveFeedChecked(event.locals.app, principal, input, 'body');
		return json({ feed } satisfies SaveFeedResponse, { status: 201 });
	});
}

const feedDeleteSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, 'must be a feed id') });

/** `DELETE /api/v1/sources/feeds?id=ID` (admin). */
export function feedsDelete(event: SourceEvent): Promise<Response> {
	return handle(async () => {
		const principal = requireScope(event, 'admin');
		const { id } = parseOr400(feedDeleteSchema, Object.fromEntries(event.url.searchParams), {
			prefix: 'query'
		});
		const sources = store(event);
		const feed = await sources.getFeed(id);
		if (!feed || (principal.brands && !principal.brands.includes(feed.brand))) {
			throw new ApiError(404, 'query.id', `no feed with id "${id}"`);
		}
		await sources.deleteFeed(id);
		return json({ deleted: id } satisfies DeleteFeedResponse);
	});
}
