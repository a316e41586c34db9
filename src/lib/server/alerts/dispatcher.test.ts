import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpikeInfo } from '../../metrics';
import { openTestClickHouse } from '../testing/clickhouse';
import { backoffMs } from './deliver';
import { ALLOW_ALL_POLICY, outboundFetchFor } from '../net/outbound';
import { AlertDispatcher } from './dispatcher';
import { AlertStore } from './store';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let server: HttpServer;
let base: string;
const hits: { path: string; body: string }[] = [];
/** The receiver is on loopback, which the default (guarded) fetch refuses; see the last test. */
const localFetch = outboundFetchFor(ALLOW_ALL_POLICY);
/** Status to answer per path. */
const answers = new Map<string, number>();

beforeAll(async () => {
	db = await openTestClickHouse();
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			hits.push({ path: req.url ?? '', body });
			res.writeHead(answers.get(req.url ?? '') ?? 200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
	await db?.close();
});

const spike = (id: string, brand: string, phase: SpikeInfo['phase'], severity = 6): SpikeInfo => ({
	id,
	brand,
	metric: 'volume',
	source: null,
	phase,
	direction: 'up',
	started_at: 1_700_000_000_000,
	detected_at: 1_700_000_060_000,
	peak_at: 1_700_000_120_000,
	ended_at: phase === 'resolved' ? 1_700_000_600_000 : null,
	severity,
	peak_value: 40,
	peak_expected: 5
});

describe('AlertDispatcher', () => {
	it('keeps backoff within [step/2, step], doubling up to the cap', () => {
		for (const attempt of [1, 2, 3, 8]) {
			const step = Math.min(10_000, 500 * 2 ** (attempt - 1));
			expect(backoffMs(attempt, 500, 10_000, () => 0)).toBe(step / 2);
			expect(backoffMs(attempt, 500, 10_000, () => 0.999999)).toBeCloseTo(step, 0);
		}
	});

	it('sends Slack-shaped alerts, honours severity and cooldown, gives up and refuses as it should', async () => {
		const store = new AlertStore(db.client);
		let now = 1_700_000_000_000;
		await store.createWebhook({ url: `${base}/slack`, kind: 'slack', brands: ['zeta'] });
		await store.createWebhook({ url: `${base}/down`, kind: 'generic', brands: ['omega'] });
		await store.createWebhook({ url: `${base}/gone`, kind: 'generic', brands: ['omega'] });
		answers.set('/down', 503);
		answers.set('/gone', 410);
		await store.createRule({ brand: 'zeta', metric: 'volume', min_severity: 5, cooldown_s: 600 });
		await store.createRule({ brand: 'omega', metric: 'any', min_severity: 1, cooldown_s: 0 });
		const dispatcher = new AlertDispatcher(store, {
			now: () => now,
			baseDelayMs: 5,
			maxDelayMs: 20,
			maxAttempts: 3,
			fetch: localFetch
		});
		await dispatcher.start();

		// Below the rule's minimum: nothing; once severe enough: one alert for the phase it is in.
		await dispatcher.consider(spike('aaaaaaaaaaaaaaaa', 'zeta', 'forming', 3));
		await dispatcher.consider(spike('aaaaaaaaaaaaaaaa', 'zeta', 'forming', 7));
		await dispatcher.consider(spike('aaaaaaaaaaaaaaaa', 'zeta', 'forming', 8));
		// A second spike within the cooldown is suppressed; its later phases are not sent either.
		now += 60_000;
		await dispatcher.consider(spike('bbbbbbbbbbbbbbbb', 'zeta', 'forming', 9));
		await dispatcher.consider(spike('bbbbbbbbbbbbbbbb', 'zeta', 'resolved', 9));
		// The first spike's resolution still goes out.
		await dispatcher.consider(spike('aaaaaaaaaaaaaaaa', 'zeta', 'resolved', 8));
		// omega: one webhook keeps failing (retried, then given up), the other refuses (not retried).
		await dispatcher.consider(spike('cccccccccccccccc', 'omega', 'forming', 2));
		await dispatcher.idle();

		const slack = hits
			.filter((h) => h.path === '/slack')
			.map((h) => JSON.parse(h.body) as { text: string; blocks: unknown[] });
		expect(slack).toHaveLength(2);
		expect(slack[0]!.text).toMatch(/^zeta: mention volume is spiking — 7\.0σ above expected/);
		expect(slack[0]!.blocks.length).toBeGreaterThan(0);
		expect(slack[1]!.text).toMatch(/back to normal/);
		expect(hits.filter((h) => h.path === '/down')).toHaveLength(3);
		expect(hits.filter((h) => h.path === '/gone')).toHaveLength(1);

		const log = await store.listLog({ from: 0, to: now + 1000, limit: 100 });
		const outcomes = log.map((e) => `${e.spike_id.slice(0, 1)}:${e.phase}:${e.outcome}:${e.attempt}`).sort();
		expect(outcomes).toEqual(
			[
				'a:forming:delivered:1',
				'a:resolved:delivered:1',
				'b:forming:suppressed:0',
				'c:forming:failed:1',
				'c:forming:failed:2',
				'c:forming:gave_up:3',
				'c:forming:rejected:1'
			].sort()
		);

		// After a restart the log is the memory: nothing settled is sent again.
		const restarted = new AlertDispatcher(store, {
			now: () => now,
			baseDelayMs: 5,
			maxDelayMs: 20,
			fetch: localFetch
		});
		await restarted.start();
		const before = hits.length;
		await restarted.consider(spike('aaaaaaaaaaaaaaaa', 'zeta', 'resolved', 8));
		await restarted.consider(spike('cccccccccccccccc', 'omega', 'forming', 2));
		await restarted.idle();
		expect(hits.length).toBe(before);
	}, 60_000);

	it('by default refuses a webhook that points inside (the SSRF guard), and logs why', async () => {
		const store = new AlertStore(db.client);
		await store.createWebhook({ url: `${base}/inside`, kind: 'generic', brands: ['theta'] });
		await store.createRule({ brand: 'theta', metric: 'any', min_severity: 1, cooldown_s: 0 });
		const dispatcher = new AlertDispatcher(store, { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 });
		await dispatcher.start();
		await dispatcher.consider(spike('dddddddddddddddd', 'theta', 'forming', 4));
		await dispatcher.idle();
		expect(hits.filter((h) => h.path === '/inside')).toHaveLength(0);
		const log = await store.listLog({ from: 0, to: Date.now() + 1000, limit: 100 });
		const entries = log.filter((e) => e.spike_id.startsWith('d'));
		expect(entries.length).toBeGreaterThan(0);
		expect(entries.every((e) => e.outcome !== 'delivered')).toBe(true);
	}, 60_000);
});
