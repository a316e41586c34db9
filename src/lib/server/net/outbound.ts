import dns, { type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { ApiError } from '../http/errors';
import { blockedReason } from './address';

/**
 * Guard for every outbound request to a URL a user configured (feeds, alert webhooks, the Graph API): only
 * http(s), no credentials in the URL, and never an address that is loopback, private, link-local, CGNAT,
 * multicast or otherwise not public. Checked when the URL is saved, and again when connecting: the DNS
 * lookup of the connection itself is filtered, so a name that resolved to a public address at save time and
 * to 127.0.0.1 later (DNS rebinding) is still refused. Redirects are followed by hand, each hop re-checked.
 */
export interface OutboundPolicy {
	/** Everything allowed: local development and tests against localhost fixtures. */
	allowAll: boolean;
	/** Host names (lower case) allowed whatever they resolve to. */
	hosts: ReadonlySet<string>;
	/** Addresses allowed although not public. */
	subnets: BlockList | null;
	/** The raw setting, for messages. */
	setting: string;
}

export const STRICT_POLICY: OutboundPolicy = {
	allowAll: false,
	hosts: new Set(),
	subnets: null,
	setting: 'off'
};
export const ALLOW_ALL_POLICY: OutboundPolicy = {
	allowAll: true,
	hosts: new Set(),
	subnets: null,
	setting: 'on'
};

/**
 * `BRANDPULSE_ALLOW_PRIVATE_URLS`: `off` (default), `on`, or a comma-separated allow-list of host names,
 * IP addresses and CIDR ranges (`localhost,127.0.0.1,10.0.0.0/8`). Throws with the entry at fault.
 */
export function parseAllowPrivate(value: string | undefined): OutboundPolicy {
	const setting = (value ?? '').trim();
	if (['', 'off', '0', 'false', 'no'].includes(setting.toLowerCase())) return STRICT_POLICY;
	if (['on', '1', 'true', 'yes'].includes(setting.toLowerCase())) return ALLOW_ALL_POLICY;
	const hosts = new Set<string>();
	const subnets = new BlockList();
	let anySubnet = false;
	for (const entry of setting.split(',').map((part) => part.trim().toLowerCase())) {
		if (!entry) continue;
		const [address, prefixText] = entry.split('/') as [string, string | undefined];
		const family = isIP(address.replace(/^\[|\]$/g, ''));
		if (family) {
			const bare = address.replace(/^\[|\]$/g, '');
			const max = family === 4 ? 32 : 128;
			const prefix = prefixText === undefined ? max : Number(prefixText);
			if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
				throw new Error(`"${entry}" has a bad prefix length (0–${max})`);
			}
			subnets.addSubnet(bare, prefix, family === 4 ? 'ipv4' : 'ipv6');
			anySubnet = true;
		} else if (
			/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry) &&
			!prefixText
		) {
			hosts.add(entry);
		} else {
			throw new Error(`"${entry}" is neither on/off, a host name, an IP address nor a CIDR range`);
		}
	}
	return { allowAll: false, hosts, subnets: anySubnet ? subnets : null, setting };
}

/** A URL or address the guard refuses; `message` says why, e.g. `resolves to 10.0.0.5, a private address`. */
export class BlockedUrlError extends Error {
	readonly code = 'ERR_BLOCKED_URL';
}

function addressAllowed(policy: OutboundPolicy, address: string): string | null {
	if (policy.allowAll) return null;
	const reason = blockedReason(address);
	if (!reason) return null;
	const bare = address.replace(/^\[|\]$/g, '');
	if (policy.subnets?.check(bare, isIP(bare) === 6 ? 'ipv6' : 'ipv4')) return null;
	return reason;
}

const hostAllowed = (policy: OutboundPolicy, hostname: string) =>
	policy.allowAll || policy.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));

const blockedMessage = (reason: string) =>
	`${reason === 'is not an IP address' ? reason : `is a ${reason} address`}; outbound requests go to public addresses only (see BRANDPULSE_ALLOW_PRIVATE_URLS)`;

/**
 * Checks what can be checked without DNS: scheme, credentials, and the host when it is an IP literal (the
 * URL parser has already turned `2130706433` or `0x7f.1` into `127.0.0.1`). Returns the parsed URL.
 */
export function checkUrlSyntax(raw: string | URL, policy: OutboundPolicy): URL {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new BlockedUrlError('is not a valid URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new BlockedUrlError(`uses ${url.protocol.replace(/:$/, '')}:, only http and https are allowed`);
	}
	if (url.username || url.password) {
		throw new BlockedUrlError('contains credentials; put secrets in the source settings, not in the URL');
	}
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (hostAllowed(policy, host)) return url;
	if (isIP(host)) {
		const reason = addressAllowed(policy, host);
		if (reason) throw new BlockedUrlError(`points at ${host}, which ${blockedMessage(reason)}`);
	} else if (/(^|\.)localhost\.?$/i.test(host) && addressAllowed(policy, '127.0.0.1')) {
		// RFC 6761: always loopback, whatever a resolver says (allowed only if loopback is allow-listed).
		throw new BlockedUrlError(`points at ${host}, which ${blockedMessage('loopback')}`);
	}
	return url;
}

type Lookup = typeof dns.lookup;

/**
 * A `lookup` for `net.connect` that refuses a name resolving to any address the policy blocks. It answers
 * both call shapes (`all: true` is what Node's happy-eyeballs connect asks for).
 */
export function guardedLookup(policy: OutboundPolicy, base: Lookup = dns.lookup) {
	return (
		hostname: string,
		options: dns.LookupOptions,
		callback: (
			error: NodeJS.ErrnoException | null,
			address: string | LookupAddress[],
			family?: number
		) => void
	): void => {
		base(hostname, { ...options, all: true }, (error, addresses) => {
			if (error) return callback(error, []);
			const list = addresses as LookupAddress[];
			if (!hostAllowed(policy, hostname)) {
				for (const { address } of list) {
					const reason = addressAllowed(policy, address);
					if (reason) {
						return callback(
							new BlockedUrlError(`${hostname} resolves to ${address}, which ${blockedMessage(reason)}`),
							[]
						);
					}
				}
			}
			if (list.length === 0) {
				const empty: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
				empty.code = 'ENOTFOUND';
				return callback(empty, []);
			}
			if (options.all) return callback(null, list);
			return callback(null, list[0]!.address, list[0]!.family);
		});
	};
}

/**
 * The save-time check: syntax, then the name's current addresses. A name that does not resolve (yet) is
 * accepted: the connect-time check still applies, and a feed may be saved before its DNS is live.
 */
export async function checkUrl(
	raw: string,
	policy: OutboundPolicy,
	options: { lookup?: Lookup; timeoutMs?: number } = {}
): Promise<URL> {
	const url = checkUrlSyntax(raw, policy);
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (policy.allowAll || isIP(host) || hostAllowed(policy, host)) return url;
	const lookup = guardedLookup(policy, options.lookup);
	const outcome = await new Promise<Error | null>((resolve) => {
		const timer = setTimeout(() => resolve(null), options.timeoutMs ?? 2000);
		lookup(host, { all: true }, (error) => {
			clearTimeout(timer);
			resolve(error);
		});
	});
	if (outcome instanceof BlockedUrlError) throw outcome;
	return url;
}

/**
 * `checkUrl` for a URL a user is saving (a feed, an alert webhook, a Graph API base): a 400 naming `field`
 * and the reason when it may not be reached. The guarded fetch checks again when connecting.
 */
export async function assertOutboundUrl(
	url: string,
	policy: OutboundPolicy | undefined,
	field: string
): Promise<void> {
	try {
		await checkUrl(url, policy ?? STRICT_POLICY);
	} catch (error) {
		if (error instanceof BlockedUrlError) throw new ApiError(400, field, error.message);
		throw error;
	}
}

export interface OutboundFetchOptions {
	policy: OutboundPolicy;
	/** Redirects followed at most; each hop is checked like the first URL. */
	maxRedirects?: number;
	/** Replaces DNS (tests use it to play a rebinding resolver). */
	lookup?: Lookup;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);

function decoded(response: IncomingMessage): Readable {
	const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
	const decoder =
		encoding === 'gzip' || encoding === 'x-gzip'
			? zlib.createGunzip()
			: encoding === 'deflate'
				? zlib.createInflate()
				: encoding === 'br'
					? zlib.createBrotliDecompress()
					: null;
	if (!decoder) return response;
	response.on('error', (error) => decoder.destroy(error));
	// A reader that stops early (a size cap, a 4xx body nobody wants) must free the connection too.
	decoder.on('close', () => response.destroy());
	return response.pipe(decoder);
}

function toResponse(message: IncomingMessage, method: string): Response {
	const headers = new Headers();
	for (const [name, value] of Object.entries(message.headers)) {
		if (value === undefined) continue;
		for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
	}
	const status = message.statusCode ?? 502;
	if (NULL_BODY.has(status) || method === 'HEAD') {
		message.resume();
		return new Response(null, { status, statusText: message.statusMessage ?? '', headers });
	}
	headers.delete('content-encoding');
	headers.delete('content-length');
	const body = Readable.toWeb(decoded(message)) as unknown as ReadableStream<Uint8Array>;
	return new Response(body, { status, statusText: message.statusMessage ?? '', headers });
}

function requestOnce(
	url: URL,
	init: { method: string; headers: Record<string, string>; body: string | Uint8Array | undefined },
	signal: AbortSignal | undefined,
	lookup: ReturnType<typeof guardedLookup>
): Promise<IncomingMessage> {
	const transport = url.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const request = transport.request(
			url,
			{ method: init.method, headers: init.headers, lookup, agent: false, ...(signal ? { signal } : {}) },
			resolve
		);
		// Like fetch: an aborted request rejects with the signal's reason (a TimeoutError for AbortSignal.timeout).
		request.on('error', (error) => reject(signal?.aborted ? signal.reason : error));
		request.end(init.body);
	});
}

/**
 * `fetch` for user-configured URLs, on node:http with the guarded lookup (the built-in fetch cannot take a
 * custom lookup without the undici package). Supports what the callers use: method, headers, a string or
 * byte body, `signal`, and `redirect` (`follow` up to `maxRedirects` hops, `error`, `manual`).
 */
export function createOutboundFetch(options: OutboundFetchOptions): typeof fetch {
	const { policy, maxRedirects = 3 } = options;
	const lookup = guardedLookup(policy, options.lookup);
	const outboundFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
		if (input instanceof Request) throw new TypeError('outbound fetch takes a URL, not a Request');
		let url = checkUrlSyntax(input, policy);
		let method = (init.method ?? 'GET').toUpperCase();
		const headers: Record<string, string> = {};
		new Headers(init.headers).forEach((value, name) => (headers[name] = value));
		headers['accept-encoding'] ??= 'gzip, deflate, br';
		let body = init.body as string | Uint8Array | undefined | null;
		if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
			throw new TypeError('outbound fetch sends string or byte bodies only');
		}
		const signal = init.signal ?? undefined;
		for (let hop = 0; ; hop += 1) {
			const message = await requestOnce(url, { method, headers, body: body ?? undefined }, signal, lookup);
			const location = message.headers.location;
			if (!REDIRECTS.has(message.statusCode ?? 0) || !location || init.redirect === 'manual') {
				return toResponse(message, method);
			}
			message.resume();
			if (init.redirect === 'error') throw new TypeError(`redirect to ${location} refused`);
			if (hop >= maxRedirects) throw new TypeError(`more than ${maxRedirects} redirects`);
			let next: URL;
			try {
				next = checkUrlSyntax(new URL(location, url), policy);
			} catch (error) {
				if (error instanceof BlockedUrlError) throw new BlockedUrlError(`redirect ${error.message}`);
				throw error;
			}
			if (message.statusCode === 303 || (message.statusCode! <= 302 && method === 'POST')) {
				method = 'GET';
				body = undefined;
				delete headers['content-type'];
				delete headers['content-length'];
			}
			if (next.origin !== url.origin) {
				delete headers.authorization;
				delete headers.cookie;
			}
			url = next;
		}
	};
	return outboundFetch as typeof fetch;
}

const cache = new WeakMap<OutboundPolicy, typeof fetch>();

/** One outbound fetch per policy (the policy comes from the config). */
export function outboundFetchFor(policy: OutboundPolicy | undefined): typeof fetch {
	const resolved = policy ?? STRICT_POLICY;
	let fetcher = cache.get(resolved);
	if (!fetcher) cache.set(resolved, (fetcher = createOutboundFetch({ policy: resolved })));
	return fetcher;
}
