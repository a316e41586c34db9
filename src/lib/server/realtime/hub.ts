import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { diffSnapshots, WINDOWS, type MetricsSnapshot, type MetricsWindow } from '../../metrics';
import { viewRoom, type ClientToServerEvents, type ServerToClientEvents } from '../../socket-events';
import { canSeeBrand, hasScope, type Principal } from '../auth/principal';
import { brandSchema } from '../ingest/schema';
import { log } from '../log';
import { windowBounds } from './snapshot';

export interface SocketData {
	principal: Principal;
}
export type BrandpulseServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<string, never>,
	SocketData
>;
type BrandpulseSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const viewSchema = z.strictObject({ brand: brandSchema, window: z.enum(WINDOWS) });

/** A socket watches a handful of views at most (a wall board rotates through a few); more is abuse. */
const MAX_VIEWS_PER_SOCKET = 16;

interface ViewState {
	brand: string;
	window: MetricsWindow;
	room: string;
	dirty: boolean;
	computedAt: number;
	emittedAt: number;
	stepEnd: number;
	contentKey: string;
	snapshot: MetricsSnapshot | null;
	inFlight: Promise<MetricsSnapshot> | null;
	/** The last snapshot broadcast and its update number: the next delta is taken against it. */
	sent: MetricsSnapshot | null;
	seq: number;
}

export interface HubOptions {
	tickMs: number;
	/** A view is recomputed and re-sent at least this often, even when unchanged: the screens' heartbeat. */
	heartbeatMs: number;
	/** After an ingest flush, how long to wait for more before recomputing: bursts make one tick. */
	dirtyDelayMs: number;
	version: string;
	/** Work that runs once per tick whatever the number of views, such as spike detection. */
	beforeTick?: (now: number) => Promise<void>;
}

/**
 * Computes each distinct live view (brand + window) once per tick and broadcasts it to that view's room.
 * The cost of a tick depends on the number of distinct views, never on how many screens watch them.
 */
export class RealtimeHub {
	readonly #views = new Map<string, ViewState>();
	#timer: NodeJS.Timeout | undefined;
	#soon: NodeJS.Timeout | undefined;
	#ticking: Promise<void> | null = null;
	#queriesThisTick = 0;
	/** Snapshot queries run by the last completed tick; the fan-out benchmark reads it. */
	lastTickQueries = 0;
	/** Snapshot queries since start, ticks and subscribes together. */
	queriesTotal = 0;

	constructor(
		private readonly io: BrandpulseServer,
		private readonly computeSnapshot: (brand: string, window: MetricsWindow) => Promise<MetricsSnapshot>,
		private readonly options: HubOptions
	) {}

	start(): void {
		this.io.on('connection', (socket) => this.#onConnection(socket));
		this.io.of('/').adapter.on('delete-room', (room: string) => this.#views.delete(room));
		this.#timer = setInterval(() => void this.tick(), this.options.tickMs);
	}

	async stop(): Promise<void> {
		clearInterval(this.#timer);
		clearTimeout(this.#soon);
		await this.#ticking;
	}

	get viewCount(): number {
		return this.#views.size;
	}

	get socketCount(): number {
		return this.io.of('/').sockets.size;
	}

	/** New rows for these brands were stored: their views are recomputed on a tick that comes soon. */
	markDirty(brands: Iterable<string>): void {
		const changed = new Set(brands);
		let any = false;
		for (const view of this.#views.values()) {
			if (changed.has(view.brand)) {
				view.dirty = true;
				any = true;
			}
		}
		if (any && !this.#soon) {
			this.#soon = setTimeout(() => {
				this.#soon = undefined;
				void this.tick();
			}, this.options.dirtyDelayMs);
		}
	}

	/** One pass over the watched views; overlapping calls share the pass in progress. */
	tick(): Promise<void> {
		this.#ticking ??= this.#runTick().finally(() => (this.#ticking = null));
		return this.#ticking;
	}

	async #runTick(): Promise<void> {
		const now = Date.now();
		this.#queriesThisTick = 0;
		try {
			await this.options.beforeTick?.(now);
		} catch (error) {
			log.error({ err: error }, 'tick work failed');
		}
		for (const view of this.#views.values()) {
			const stepEnd = windowBounds(view.window, now).to;
			const due = view.dirty || stepEnd !== view.stepEnd || now - view.computedAt >= this.options.heartbeatMs;
			if (!due) continue;
			try {
				const snapshot = await this.#compute(view);
				const { at: _at, ...content } = snapshot;
				const contentKey = JSON.stringify(content);
				if (contentKey !== view.contentKey || now - view.emittedAt >= this.options.heartbeatMs) {
					view.contentKey = contentKey;
					view.emittedAt = now;
					this.#broadcast(view, snapshot);
				}
			} catch (error) {
				log.error({ err: error, room: view.room }, 'realtime view failed');
			}
		}
		this.lastTickQueries = this.#queriesThisTick;
	}

	/**
	 * One emit per view to its room: socket.io encodes the packet once and writes the same frame to every
	 * socket (per-message compression is off), so the tick does no per-socket work. What is sent is the delta
	 * on the previous broadcast, a few hundred bytes, unless a whole snapshot is as small.
	 */
	#broadcast(view: ViewState, snapshot: MetricsSnapshot): void {
		const sentAt = Date.now();
		const seq = view.seq + 1;
		const delta = view.sent ? diffSnapshots(view.sent, snapshot, view.seq, seq, sentAt) : null;
		this.io.to(view.room).emit('metrics', delta ?? { ...snapshot, seq, sent_at: sentAt });
		view.sent = snapshot;
		view.seq = seq;
	}

	#compute(view: ViewState): Promise<MetricsSnapshot> {
		if (view.inFlight) return view.inFlight;
		view.dirty = false;
		this.#queriesThisTick += 1;
		this.queriesTotal += 1;
		view.inFlight = this.computeSnapshot(view.brand, view.window)
			.then((snapshot) => {
				view.snapshot = snapshot;
				view.computedAt = snapshot.at;
				view.stepEnd = snapshot.to;
				return snapshot;
			})
			.finally(() => (view.inFlight = null));
		return view.inFlight;
	}

	#onConnection(socket: BrandpulseSocket): void {
		socket.emit('hello', { version: this.options.version });
		socket.on('subscribe', async (raw, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = viewSchema.safeParse(raw);
			if (!parsed.success) {
				const issue = parsed.error.issues[0]!;
				ack({ ok: false, error: `${issue.path.join('.') || 'view'}: ${issue.message}` });
				return;
			}
			const { brand, window } = parsed.data;
			const principal = socket.data.principal;
			if (!hasScope(principal, 'read') || !canSeeBrand(principal, brand)) {
				ack({ ok: false, error: `brand: not allowed for this key` });
				return;
			}
			const room = viewRoom(brand, window);
			const watching = [...socket.rooms].filter((name) => name.startsWith('view:') && name !== room);
			if (watching.length >= MAX_VIEWS_PER_SOCKET) {
				ack({ ok: false, error: `view: at most ${MAX_VIEWS_PER_SOCKET} views per connection` });
				return;
			}
			await socket.join(room);
			let view = this.#views.get(room);
			if (!view) {
				view = {
					brand,
					window,
					room,
					dirty: true,
					computedAt: 0,
					emittedAt: 0,
					stepEnd: 0,
					contentKey: '',
					snapshot: null,
					inFlight: null,
					sent: null,
					seq: 0
				};
				this.#views.set(room, view);
			}
			try {
				const fresh = view.snapshot && !view.dirty && Date.now() - view.computedAt < this.options.tickMs;
				const snapshot = fresh ? view.snapshot! : await this.#compute(view);
				// A view's first subscriber's snapshot is the base of its first broadcast, which is then a delta too.
				view.sent ??= snapshot;
				// Numbered as the last broadcast: the next delta applies to it (counts only grow within a step, so
				// a snapshot fresher than that broadcast takes the delta's newer steps just as well).
				ack({ ok: true, snapshot: { ...snapshot, seq: view.seq } });
			} catch (error) {
				log.error({ err: error, room }, 'snapshot for subscribe failed');
				ack({ ok: false, error: 'snapshot unavailable, retry shortly' });
			}
		});
		socket.on('unsubscribe', (raw) => {
			const parsed = viewSchema.safeParse(raw);
			if (parsed.success) void socket.leave(viewRoom(parsed.data.brand, parsed.data.window));
		});
	}
}
