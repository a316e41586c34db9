import type dns from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config';
import { blockedReason, embeddedIPv4 } from './address';
import {
	ALLOW_ALL_POLICY,
	BlockedUrlError,
	STRICT_POLICY,
	checkUrl,
	checkUrlSyntax,
	createOutboundFetch,
	guardedLookup,
	parseAllowPrivate
} from './outbound';

describe('address classification', () => {
	it.each([
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['10.1.2.3', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.1', 'private'],
		['169.254.169.254', 'link-local'],
		['100.64.0.1', 'shared address space (CGNAT)'],
		['100.127.255.255', 'shared address space (CGNAT)'],
		['0.0.0.0', 'unspecified'],
		['224.0.0.251', 'multicast'],
		['255.255.255.255', 'reserved'],
		['198.18.0.1', 'reserved'],
		['192.0.2.10', 'documentation'],
		['::1', 'loopback'],
		['[::1]', 'loopback'],
		['::', 'unspecified'],
		['fc00::1', 'private'],
		['fd12:3456:789a::1', 'private'],
		['fe80::1', 'link-local'],
		['fe80::1%eth0', 'link-local'],
		['febf::1', 'link-local'],
		['ff02::1', 'multicast'],
		['2001:db8::1', 'documentation'],
		['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
		['::ffff:7f00:1', 'IPv4-mapped loopback'],
		['0:0:0:0:0:ffff:a9fe:a9fe', 'IPv4-mapped link-local'],
		['::ffff:10.0.0.1', 'IPv4-mapped private'],
		['::127.0.0.1', 'IPv4-compatible loopback'],
		['64:ff9b::a00:1', 'NAT64 private'],
		['2002:7f00:1::', '6to4 loopback'],
		['2002:c0a8:101::1', '6to4 private']
	])('%s is %s', (address, reason) => {
		expect(blockedReason(address)).toBe(reason);
	});

	it.each([
		'8.8.8.8',
		'93.184.216.34',
		'100.63.255.255',
		'100.128.0.0',
		'172.15.255.255',
		'172.32.0.0',
		'169.253.1.1',
		'2606:4700:4700::1111',
		'2a00:1450:4001:80b::200e',
		'::ffff:8.8.8.8',
		'64:ff9b::808:808',
		'2002:808:808::1'
	])('%s is public', (address) => {
		expect(blockedReason(address)).toBeNull();
	});

	it('reads the IPv4 inside IPv6 forms', () => {
		expect(embeddedIPv4('::ffff:192.168.0.1')).toEqual({ ipv4: '192.168.0.1', form: 'IPv4-mapped' });
		expect(embeddedIPv4('2002:0a00:0001::')).toEqual({ ipv4: '10.0.0.1', form: '6to4' });
		expect(embeddedIPv4('2606:4700::1')).toBeNull();
		expect(blockedReason('example.com')).toBe('is not an IP address');
	});
});

describe('URL check', () => {
	const refused = (url: string) => {
		try {
			checkUrlSyntax(url, STRICT_POLICY);
		} catch (error) {
			expect(error).toBeInstanceOf(BlockedUrlError);
			return (error as Error).message;
		}
		return null;
	};

	it('refuses other schemes and credentials', () => {
		expect(refused('file:///etc/passwd')).toMatch(/uses file:, only http and https/);
		expect(refused('gopher://example.com/')).toMatch(/uses gopher:/);
		expect(refused('ftp://example.com/feed')).toMatch(/uses ftp:/);
		expect(refused('https://user:pass@example.com/feed')).toMatch(/contains credentials/);
		expect(refused('https://token@example.com/feed')).toMatch(/contains credentials/);
		expect(refused('not a url')).toBe('is not a valid URL');
	});

	it('refuses IP literals in every spelling the URL parser accepts', () => {
		for (const url of [
			'http://127.0.0.1/',
			'http://2130706433/',
			'http://0x7f.1/',
			'http://0x7f000001/',
			'http://017700000001/',
			'http://0177.0.0.1/',
			'http://127.1/',
			'http://[::1]:8080/',
			'http://[::ffff:127.0.0.1]/',
			'http://[0:0:0:0:0:ffff:7f00:1]/',
			'http://169.254.169.254/latest/meta-data/',
			'http://[fd00:ec2::254]/',
			'http://100.100.100.200/',
			'http://0.0.0.0:3000/',
			'http://localhost:3000/',
			'http://api.localhost/',
			'http://LOCALHOST./'
		]) {
			expect(refused(url), url).toMatch(/points at .* which is a .* address/);
		}
		expect(refused('http://2130706433/')).toContain('127.0.0.1, which is a loopback address');
		expect(refused('http://[::ffff:127.0.0.1]/')).toContain('IPv4-mapped loopback');
		expect(refused('https://example.com/feed.xml')).toBeNull();
		expect(refused('http://8.8.8.8/')).toBeNull();
	});

	it('is off for everything with `on`, and for listed hosts and ranges only with a list', () => {
		expect(checkUrlSyntax('http://127.0.0.1:9/', ALLOW_ALL_POLICY).port).toBe('9');
		const listed = parseAllowPrivate('localhost, 10.0.0.0/8, ::1');
		expect(() => checkUrlSyntax('http://localhost:1/', listed)).not.toThrow();
		expect(() => checkUrlSyntax('http://10.9.8.7/', listed)).not.toThrow();
		expect(() => checkUrlSyntax('http://[::1]/', listed)).not.toThrow();
		expect(() => checkUrlSyntax('http://127.0.0.1/', listed)).toThrow(BlockedUrlError);
		expect(() => checkUrlSyntax('http://api.localhost/', listed)).toThrow(BlockedUrlError);
		expect(() => checkUrlSyntax('http://api.localhost/', parseAllowPrivate('127.0.0.0/8'))).not.toThrow();
		expect(() => checkUrlSyntax('http://192.168.0.1/', listed)).toThrow(BlockedUrlError);
		expect(parseAllowPrivate('off')).toBe(STRICT_POLICY);
		expect(parseAllowPrivate('1')).toBe(ALLOW_ALL_POLICY);
		expect(() => parseAllowPrivate('10.0.0.0/99')).toThrow(/bad prefix/);
		expect(() => parseAllowPrivate('http://x')).toThrow(/neither/);
	});

	it('is a config setting validated at start', () => {
		expect(parseConfig({}).BRANDPULSE_ALLOW_PRIVATE_URLS).toBe(STRICT_POLICY);
		expect(parseConfig({ BRANDPULSE_ALLOW_PRIVATE_URLS: 'on' }).BRANDPULSE_ALLOW_PRIVATE_URLS.allowAll).toBe(
			true
		);
		expect(() => parseConfig({ BRANDPULSE_ALLOW_PRIVATE_URLS: '10.0.0.0/40' })).toThrow(
			/BRANDPULSE_ALLOW_PRIVATE_URLS: .*prefix/
		);
		expect(() => parseConfig({ BRANDPULSE_GRAPH_URL: 'http://169.254.169.254/v21.0' })).toThrow(ConfigError);
		expect(() => parseConfig({ BRANDPULSE_GRAPH_URL: 'http://169.254.169.254/v21.0' })).toThrow(
			/BRANDPULSE_GRAPH_URL: points at 169.254.169.254, which is a link-local address/
		);
		expect(
			parseConfig({ BRANDPULSE_GRAPH_URL: 'http://127.0.0.1:9/v21.0', BRANDPULSE_ALLOW_PRIVATE_URLS: 'on' })
				.BRANDPULSE_GRAPH_URL
		).toBe('http://127.0.0.1:9/v21.0');
	});
});

/** A resolver that answers from a table, and counts how often each name was asked. */
function fakeDns(table: Record<string, string[]>) {
	const asked: Record<string, number> = {};
	const lookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
		asked[hostname] = (asked[hostname] ?? 0) + 1;
		const answers = table[hostname];
		if (!answers) {
			const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
			error.code = 'ENOTFOUND';
			return callback(error, []);
		}
		const list = answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
		if (options.all) return callback(null, list);
		callback(null, list[0]!.address, list[0]!.family);
	}) as unknown as typeof dns.lookup;
	return { lookup, asked };
}

describe('connect-time guard', () => {
	let server: Server;
	let port: number;
	const hits: string[] = [];

	beforeAll(async () => {
		server = createServer((request, response) => {
			hits.push(request.url ?? '');
			if (request.url === '/hop') {
				response.writeHead(302, { location: `http://127.0.0.1:${port}/feed` }).end();
				return;
			}
			if (request.url === '/gzip') {
				response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
				response.end(gzipSync('<rss>zipped</rss>'));
				return;
			}
			if (request.url === '/loop') {
				response.writeHead(307, { location: '/loop' }).end();
				return;
			}
			response.writeHead(200, { 'content-type': 'text/plain' }).end('inside');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as AddressInfo).port;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	it('refuses a host name that resolves to 127.0.0.1, before any byte is sent', async () => {
		const before = hits.length;
		// The system resolver, through the lookup the connection uses.
		const refusal = await new Promise<Error | null>((resolve) =>
			guardedLookup(STRICT_POLICY)('localhost', { all: true }, (error) => resolve(error))
		);
		expect(refusal?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
		const { lookup } = fakeDns({ 'feeds.example.com': ['127.0.0.1'] });
		const viaDns = createOutboundFetch({ policy: STRICT_POLICY, lookup });
		await expect(viaDns(`http://feeds.example.com:${port}/feed`)).rejects.toBeInstanceOf(BlockedUrlError);
		expect(hits.length).toBe(before);
	});

	it('defeats DNS rebinding: the save-time answer is public, the connect-time one is not', async () => {
		let answer = '93.184.216.34';
		const lookup = ((_host: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) =>
			options.all
				? callback(null, [{ address: answer, family: 4 }])
				: callback(null, answer, 4)) as unknown as typeof dns.lookup;
		await expect(
			checkUrl(`http://rebind.example:${port}/feed`, STRICT_POLICY, { lookup })
		).resolves.toBeInstanceOf(URL);
		answer = '127.0.0.1';
		await expect(checkUrl(`http://rebind.example:${port}/feed`, STRICT_POLICY, { lookup })).rejects.toThrow(
			/rebind.example resolves to 127.0.0.1, which is a loopback address/
		);
		const before = hits.length;
		const fetcher = createOutboundFetch({ policy: STRICT_POLICY, lookup });
		await expect(fetcher(`http://rebind.example:${port}/feed`)).rejects.toThrow(/resolves to 127.0.0.1/);
		expect(hits.length).toBe(before);
	});

	it('refuses a name with any private address among its answers, and accepts an unresolvable one at save time', async () => {
		const { lookup } = fakeDns({ 'mixed.example': ['93.184.216.34', '10.0.0.7'] });
		await expect(checkUrl('https://mixed.example/', STRICT_POLICY, { lookup })).rejects.toThrow(
			/resolves to 10.0.0.7, which is a private address/
		);
		await expect(checkUrl('https://not-yet.example/', STRICT_POLICY, { lookup })).resolves.toBeInstanceOf(
			URL
		);
	});

	it('re-checks every redirect hop, and limits hops', async () => {
		const { lookup } = fakeDns({ 'public.example': ['127.0.0.1'] });
		// The first hop is allowed by the host list; its redirect to a loopback literal is not.
		const listed = createOutboundFetch({ policy: parseAllowPrivate('public.example'), lookup });
		await expect(listed(`http://public.example:${port}/hop`)).rejects.toThrow(
			/redirect points at 127.0.0.1, which is a loopback address/
		);
		const open = createOutboundFetch({ policy: ALLOW_ALL_POLICY, maxRedirects: 2 });
		const followed = await open(`http://127.0.0.1:${port}/hop`);
		expect(await followed.text()).toBe('inside');
		await expect(open(`http://127.0.0.1:${port}/loop`)).rejects.toThrow(/more than 2 redirects/);
		await expect(open(`http://127.0.0.1:${port}/hop`, { redirect: 'error' })).rejects.toThrow(/redirect/);
	});

	it('answers like fetch when allowed: status, headers, body, timeout reason', async () => {
		const open = createOutboundFetch({ policy: ALLOW_ALL_POLICY });
		const response = await open(`http://127.0.0.1:${port}/feed`, { headers: { accept: 'text/plain' } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/plain');
		expect(await response.text()).toBe('inside');
		const zipped = await open(`http://127.0.0.1:${port}/gzip`);
		expect(zipped.headers.get('content-encoding')).toBeNull();
		expect(await zipped.text()).toBe('<rss>zipped</rss>');
		await expect(
			open(`http://127.0.0.1:${port}/feed`, { signal: AbortSignal.abort(new Error('stopped')) })
		).rejects.toThrow('stopped');
	});
});
