import os from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRun } from './types';
import type { MetricsWindow } from '../lib/metrics';
import type { StatsResponse } from '../routes/api/v1/stats/+server';
import { TestServer } from '../lib/server/testing/server-process';
import { ensureBuild, freePort, percentile, processStats, round } from './_support';
import { adminGet, openSubscribers, postMentions } from './_sockets';
import type { FanoutWorkerData, FanoutWorkerMessage, FanoutWorkerRequest } from './_fanout-clients';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 5000);
const POLLERS = Number(process.env.BENCH_FANOUT_POLLERS ?? 200);
/** Client processes: 5,000 sockets in one event loop measure that loop's queue more than the server. */
const WORKERS = Number(process.env.BENCH_FANOUT_WORKERS ?? 4);
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

type Received = Extract<FanoutWorkerMessage, { type: 'received' }>;

/** One child process holding a share of the clients, spoken to by request and awaited reply. */
class ClientProcess {
	readonly #child: ChildProcess;
	readonly #replies: ((message: FanoutWorkerMessage) => void)[] = [];
	readonly opened: Promise<void>;
	/** Mean size of the whole snapshots its clients were acknowledged with. */
	snapshotBytes = 0;

	constructor(data: FanoutWorkerData) {
		this.#child = fork(
			fileURLToPath(new URL('./_fanout-clients.ts', import.meta.url)),
			[JSON.stringify(data)],
			{
				execArgv: ['--import', 'tsx'],
				stdio: ['ignore', 'inherit', 'inherit', 'ipc']
			}
		);
		let opened!: () => void;
		let failed!: (error: Error) => void;
		this.opened = new Promise<void>((resolve, reject) => ((opened = resolve), (failed = reject)));
		this.#child.on('error', failed);
		this.#child.on('exit', (code) => code && failed(new Error(`client process exited with ${code}`)));
		this.#child.on('message', (message: FanoutWorkerMessage) => {
			if (message.type === 'open') {
				this.snapshotBytes = message.snapshotBytes;
				opened();
			} else this.#replies.shift()?.(message);
		});
	}

	get cpuSeconds(): number {
		return processStats(this.#child.pid!).cpuSeconds;
	}

	#ask<T extends FanoutWorkerMessage>(request: FanoutWorkerRequest, replies = 1): Promise<T>[] {
		const answers = Array.from(
			{ length: replies },
			() => new Promise<T>((resolve) => this.#replies.push(resolve as (m: FanoutWorkerMessage) => void))
		);
		this.#child.send(request);
		return answers;
	}

	/** Resolves once armed, with the promise of the moment every socket of the process showed `mentions`. */
	async arm(mentions: number): Promise<{ received: Promise<Received> }> {
		const [armed, received] = this.#ask({ type: 'arm', mentions }, 2);
		await armed;
		// Wrapped: an async function returning a promise would wait for it.
		return { received: received as Promise<Received> };
	}

	async close(): Promise<void> {
		await this.#ask({ type: 'close' })[0];
	}

	kill(): void {
		if (this.#child.exitCode === null) this.#child.kill();
	}
}

/**
 * 5,000 websocket clients over 12 views (4 brands x 3 windows) on one node: snapshot queries per tick,
 * broadcast delay (server emit to client receipt, from the emit time carried in the payload), server memory
 * per connection; against a per-client polling baseline measured in the same run (each client fetching its
 * view once a second, as a refresh-per-panel dashboard does). The clients run in child processes on the
 * same 2 cores as the server: their CPU is reported next to the server's.
 */
export const run: BenchRun = async () => {
	ensureBuild();
	const server = new TestServer(await freePort(), { BRANDPULSE_LOG_LEVEL: 'error' });
	await server.start();
	const { url, masterKey } = server;
	const stats = () => adminGet<StatsResponse>(url, masterKey, '/api/v1/stats');
	const workers: ClientProcess[] = [];
	try {
		await postMentions(url, masterKey, oneMentionPerBrand());
		// One socket per view first, so the views' own cost is not counted as per-connection memory.
		const seeds = await openSubscribers(url, masterKey, VIEWS.length, viewOf);
		const before = processStats(server.pid!).rssBytes;
		for (let w = 0; w < WORKERS; w += 1) {
			const offset = Math.floor((w * CLIENTS) / WORKERS);
			const count = Math.floor(((w + 1) * CLIENTS) / WORKERS) - offset;
			workers.push(new ClientProcess({ url, token: masterKey, count, views: VIEWS, offset }));
		}
		await Promise.all(workers.map((worker) => worker.opened));
		// A first round that every client sees, so the memory figure includes a broadcast's buffers.
		const first = await Promise.all(workers.map((worker) => worker.arm(1)));
		await Promise.all(first.map((armed) => armed.received));
		const after = processStats(server.pid!).rssBytes;
		const perConnection = (after - before) / CLIENTS;

		const fromEmit: number[] = [];
		const fromCompute: number[] = [];
		let updates = 0;
		let deltas = 0;
		let bytes = 0;
		let resyncs = 0;
		let tickQueries = 0;
		const serverCpu0 = processStats(server.pid!).cpuSeconds;
		const clientCpu = () => workers.reduce((sum, worker) => sum + worker.cpuSeconds, 0);
		const clientCpu0 = clientCpu();
		const rounds0 = performance.now();
		for (let round = 1; round <= ROUNDS; round += 1) {
			const received = await Promise.all(workers.map((worker) => worker.arm(round + 1)));
			await postMentions(url, masterKey, oneMentionPerBrand());
			for (const report of await Promise.all(received.map((armed) => armed.received))) {
				fromEmit.push(...report.fromEmit);
				fromCompute.push(...report.fromCompute);
				updates += report.updates;
				deltas += report.deltas;
				bytes += report.bytes;
				resyncs += report.resyncs;
			}
			tickQueries = Math.max(tickQueries, (await stats()).last_tick_queries);
		}
		const roundSeconds = (performance.now() - rounds0) / 1000;
		const snapshotBytes = workers.reduce((sum, worker) => sum + worker.snapshotBytes, 0) / workers.length;
		const serverCores = (processStats(server.pid!).cpuSeconds - serverCpu0) / roundSeconds;
		const clientCores = (clientCpu() - clientCpu0) / roundSeconds;
		fromEmit.sort((a, b) => a - b);
		fromCompute.sort((a, b) => a - b);
		const delays = fromEmit;

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
		await Promise.all(workers.splice(0).map((worker) => worker.close()));
		for (const socket of seeds) socket.close();

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
			description: `${CLIENTS} websocket clients (${WORKERS} client processes) over ${VIEWS.length} views; polling baseline ${POLLERS} clients at 1 request/s, scaled to ${CLIENTS}`,
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
					target: 'server emit to receipt, all clients'
				},
				{
					metric: 'broadcast delay p99',
					value: percentile(delays, 99),
					unit: 'ms',
					target: '<= 250 ms',
					pass: percentile(delays, 99) <= 250
				},
				{
					metric: 'compute to receipt p50 / p99',
					value: percentile(fromCompute, 50),
					unit: `ms / ${percentile(fromCompute, 99)} ms`
				},
				{
					metric: 'bytes per update (mean)',
					value: Math.round(bytes / Math.max(1, updates)),
					unit: 'B',
					baseline: { name: 'whole snapshot', value: Math.round(snapshotBytes) },
					ratio: round(snapshotBytes / Math.max(1, bytes / Math.max(1, updates)), 1),
					target: `${round((100 * deltas) / Math.max(1, updates), 1)}% deltas, ${resyncs} resyncs`
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
				`during the rounds the server used ${round(serverCores, 2)} cores and the ${CLIENTS} clients ${round(clientCores, 2)} cores of the machine's 2 (load average ${os
					.loadavg()
					.map((l) => l.toFixed(2))
					.join(' ')} at the end)`,
				`polling measured: ${POLLERS} clients served ${round(pollQueriesPerSecond, 1)} requests/s on ${round(polling.cpuPerSecond, 3)} cores (${round(pollCpuPerRequest * 1000, 2)} ms CPU a request); at ${CLIENTS} clients x 1/s that is the baseline shown, which this machine could not serve at all`,
				`ratios are polling / push: how many times more the polling design costs`
			]
		};
	} finally {
		for (const worker of workers) worker.kill();
		await server.dispose();
	}
};
