import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpikeInfo } from '../../metrics';
import { viewRoom, type ClientToServerEvents, type ServerToClientEvents } from '../../socket-events';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../alerts/deliver';
import { AlertDispatcher } from '../alerts/dispatcher';
import { AlertStore } from '../alerts/store';
import { ALLOW_ALL_POLICY, outboundFetchFor } from '../net/outbound';
import { IngestPipeline } from '../ingest/pipeline';
import type { BrandpulseServer } from '../realtime/hub';
import { buildSnapshot } from '../realtime/snapshot';
import { DEFAULT_BRANDS, simulateRange } from '../simulator/index';
import { StreamModel } from '../simulator/model';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { attachSpikeBroadcast } from './broadcast';
import { SpikeService } from './spike-service';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const SECRET = 'integration-test-secret-0123';
const BRANDS = DEFAULT_BRANDS.filter((b) => b.slug === 'northwind');
/** A Tuesday 09:00 UTC, a busy hour for the brand. */
const LIVE_FROM = Date.UTC(2026, 2, 3, 9);
const SPIKE_START = LIVE_FROM + 10 * MINUTE + 17_000;

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
	status: number;
}

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let pipeline: IngestPipeline;
let receiver: HttpServer;
let receiverUrl: string;
const received: Received[] = [];
let http: HttpServer;
let io: BrandpulseServer;
let client: ClientSocket<ServerToClientEvents, ClientToServerEvents>;
let now = LIVE_FROM;
let liveService: SpikeService | null = null;

beforeAll(async () => {
	db = await openTestClickHouse();
	// Wired as the app wires it: every stored mention is counted by the running spike service.
	pipeline = new IngestPipeline(db.client, { flushRows: 20_000, flushIntervalMs: 50 }, undefined, (rows) =>
		liveService?.recordMentions(rows)
	);
	// A day of the demo stream's everyday traffic as history, without viral complaints.
	const history = simulateRange(LIVE_FROM - 24 * HOUR, LIVE_FROM, {
		brands: BRANDS,
		seed: 7,
		viralEveryMs: Infinity
	});
	await pipeline.ingestMentions(history.mentions);
	await pipeline.flush();

	// The webhook receiver answers its first delivery with a 500, then 200.
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const status = received.length === 0 ? 500 : 200;
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
			res.writeHead(status).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

	http = createServer();
	io = new Server(http, { perMessageDeflate: false }) as BrandpulseServer;
	io.on('connection', (socket) => void socket.join(viewRoom('northwind', '1h')));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
		transports: ['websocket'],
		reconnection: false
	});
	await new Promise<void>((resolve, reject) => {
		client.once('connect', resolve);
		client.once('connect_error', reject);
	});
}, 300_000);

afterAll(async () => {
	client?.close();
	await new Promise<void>((resolve) => (io ? void io.close(() => resolve()) : resolve()));
	await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
	await pipeline?.close();
	await db?.close();
});

describe('a live-shaped viral complaint, end to end', () => {
	it('is flagged before its peak, stored, drawn on the snapshot, pushed and alerted exactly once', async () => {
		const alertStore = new AlertStore(db.client);
		const webhook = await alertStore.createWebhook({
			url: receiverUrl,
			kind: 'generic',
			secret: SECRET,
			brands: []
		});
		const rule = await alertStore.createRule({
			brand: 'northwind',
			metric: 'volume',
			min_severity: 3,
			cooldown_s: 3600
		});
		const dispatcher = new AlertDispatcher(alertStore, {
			now: () => now,
			baseDelayMs: 20,
			maxDelayMs: 80,
			// The receiver is on loopback, which the default (guarded) fetch refuses.
			fetch: outboundFetchFor(ALLOW_ALL_POLICY)
		});
		const service = new SpikeService(db.client, { now: () => now, alerts: dispatcher });
		liveService = service;
		await service.start();
		const detach = attachSpikeBroadcast(service, io);
		const pushed: SpikeInfo[] = [];
		client.on('spike', ({ spike }) => pushed.push(spike));

		// The live stream's opening complaint: 4 minutes of build-up to 8x, generated by the simulator's model.
		const model = new StreamModel({ brands: BRANDS, seed: 7 });
		const brand = model.brands[0]!;
		const plan = model.planSpike(brand, SPIKE_START, 4 * MINUTE, 4 * MINUTE, 8);
		for (let minute = LIVE_FROM; minute < LIVE_FROM + 30 * MINUTE; minute += MINUTE) {
			const mentions = model.generateSlot(brand, minute / MINUTE, [plan]);
			// Two ticks a minute, each after the posts created before it were ingested.
			for (const tickAt of [minute + 30_000, minute + 60_000 - 1]) {
				const due = mentions.filter((m) => m.t < tickAt && m.t >= tickAt - 30_000).map((m) => m.input);
				if (due.length) await pipeline.ingestMentions(due);
				await pipeline.flush();
				now = tickAt;
				await service.onTick();
			}
		}
		await service.idle();

		const volume = pushed.filter((s) => s.metric === 'volume' && s.source === null);
		expect(volume.map((s) => s.phase)).toEqual(['forming', 'peak', 'resolved']);
		const forming = volume[0]!;
		const spikeMinute = Math.floor(SPIKE_START / MINUTE) * MINUTE;
		expect(forming.detected_at - spikeMinute).toBeLessThanOrEqual(5 * MINUTE);
		expect(forming.detected_at).toBeLessThanOrEqual(plan.peak);

		const stored = await service.store.listSpikes('northwind', LIVE_FROM, LIVE_FROM + HOUR);
		expect(stored.find((s) => s.id === forming.id)).toMatchObject({ phase: 'resolved', metric: 'volume' });

		const snapshot = await service.decorateSnapshot(await buildSnapshot(db.client, 'northwind', '1h', now));
		expect(snapshot.band).toHaveLength(snapshot.series.length);
		expect(snapshot.annotations!.some((a) => a.id === forming.id && a.kind === 'spike')).toBe(true);

		// Deliveries: forming failed once (500) and was retried; every phase delivered once, all signed.
		const keysOf = (r: Received) => r.headers[DELIVERY_HEADER] as string;
		const phases = received.map((r) => (JSON.parse(r.body) as { phase: string }).phase);
		expect(received[0]!.status).toBe(500);
		expect(keysOf(received[1]!)).toBe(keysOf(received[0]!));
		expect(phases).toEqual(['forming', 'forming', 'peak', 'resolved']);
		for (const r of received) {
			const headers = {
				signature: r.headers[SIGNATURE_HEADER] as string,
				timestamp: r.headers[TIMESTAMP_HEADER] as string
			};
			// The receiver's clock is the simulated one at delivery time.
			const sentAt = Number(headers.timestamp) * 1000;
			expect(verifySignature(SECRET, headers, r.body, sentAt + 2000)).toBe(true);
			// Replayed later, or with a forged timestamp or body, it is refused.
			expect(verifySignature(SECRET, headers, r.body, sentAt + 10 * MINUTE)).toBe(false);
			expect(
				verifySignature(
					SECRET,
					{ ...headers, timestamp: String(Number(headers.timestamp) + 1) },
					r.body,
					sentAt
				)
			).toBe(false);
			expect(verifySignature(SECRET, headers, r.body.replace('northwind', 'northwinds'), sentAt)).toBe(false);
		}
		const body = JSON.parse(received[1]!.body) as { spike: SpikeInfo; rule: { id: string } };
		expect(body.spike.id).toBe(forming.id);
		expect(body.rule.id).toBe(rule.id);

		// A retried tick (same clock, same data) sends nothing again.
		await service.onTick(now);
		await service.idle();
		expect(received).toHaveLength(4);

		const logRows = await queryRows<{ phase: string; attempt: number; outcome: string; webhook_id: string }>(
			db.client,
			`SELECT phase, attempt, outcome, webhook_id FROM alert_log WHERE brand = 'northwind'`
		);
		// The simulated clock may not move between two attempts: order by lifecycle, then attempt.
		const rank = { forming: 0, peak: 1, resolved: 2 } as Record<string, number>;
		logRows.sort((a, b) => rank[a.phase]! - rank[b.phase]! || Number(a.attempt) - Number(b.attempt));
		expect(logRows.map((r) => [r.phase, Number(r.attempt), r.outcome])).toEqual([
			['forming', 1, 'failed'],
			['forming', 2, 'delivered'],
			['peak', 1, 'delivered'],
			['resolved', 1, 'delivered']
		]);
		expect(new Set(logRows.map((r) => r.webhook_id))).toEqual(new Set([webhook.id]));

		// Drivers were computed when it resolved: the story's hashtag rose most.
		const cached = await service.drivers(forming.id);
		expect(cached!.drivers.hashtags[0]?.term).toBe(plan.viral.tag.toLowerCase());
		expect(cached!.drivers.top_posts.length).toBeGreaterThan(0);
		expect(cached!.drivers.representative.length).toBeGreaterThan(0);
		expect(cached!.drivers.shifts.some((s) => s.dimension === 'source')).toBe(true);
		const log = await alertStore.listLog({
			brand: 'northwind',
			from: LIVE_FROM - HOUR,
			to: now + HOUR,
			limit: 10
		});
		expect(log).toHaveLength(4);
		const notes = await service.store.listNotes('northwind', LIVE_FROM, now);
		expect(notes).toEqual([]);

		detach();
		await service.stop();
	}, 300_000);
});
