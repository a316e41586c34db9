/**
 * Cost of the SSRF guard on outbound requests (feed polls, alert deliveries, Graph API reads): sequential
 * GETs of a small feed from a local server through the guarded fetch (URL check, DNS lookup of `localhost`
 * filtered address by address, node:http, a new connection per request) against Node's built-in fetch
 * (undici, keep-alive) in the same run. The guard runs here with `127.0.0.0/8` allow-listed so the full
 * lookup-and-classify path is taken for every request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutboundFetch, parseAllowPrivate } from '../lib/server/net/outbound';
import type { BenchResult, BenchRun } from './types';

const REQUESTS = 2000;
const BODY = `<rss version="2.0"><channel><title>bench</title>${'<item><title>x</title></item>'.repeat(50)}</channel></rss>`;

async function measure(
	fetcher: typeof fetch,
	url: string
): Promise<{ perSecond: number; p50: number; p99: number }> {
	const times: number[] = [];
	for (let i = 0; i < 100; i += 1) await (await fetcher(url)).text();
	const started = performance.now();
	for (let i = 0; i < REQUESTS; i += 1) {
		const t = performance.now();
		await (await fetcher(url)).text();
		times.push(performance.now() - t);
	}
	const elapsed = performance.now() - started;
	times.sort((a, b) => a - b);
	return {
		perSecond: Math.round((REQUESTS / elapsed) * 1000),
		p50: Number(times[Math.floor(times.length * 0.5)]!.toFixed(3)),
		p99: Number(times[Math.floor(times.length * 0.99)]!.toFixed(3))
	};
}

export const run: BenchRun = async (): Promise<BenchResult> => {
	const server = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(BODY);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://localhost:${(server.address() as AddressInfo).port}/rss`;
	const guarded = createOutboundFetch({ policy: parseAllowPrivate('127.0.0.0/8,::1') });
	try {
		const baseline = await measure((...args) => fetch(...args), url);
		const guard = await measure(guarded, url);
		return {
			name: 'outbound',
			description: `${REQUESTS} sequential GETs of a 1.6 KB feed from localhost: SSRF-guarded fetch vs built-in fetch`,
			figures: [
				{
					metric: 'guarded fetch requests/s',
					value: guard.perSecond,
					unit: 'req/s',
					baseline: { name: 'built-in fetch (keep-alive)', value: baseline.perSecond },
					ratio: Number((guard.perSecond / baseline.perSecond).toFixed(2))
				},
				{
					metric: 'guarded fetch p50 latency',
					value: guard.p50,
					unit: 'ms',
					baseline: { name: 'built-in fetch p50', value: baseline.p50 }
				},
				{
					metric: 'guarded fetch p99 latency',
					value: guard.p99,
					unit: 'ms',
					baseline: { name: 'built-in fetch p99', value: baseline.p99 }
				}
			],
			notes: [
				'Feeds are polled every 15 minutes by default and alerts are rare: a millisecond per request is noise there.'
			]
		};
	} finally {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
};
