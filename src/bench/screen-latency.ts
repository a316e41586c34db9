import type { BenchRun } from './types';
import type { MetricsSnapshot } from '../lib/metrics';
import { TestServer } from '../lib/server/testing/server-process';
import { ensureBuild, freePort, percentile, round } from './_support';
import { openSubscribers, postMentions } from './_sockets';

const CLIENTS = Number(process.env.BENCH_SCREEN_CLIENTS ?? 500);
const RATE = Number(process.env.BENCH_SCREEN_RATE ?? 5000);
const SECONDS = 15;
const POSTS_PER_SECOND = 10;
const BRANDS = ['screen-a', 'screen-b', 'screen-c', 'screen-d', 'screen-e'];

/**
 * Ingest to screen: while mentions are posted at RATE per second, the time from a POST's answer to the
 * first `metrics` event on each of CLIENTS sockets that reflects it. The baseline is the server's own
 * flush interval plus one tick, what a design that recomputes on the tick alone would add.
 */
export const run: BenchRun = async () => {
	ensureBuild();
	const server = new TestServer(await freePort(), { BRANDPULSE_LOG_LEVEL: 'error' });
	await server.start();
	const { url, masterKey } = server;
	try {
		const sockets = await openSubscribers(url, masterKey, CLIENTS, (index) => ({
			brand: BRANDS[index % BRANDS.length]!,
			window: '15m'
		}));
		/** Per brand: cumulative mentions after each acknowledged POST, and when it was acknowledged. */
		const acknowledged = new Map(BRANDS.map((brand) => [brand, [] as { total: number; at: number }[]]));
		const totals = new Map(BRANDS.map((brand) => [brand, 0]));
		const delays: number[] = [];
		const nextPending = new Map<(typeof sockets)[number], number>();
		for (const socket of sockets) {
			nextPending.set(socket, 0);
			socket.on('metrics', (snapshot: MetricsSnapshot) => {
				const posts = acknowledged.get(snapshot.brand)!;
				let index = nextPending.get(socket)!;
				const now = Date.now();
				while (index < posts.length && posts[index]!.total <= snapshot.kpis.mentions) {
					delays.push(now - posts[index]!.at);
					index += 1;
				}
				nextPending.set(socket, index);
			});
		}

		const perPost = RATE / POSTS_PER_SECOND;
		let serial = 0;
		const started = performance.now();
		const inFlight: Promise<void>[] = [];
		for (let post = 0; post < SECONDS * POSTS_PER_SECOND; post += 1) {
			const brand = BRANDS[post % BRANDS.length]!;
			const batch = Array.from({ length: perPost }, () => ({
				id: `screen-${serial++}`,
				brand,
				source: 'twitter',
				text: 'my flight was cancelled and nobody answers',
				created_at: new Date().toISOString()
			}));
			inFlight.push(
				postMentions(url, masterKey, batch).then(() => {
					const total = totals.get(brand)! + perPost;
					totals.set(brand, total);
					acknowledged.get(brand)!.push({ total, at: Date.now() });
				})
			);
			const due = started + ((post + 1) * 1000) / POSTS_PER_SECOND;
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
		}
		await Promise.all(inFlight);
		const achievedRate = (serial / (performance.now() - started)) * 1000;
		// Let the last posts reach every screen: wait for the next round of events, not a fixed sleep.
		await Promise.all(
			sockets.map(
				(socket) =>
					new Promise<void>((resolve) => {
						const check = () => {
							const brand = BRANDS[sockets.indexOf(socket) % BRANDS.length]!;
							if (nextPending.get(socket)! >= acknowledged.get(brand)!.length) {
								socket.off('metrics', check);
								resolve();
							}
						};
						socket.on('metrics', check);
						check();
					})
			)
		);
		for (const socket of sockets) socket.close();
		delays.sort((a, b) => a - b);
		const tickOnly = 200 + 1000;
		return {
			name: 'screen-latency',
			description: `${CLIENTS} sockets on ${BRANDS.length} brands while ingesting ${Math.round(achievedRate)} mentions/s for ${SECONDS} s`,
			figures: [
				{ metric: 'POST answer to screen p50', value: percentile(delays, 50), unit: 'ms' },
				{
					metric: 'POST answer to screen p95',
					value: percentile(delays, 95),
					unit: 'ms',
					baseline: { name: 'flush interval + one tick (worst case without dirty push)', value: tickOnly },
					ratio: round(tickOnly / percentile(delays, 95), 1),
					target: '<= 1000 ms',
					pass: percentile(delays, 95) <= 1000
				},
				{
					metric: 'POST answer to screen p99',
					value: percentile(delays, 99),
					unit: 'ms',
					target: '<= 2000 ms',
					pass: percentile(delays, 99) <= 2000
				},
				{
					metric: 'ingest rate achieved',
					value: Math.round(achievedRate),
					unit: 'mentions/s',
					target: `${RATE} mentions/s`,
					pass: achievedRate >= RATE * 0.95
				}
			],
			notes: [`${delays.length} (post, screen) pairs measured`]
		};
	} finally {
		await server.dispose();
	}
};
