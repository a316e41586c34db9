import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { applyMetricsDelta, isMetricsDelta, type MetricsUpdate } from '../../metrics';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from '../../socket-events';
import { KeyStore } from '../auth/keys';
import { authenticateSocket } from '../auth/socket';
import { IngestPipeline } from '../ingest/pipeline';
import { openTestClickHouse } from '../testing/clickhouse';
import { RealtimeHub, type BrandpulseServer } from './hub';
import { buildSnapshot } from './snapshot';

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

const MASTER = 'test-master-key-0123456789';
let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let http: HttpServer;
let io: BrandpulseServer;
let hub: RealtimeHub;
let pipeline: IngestPipeline;
let keys: KeyStore;
let url: string;
const clients: Client[] = [];
/** Snapshot computations per brand, counted across all views and ticks. */
const computations = new Map<string, number>();

beforeAll(async () => {
	db = await openTestClickHouse();
	keys = new KeyStore(db.client, MASTER);
	http = createServer();
	io = new Server(http, { perMessageDeflate: false }) as BrandpulseServer;
	io.use(authenticateSocket(keys, []));
	hub = new RealtimeHub(
		io,
		(brand, window) => {
			computations.set(brand, (computations.get(brand) ?? 0) + 1);
			return buildSnapshot(db.client, brand, window);
		},
		{
			tickMs: 1000,
			heartbeatMs: 5000,
			dirtyDelayMs: 20,
			version: 'test-build'
		}
	);
	pipeline = new IngestPipeline(db.client, { flushRows: 1000, flushIntervalMs: 20 }, (brands) =>
		hub.markDirty(brands)
	);
	hub.start();
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const client of clients) client.close();
	await hub.stop();
	await pipeline.close();
	await new Promise<void>((resolve) => void io.close(() => resolve()));
	await db.close();
});

function open(options: { token?: string; origin?: string } = { token: MASTER }): Client {
	const client: Client = connect(url, {
		transports: ['websocket'],
		auth: options.token ? { token: options.token } : {},
		extraHeaders: options.origin ? { origin: options.origin } : {},
		reconnection: false
	});
	clients.push(client);
	return client;
}

function connected(client: Client): Promise<void> {
	return new Promise((resolve, reject) => {
		client.once('connect', resolve);
		client.once('connect_error', reject);
	});
}

function subscribe(client: Client, brand: string, window: '15m' | '1h' = '1h'): Promise<SubscribeAck> {
	return client.emitWithAck('subscribe', { brand, window });
}

function nextMetrics(
	client: Client,
	predicate: (snapshot: MetricsUpdate) => boolean
): Promise<MetricsUpdate> {
	return new Promise((resolve) => {
		const listener = (snapshot: MetricsUpdate) => {
			if (!predicate(snapshot)) return;
			client.off('metrics', listener);
			resolve(snapshot);
		};
		client.on('metrics', listener);
	});
}

const mention = (id: string, brand: string, text = 'terrible service, still waiting for my refund') => ({
	id,
	brand,
	source: 'twitter',
	text,
	created_at: new Date().toISOString(),
	author_followers: 10
});

describe('RealtimeHub', () => {
	it('answers a subscribe with the snapshot and pushes a posted mention within 2 s', async () => {
		const client = open();
		await connected(client);
		const ack = await subscribe(client, 'live');
		expect(ack.ok).toBe(true);
		if (!ack.ok) return;
		expect(ack.snapshot.kpis.mentions).toBe(0);
		expect(ack.snapshot.series).toHaveLength(60);

		const update = nextMetrics(client, (snapshot) => snapshot.kpis.mentions === 1);
		const posted = Date.now();
		await pipeline.ingestMentions([mention('m1', 'live')]);
		const snapshot = await update;
		expect(Date.now() - posted).toBeLessThan(2000);
		expect(snapshot.brand).toBe('live');
		expect(snapshot.kpis.negative_share).toBe(1);
		// Sent as a delta on the acknowledged snapshot: the one step that changed, not the hour.
		expect(isMetricsDelta(snapshot)).toBe(true);
		if (!isMetricsDelta(snapshot)) return;
		expect(snapshot.series).toHaveLength(1);
		expect(snapshot.sent_at).toBeGreaterThanOrEqual(snapshot.at);
		const merged = applyMetricsDelta(ack.snapshot, snapshot)!;
		expect(merged.series).toHaveLength(60);
		expect(merged.series.at(-1)!.negative).toBe(1);
		expect(merged.kpis.mentions).toBe(1);
	});

	it('computes each distinct view once per tick, whatever the number of screens', async () => {
		const screens = Array.from({ length: 30 }, () => open());
		await Promise.all(screens.map(connected));
		await Promise.all(
			screens.map((screen, index) => subscribe(screen, index % 2 ? 'fanout-a' : 'fanout-b', '15m'))
		);
		const received = Promise.all(
			screens.map((screen) => nextMetrics(screen, (snapshot) => snapshot.kpis.mentions === 1))
		);
		const before = { a: computations.get('fanout-a') ?? 0, b: computations.get('fanout-b') ?? 0 };
		await pipeline.ingestMentions([mention('f1', 'fanout-a'), mention('f2', 'fanout-b')]);
		await received;
		// 15 screens watch each view; one computation each serves them all. (A second is allowed: a minute
		// or the heartbeat may turn over in between. The hub's lastTickQueries also counts the views other
		// tests leave open, which come due on the clock, so it is not asserted here.)
		expect((computations.get('fanout-a') ?? 0) - before.a).toBeGreaterThanOrEqual(1);
		expect((computations.get('fanout-a') ?? 0) - before.a).toBeLessThanOrEqual(2);
		expect((computations.get('fanout-b') ?? 0) - before.b).toBeGreaterThanOrEqual(1);
		expect((computations.get('fanout-b') ?? 0) - before.b).toBeLessThanOrEqual(2);
	});

	it('refuses a socket without a key, with a bad key, or from a foreign origin', async () => {
		await expect(connected(open({}))).rejects.toThrow(/unauthorized/);
		await expect(connected(open({ token: 'bpk_aaaaaaaaaaaa_' + 'x'.repeat(43) }))).rejects.toThrow(
			/unauthorized/
		);
		await expect(connected(open({ token: MASTER, origin: 'https://evil.example' }))).rejects.toThrow(
			/origin/
		);
	});

	it('lets a read key subscribe only to its brands, and an ingest key to none', async () => {
		const read = await keys.create({ name: 'tv', scope: 'read', brands: ['allowed'] });
		const ingest = await keys.create({ name: 'pipe', scope: 'ingest' });
		const reader = open({ token: read.key });
		await connected(reader);
		expect((await subscribe(reader, 'allowed')).ok).toBe(true);
		expect(await subscribe(reader, 'other')).toEqual({ ok: false, error: 'brand: not allowed for this key' });
		const writer = open({ token: ingest.key });
		await connected(writer);
		expect((await subscribe(writer, 'allowed')).ok).toBe(false);
	});

	it('rejects a malformed subscription naming the field', async () => {
		const client = open();
		await connected(client);
		const ack = await client.emitWithAck('subscribe', { brand: 'x', window: '2h' as '1h' });
		expect(ack).toMatchObject({ ok: false });
		expect(!ack.ok && ack.error).toMatch(/^window:/);
	});

	it('gives a reconnecting client a fresh snapshot', async () => {
		const first = open();
		await connected(first);
		await subscribe(first, 'again');
		first.close();
		await pipeline.ingestMentions([mention('a1', 'again')]);
		const second = open();
		await connected(second);
		const ack = await subscribe(second, 'again');
		expect(ack.ok && ack.snapshot.kpis.mentions).toBe(1);
	});
});
