/**
 * Soak check for the wall screen: a board of six rotating panels in Chromium, fed by a server that emits
 * snapshots as fast as it can (100 ms ticks, a mention every 100 ms, every API panel polled each second),
 * for as many updates as two hours of a normal wall get. Fails if the JS heap grows by more than 10% or the
 * DOM node count grows, measured after a forced GC, always on the same panel so the DOM is comparable.
 *
 *   npm run build && npx tsx tests/soak/wall-soak.ts            # two hours' worth (7,200 snapshots)
 *   npx tsx tests/soak/wall-soak.ts --minutes 10 --warmup 180   # shortened (measured minutes after warm-up)
 *
 * Not a *.spec.ts, so the default Playwright run leaves it out.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { freePort, TestServer } from '../../src/lib/server/testing/server-process';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
	args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
/** A normal wall gets one snapshot a second at most (1 s ticks): two hours is 7,200 of them. */
const TARGET_SNAPSHOTS = Number(args.get('snapshots') ?? 7200);
const MAX_MINUTES = Number(args.get('minutes') ?? 120);
/**
 * V8 keeps compiling hot functions for the first minutes (the "(code)" space grows by a few hundred KB,
 * measured with --diff), which is not a leak; the baseline is taken once that has settled.
 */
const WARMUP_MS = Number(args.get('warmup') ?? 180) * 1000;
const BRANDS = ['soak-a', 'soak-b'];
const MAX_HEAP_GROWTH = 0.1;

interface Sample {
	at: number;
	snapshots: number;
	heapUsed: number;
	nodes: number;
	listeners: number;
	documents: number;
}

async function measure(page: Page, cdp: CDPSession, snapshots: number, started: number): Promise<Sample> {
	// Compare like with like: wait for the first panel to come round again, then collect garbage twice.
	await page.locator('[data-testid="wall"][data-panel="0"]').waitFor({ timeout: 60_000 });
	await page.waitForTimeout(500);
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
	return {
		at: Math.round((Date.now() - started) / 1000),
		snapshots,
		heapUsed: metric('JSHeapUsedSize'),
		nodes: metric('Nodes'),
		listeners: metric('JSEventListeners'),
		documents: metric('Documents')
	};
}

type Census = Map<string, { count: number; size: number }>;

/** Objects by constructor name in a heap snapshot: diffing two of them names what grows. */
async function heapCensus(cdp: CDPSession): Promise<Census> {
	const chunks: string[] = [];
	const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
	cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
	await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
	cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
	const snapshot = JSON.parse(chunks.join('')) as {
		snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
		nodes: number[];
		strings: string[];
	};
	const fields = snapshot.snapshot.meta.node_fields;
	const types = snapshot.snapshot.meta.node_types[0];
	const width = fields.length;
	const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
		number,
		number,
		number
	];
	const census: Census = new Map();
	for (let i = 0; i < snapshot.nodes.length; i += width) {
		const type = types[snapshot.nodes[i + typeAt]!]!;
		const name =
			type === 'object' || type === 'closure' ? snapshot.strings[snapshot.nodes[i + nameAt]!]! : `(${type})`;
		const entry = census.get(name) ?? { count: 0, size: 0 };
		entry.count += 1;
		entry.size += snapshot.nodes[i + sizeAt]!;
		census.set(name, entry);
	}
	return census;
}

function printGrowth(before: Census, after: Census): void {
	const rows = [...after].map(([name, { count, size }]) => {
		const was = before.get(name) ?? { count: 0, size: 0 };
		return { name: name.slice(0, 60), count: count - was.count, bytes: size - was.size };
	});
	rows.sort((a, b) => b.bytes - a.bytes);
	console.log('largest growth by constructor:');
	console.table(rows.slice(0, 15));
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<void> {
	const server = new TestServer(Number(args.get('port')) || (await freePort()), {
		BRANDPULSE_TICK_MS: '100',
		BRANDPULSE_FLUSH_INTERVAL_MS: '50'
	});
	await server.start();
	const auth = { authorization: `Bearer ${server.masterKey}`, 'content-type': 'application/json' };
	let feeding = true;
	let posted = 0;
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--js-flags=--expose-gc']
	});
	try {
		const panels = BRANDS.flatMap((brand) => [
			{ brand, view: 'kpis', window: '15m' },
			{ brand, view: 'volume', window: '1h' },
			{ brand, view: 'queue', window: '1h' }
		]);
		panels.push(
			{ brand: BRANDS[0]!, view: 'sentiment', window: '1h' },
			{ brand: BRANDS[1]!, view: 'latency', window: '1h' }
		);
		const created = await fetch(`${server.url}/api/v1/boards`, {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({ id: 'soak', name: 'Soak', panels, rotate_seconds: 5 })
		});
		if (created.status !== 201) throw new Error(`board: ${created.status} ${await created.text()}`);
		const token = (await (
			await fetch(`${server.url}/api/v1/boards/soak/tokens`, { method: 'POST', headers: auth })
		).json()) as {
			url: string;
		};

		// Bounded feeder on loopback only: a mention every 100 ms, alternating brands, until the run ends.
		const feeder = (async () => {
			while (feeding) {
				const brand = BRANDS[posted % BRANDS.length]!;
				posted += 1;
				await fetch(`${server.url}/api/v1/mentions`, {
					method: 'POST',
					headers: auth,
					body: JSON.stringify({
						id: `soak-${posted}`,
						brand,
						source: 'twitter',
						text: posted % 3 ? 'love the new app, great service' : 'terrible wait, still no refund',
						created_at: new Date().toISOString(),
						author: `user${posted % 50}`,
						author_followers: (posted * 37) % 5000
					})
				}).catch(() => undefined);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		})();

		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		let snapshots = 0;
		page.on('websocket', (socket) => {
			socket.on('framereceived', ({ payload }) => {
				if (typeof payload === 'string' && payload.startsWith('42["metrics"')) snapshots += 1;
			});
		});
		let reloads = 0;
		page.on('load', () => (reloads += 1));
		// poll=1: the spike list and the queue/drivers panels are fetched every second instead of every 30 s.
		await page.goto(`${token.url}&poll=1`);
		await page.getByTestId('wall').waitFor();
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');

		const started = Date.now();
		await page.waitForTimeout(WARMUP_MS);
		const samples = [await measure(page, cdp, snapshots, started)];
		// A census at both ends names whatever grew, so a failure says where to look.
		const censusBefore = await heapCensus(cdp);
		console.log('start', samples[0]);
		const deadline = Date.now() + MAX_MINUTES * 60_000;
		while (snapshots < TARGET_SNAPSHOTS && Date.now() < deadline) {
			await page.waitForTimeout(Math.min(60_000, Math.max(1000, deadline - Date.now())));
			const sample = await measure(page, cdp, snapshots, started);
			samples.push(sample);
			console.log(
				`t=${sample.at}s snapshots=${sample.snapshots} heap=${mb(sample.heapUsed)} nodes=${sample.nodes} listeners=${sample.listeners}`
			);
		}
		printGrowth(censusBefore, await heapCensus(cdp));
		const first = samples[0]!;
		const last = samples.at(-1)!;
		const growth = (last.heapUsed - first.heapUsed) / first.heapUsed;
		const stale = await page.getByTestId('wall-stale').count();
		console.log(
			JSON.stringify(
				{
					snapshots_received: last.snapshots,
					mentions_posted: posted,
					minutes: Math.round((Date.now() - started) / 600) / 100,
					page_loads: reloads,
					heap_start: mb(first.heapUsed),
					heap_end: mb(last.heapUsed),
					heap_max: mb(Math.max(...samples.map((s) => s.heapUsed))),
					heap_growth: `${(growth * 100).toFixed(1)}%`,
					nodes_start: first.nodes,
					nodes_end: last.nodes,
					listeners_start: first.listeners,
					listeners_end: last.listeners,
					stale_overlay_at_end: stale > 0
				},
				null,
				2
			)
		);
		const failures: string[] = [];
		if (growth > MAX_HEAP_GROWTH) failures.push(`JS heap grew ${(growth * 100).toFixed(1)}% (limit 10%)`);
		if (last.nodes > first.nodes) failures.push(`DOM nodes grew from ${first.nodes} to ${last.nodes}`);
		if (last.listeners > first.listeners)
			failures.push(`listeners grew from ${first.listeners} to ${last.listeners}`);
		if (reloads !== 1) failures.push(`the page loaded ${reloads} times`);
		if (samples.length < 2) failures.push('too short to compare: raise --minutes');
		if (failures.length) {
			console.error(`FAIL: ${failures.join('; ')}`);
			process.exitCode = 1;
		} else {
			console.log('PASS: heap and DOM flat');
		}
		feeding = false;
		await feeder;
	} finally {
		feeding = false;
		await browser.close();
		await server.dispose();
	}
}

await main();
