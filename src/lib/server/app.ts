import type { ClickHouseClient } from '@clickhouse/client';
import type { MetricsWindow } from '../metrics';
import { parseConfig, type Config } from './config';
import { openClickHouse } from './db/client';
import { migrate } from './db/migrate';
import { IngestPipeline } from './ingest/pipeline';
import { KeyStore, loadMasterKey } from './auth/keys';
import { BoardStore } from './boards/store';
import { authenticateSocket, revalidateSockets, socketRecheck, socketRevalidator } from './auth/socket';
import { ConfigSync } from './auth/config-sync';
import { SessionStore } from './auth/session';
import { UserStore } from './auth/users';
import { BrandProfileStore } from './admin/brand-profiles';
import { log } from './log';
import { RealtimeHub, type BrandpulseServer } from './realtime/hub';
import { buildSnapshot } from './realtime/snapshot';
import { startDemoStream, type DemoStream } from './demo-stream';
import { SpikeService } from './spikes/spike-service';
import { attachSpikeBroadcast } from './spikes/broadcast';
import { AlertDispatcher } from './alerts/dispatcher';
import { AlertStore } from './alerts/store';
import { startFeedPoller, type FeedPoller } from './adapters/feeds';
import { hasIngestCapacity } from './http/ingest-endpoint';
import { acquireDataDirLock } from './import/lock';
import { outboundFetchFor } from './net/outbound';

/** The running server's parts. One per process: chDB binds one data directory per process. */
export interface Brandpulse {
	config: Config;
	client: ClickHouseClient;
	pipeline: IngestPipeline;
	keys: KeyStore;
	/** People with passwords and roles, their server-side sessions, and the cross-node cache coherence. */
	users: UserStore;
	sessions: SessionStore;
	sync: ConfigSync;
	brandProfiles: BrandProfileStore;
	/** Wall boards and their read-only tokens. */
	boards: BoardStore;
	hub: RealtimeHub | null;
	spikes: SpikeService;
	/** Polls the stored RSS/Atom feeds on their schedule; admins may poll one now. */
	feeds: FeedPoller;
	demo: DemoStream | null;
	loginUrl: string;
	/** What to print when the server is reachable: its URL and the one-click login link. */
	banner: string;
	snapshot(brand: string, window: MetricsWindow): ReturnType<typeof buildSnapshot>;
	stop(): Promise<void>;
}

const RUNTIME_KEY = Symbol.for('brandpulse.runtime');
const IO_KEY = Symbol.for('brandpulse.io');
type Globals = Record<symbol, unknown>;

/** socket.io is created by whoever owns the HTTP server (src/entry/server.js, or the Vite plugin in dev). */
function sharedSocketServer(): BrandpulseServer | null {
	return ((globalThis as Globals)[IO_KEY] as BrandpulseServer | undefined) ?? null;
}

/**
 * Starts the app once per process and hands out the same instance afterwards. Kept on globalThis so
 * Vite's module reloads in dev do not open a second engine or a second demo stream.
 */
export function getBrandpulse(): Promise<Brandpulse> {
	const globals = globalThis as Globals;
	globals[RUNTIME_KEY] ??= startBrandpulse().catch((error: unknown) => {
		delete globals[RUNTIME_KEY];
		throw error;
	});
	return globals[RUNTIME_KEY] as Promise<Brandpulse>;
}

/** The instance if it has been started, for shutdown paths that must not start one. */
export function runningBrandpulse(): Promise<Brandpulse> | null {
	return ((globalThis as Globals)[RUNTIME_KEY] as Promise<Brandpulse> | undefined) ?? null;
}

async function startBrandpulse(): Promise<Brandpulse> {
	const config = parseConfig();
	// The embedded engine's directory belongs to one process; the lock lets the import CLI say so clearly.
	const lock = config.CLICKHOUSE_URL ? null : acquireDataDirLock(config.dataDir, 'server');
	const client = await openClickHouse(config);
	const applied = await migrate(client);
	if (applied.length) log.info({ applied }, 'migrations applied');

	const master = loadMasterKey(config.dataDir, config.BRANDPULSE_MASTER_KEY);
	const sync = new ConfigSync(client);
	const keys = new KeyStore(client, master.key, sync);
	const boards = new BoardStore(client, master.key);
	const users = new UserStore(client, sync);
	const sessions = new SessionStore(client, sync, {
		key: (id) => keys.principalFor(id),
		user: async (id) => {
			const user = await users.get(id);
			return user ? { principal: users.principalOf(user), validAfter: user.sessions_valid_after } : null;
		}
	});
	const brandProfiles = new BrandProfileStore(client, sync);
	// Boards keep their own short cache; a change anywhere clears it here too.
	sync.onChange(() => boards.forget());
	sync.start();
	const version = process.env.BRANDPULSE_VERSION ?? 'dev';

	let hub: RealtimeHub | null = null;
	// Every request to a user-configured URL goes through the SSRF guard (src/lib/server/net/outbound.ts).
	const outbound = outboundFetchFor(config.BRANDPULSE_ALLOW_PRIVATE_URLS);
	const alerts = new AlertDispatcher(new AlertStore(client), { fetch: outbound });
	sync.onChange(() => alerts.invalidate());
	const spikes = new SpikeService(client, { alerts });
	const pipeline = new IngestPipeline(
		client,
		{ flushRows: config.BRANDPULSE_FLUSH_ROWS, flushIntervalMs: config.BRANDPULSE_FLUSH_INTERVAL_MS },
		(brands) => hub?.markDirty(brands),
		(rows) => spikes.recordMentions(rows)
	);
	await spikes.start();
	const snapshot = async (brand: string, window: MetricsWindow) =>
		spikes.decorateSnapshot(await buildSnapshot(client, brand, window));

	const io = sharedSocketServer();
	let detachSpikes: (() => void) | null = null;
	if (io) {
		io.use(authenticateSocket(keys, config.BRANDPULSE_ALLOWED_ORIGINS, boards, sessions));
		const recheck = socketRecheck(keys, boards, sessions);
		const revalidate = socketRevalidator(() => revalidateSockets([...io.sockets.sockets.values()], recheck));
		// After the stores dropped their caches (listeners run in order), so the re-check reads fresh rows.
		sync.onChange(() => setTimeout(revalidate, 0));
		hub = new RealtimeHub(io, snapshot, {
			tickMs: config.BRANDPULSE_TICK_MS,
			heartbeatMs: 5000,
			dirtyDelayMs: 50,
			version,
			beforeTick: (now) => spikes.onTick(now).then(() => undefined)
		});
		hub.start();
		detachSpikes = attachSpikeBroadcast(spikes, io);
	}

	const feeds = startFeedPoller(
		{ client, pipeline },
		{ fetch: outbound, hasRoom: () => hasIngestCapacity({ pipeline, config }) }
	);
	const demo = config.BRANDPULSE_SIMULATOR === 'on' ? startDemoStream(client, pipeline) : null;
	// The demo's history is backfill to the spike service, which re-learns each brand from it once it
	// settles (SpikeService.recordMentions), so no rewarm is needed here.

	const publicUrl = config.BRANDPULSE_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
	const loginUrl = `${publicUrl}/login?key=${encodeURIComponent(master.key)}`;
	const banner =
		`\n  Brandpulse is up: ${publicUrl}\n  One-click login: ${loginUrl}\n` +
		(master.generated ? `  (master key generated and kept in ${config.dataDir}/master.key)\n` : '');
	// The production entry prints it once the port is open; under Vite there is no such moment to wait for.
	if (!process.env.VITEST && !process.env.BRANDPULSE_ENTRY) console.log(banner);

	let stopping: Promise<void> | null = null;
	return {
		config,
		client,
		pipeline,
		keys,
		users,
		sessions,
		sync,
		brandProfiles,
		boards,
		hub,
		spikes,
		feeds,
		demo,
		loginUrl,
		banner,
		snapshot,
		stop() {
			stopping ??= (async () => {
				await sync.stop();
				await demo?.stop();
				await feeds.stop();
				await hub?.stop();
				detachSpikes?.();
				await spikes.stop();
				await pipeline.close();
				io?.disconnectSockets(true);
				await client.close();
				lock?.release();
				delete (globalThis as Globals)[RUNTIME_KEY];
			})();
			return stopping;
		}
	};
}
