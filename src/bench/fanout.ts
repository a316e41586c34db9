import type { BenchRun } from './types';
import type { MetricsSnapshot, MetricsWindow } from '../lib/metrics';
import type { StatsResponse } from '../routes/api/v1/stats/+server';
import { TestServer } from '../lib/server/testing/server-process';
import { ensureBuild, freePort, percentile, processStats, round } from './_support';
import { adminGet, openSubscribers, postMentions, type BenchSocket } from './_sockets';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 5000);
const POLLERS = Number(process.env.BENCH_FANOUT_POLLERS ?? 200);
const BRANDS = ['fan-a', 'fan-b', 'fan-c', 'fan-d'];
const WINDOWS: MetricsWindow[] = ['15m', '1h', '24h'];
const VIEWS = BRANDS.flatMap((brand) => WINDOWS.map((window) => ({ brand, window })));
const ROUNDS = 5;
const STEADY_SECONDS = 10;

const viewOf = (index: number) => VIEWS[index % VIEWS.length]!;
let serial = 0;
const oneMentionPerBrand = () =>
	BRANDS.map((brand) => ({
		id: `fan-${serial++}`,
		brand,
		source: 'twitter',
		text: 'still waiting for an answer',
		created_at: new Date().toISOString()
	}));

/** Waits until every socket has seen a snapshot with at least `mentions`; returns receive minus compute time. */
function broadcastDelays(sockets: BenchSocket[], mentions: number): Promise<number[]> {
	return Promise.all(
		sockets.map(
			(socket) =>
				new Promise<number>((resolve) => {
					const listener = (snapshot: MetricsSnapshot) => {
						if (snapshot.kpis.mentions < mentions) return;
						socket.off('metrics', listener);
						resolve(Date.now() - snapshot.at);
					};
					socket.on('metrics', listener);
				})
		)
	);
}

/**
 * 5,000 websocket clients over 12 views (4 brands x 3 windows) on one node: snapshot queries per tick,
 * broadcast delay, server memory per connection; against a per-client polling baseline measured in the
 * same run (each client fetching its view once a second, as a refresh-per-panel dashboard does).
 */
export const run: BenchRun = async () => {
	ensureBuild();
	const server = new TestServer(await freePort(), { BRANDPULSE_LOG_LEVEL: 'error' });
	await server.start();
	const { url, masterKey } = server;
	const stats = () => adminGet<StatsResponse>(url, masterKey, '/api/v1/stats');
	try {
		await postMentions(url, masterKey, oneMentionPerBrand());
		// One socket per view first, so the views' own cost is not counted as per-connection memory.
		const seeds = await openSubscribers(url, masterKey, VIEWS.length, viewOf);
		const before = processStats(server.pid!).rssBytes;
		const sockets = await openSubscribers(url, masterKey, CLIENTS, viewOf);
		await broadcastDelays(sockets.slice(0, 1), 0);
		const after = processStats(server.pid!).rssBytes;
		const perConnection = (after - before) / CLIENTS;

		const delays: number[] = [];
		let tickQueries = 0;
		for (let round = 1; round <= ROUNDS; round += 1) {
			const received = broadcastDelays(sockets, round + 1);
			await postMentions(url, masterKey, oneMentionPerBrand());
			delays.push(...(await received));
			tickQueries = Math.max(tickQueries, (await stats()).last_tick_queries);
		}
		delays.sort((a, b) => a - b);

		const steady = async (load: () => Promise<void>) => {
			const cpuBefore = processStats(server.pid!).cpuSeconds;
			const queriesBefore = (await stats()).snapshot_queries_total;
			const started = performance.now();
			await load();
			const seconds = (performance.now() - started) / 1000;
			return {
				cpuPerSecond: (processStats(server.pid!).cpuSeconds - cpuBefore) / seconds,
				queriesPerSecond: ((await stats()).snapshot_queries_total - queriesBefore) / seconds,
				seconds
			};
		};
		const oncePerSecond = async (perSecond: () => Promise<unknown>) => {
			for (let second = 0; second < STEADY_SECONDS; second += 1) {
				const started = performance.now();
				await perSecond();
				await new Promise((resolve) =>
					setTimeout(resolve, Math.max(0, 1000 - (performance.now() - started)))
				);
			}
		};
		const push = await steady(() => oncePerSecond(() => postMentions(url, masterKey, oneMentionPerBrand())));
		for (const socket of [...sockets, ...seeds]) socket.close();

		let pollRequests = 0;
		const polling = await steady(() =>
			oncePerSecond(() =>
				Promise.all(
					Array.from({ length: POLLERS }, async (_, index) => {
						const { brand, window } = viewOf(index);
						await fetch(`${url}/api/v1/metrics?brand=${brand}&window=${window}`, {
							headers: { authorization: `Bearer ${masterKey}` }
						}).then((response) => response.arrayBuffer());
						pollRequests += 1;
					})
				)
			)
		);
		const pollQueriesPerSecond = pollRequests / polling.seconds;
		// The polling design asks once per client per second by definition; its CPU is what one request costs.
		const pollCpuPerRequest = polling.cpuPerSecond / pollQueriesPerSecond;
		const pollingAtScale = { queries: CLIENTS, cpu: pollCpuPerRequest * CLIENTS };

		return {
			name: 'fanout',
			description: `${CLIENTS} websocket clients over ${VIEWS.length} views; polling baseline ${POLLERS} clients at 1 request/s, scaled to ${CLIENTS}`,
			figures: [
				{
					metric: 'snapshot queries in a tick',
					value: tickQueries,
					unit: 'queries',
					target: `<= distinct views (${VIEWS.length})`,
					pass: tickQueries <= VIEWS.length
				},
				{
					metric: 'broadcast delay p50',
					value: percentile(delays, 50),
					unit: 'ms',
					target: 'compute to receive, all clients'
				},
				{
					metric: 'broadcast delay p99',
					value: percentile(delays, 99),
					unit: 'ms',
					target: '<= 250 ms',
					pass: percentile(delays, 99) <= 250
				},
				{
					metric: 'server memory per connection',
					value: round(perConnection / 1024, 1),
					unit: 'KB',
					target: '<= 50 KB',
					pass: perConnection <= 50 * 1024
				},
				{
					metric: 'ClickHouse queries per second, push',
					value: round(push.queriesPerSecond, 1),
					unit: 'queries/s',
					baseline: {
						name: `polling, ${CLIENTS} clients (scaled)`,
						value: Math.round(pollingAtScale.queries)
					},
					ratio: round(pollingAtScale.queries / Math.max(push.queriesPerSecond, 0.001), 0)
				},
				{
					metric: 'server CPU, push',
					value: round(push.cpuPerSecond, 3),
					unit: 'cores',
					baseline: { name: `polling, ${CLIENTS} clients (scaled)`, value: round(pollingAtScale.cpu, 2) },
					ratio: round(pollingAtScale.cpu / Math.max(push.cpuPerSecond, 0.001), 1)
				}
			],
			notes: [
				`polling measured: ${POLLERS} clients served ${round(pollQueriesPerSecond, 1)} requests/s on ${round(polling.cpuPerSecond, 3)} cores (${round(pollCpuPerRequest * 1000, 2)} ms CPU a request); at ${CLIENTS} clients x 1/s that is the baseline shown, which this machine could not serve at all`,
				`ratios are polling / push: how many times more the polling design costs`
			]
		};
	} finally {
		await server.dispose();
	}
};
