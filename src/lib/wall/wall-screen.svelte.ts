import { io } from 'socket.io-client';
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { z } from 'zod';
import { connectToServer, LiveMetrics, STALE_AFTER_MS, type LiveSocket } from '../client/live-metrics.svelte';
import type { MetricsSnapshot, MetricsWindow } from '../metrics';
import type { Board, Panel } from './board';
import { isWithinOfficeHours, pixelShiftAt } from './schedule';
import { parseDrivers, parseSpike, parseSpikeList, type WallDrivers, type WallSpike } from './spike-data';
import { panelViewKeys, SpikeTracker, spikesUrl, uniqueBrands } from './spike-tracker';
import { wallStateSchema, type WallAccess, type WallState } from './wall-data';

export { STALE_AFTER_MS };

/** How often the screen asks its server for the board (edits, revocation) and a fresh ticket. */
export const STATE_POLL_MS = 60_000;
/** How often panels fed by the read API (queue, drivers) and the spike list refresh. */
export const DATA_POLL_MS = 30_000;
/** A ticket this close to expiry is renewed before it is used. */
const TICKET_MARGIN_MS = 5 * 60_000;
/** The window a spike takeover shows: recent enough to see the burst, long enough to see it start. */
const TAKEOVER_WINDOW: MetricsWindow = '1h';

const queueSchema = z.looseObject({
	unanswered: z.number().catch(0),
	overdue: z.number().catch(0),
	rows: z
		.array(
			z.looseObject({
				id: z.string(),
				source: z.string().catch(''),
				author: z.string().catch(''),
				author_followers: z.number().catch(0),
				text: z.string().catch(''),
				label: z.string().catch(''),
				seconds_left: z.number().catch(0)
			})
		)
		.catch([])
});
export type WallQueue = z.output<typeof queueSchema>;

/** What the API-fed part of the screen shows; one slot, replaced whole, so nothing accumulates. */
export type PanelData =
	| { key: string; kind: 'queue'; queue: WallQueue }
	| { key: string; kind: 'drivers'; spike: WallSpike | null; drivers: WallDrivers | null }
	| { key: string; kind: 'none' };

export interface WallScreenOptions {
	boardId: string;
	board: Board;
	ticket: string | null;
	ticketExpiresAt: number | null;
	/** The first panel's snapshot, rendered by the server. */
	initial: MetricsSnapshot | null;
	version: string;
	/** Tests: no rotation and no pixel shift, so screenshots compare. */
	fixed: boolean;
	/** How often the spike list and API-fed panels refresh; tests shorten it. Default DATA_POLL_MS. */
	dataPollMs?: number;
	startPanel: number;
	onVersionMismatch: (version: string) => void;
	fetch?: typeof fetch;
}

const viewKey = (brand: string, window: MetricsWindow) => `${brand}:${window}`;

/**
 * An unattended wall screen: rotates the board's panels, lets an active spike take over, keeps itself signed
 * in and current, and says so when it is not. Built to run for weeks: one socket (LiveMetrics), one 1 s
 * ticker, one snapshot per panel, one API slot, a spike map bounded by forgetting.
 */
export class WallScreen {
	readonly #options: WallScreenOptions;
	board = $state.raw<Board>(null!);
	access = $state<WallAccess>('ok');
	index = $state(0);
	now = $state(Date.now());
	/** When the screen last heard from the server about what it shows (client clock). */
	lastDataAt = $state(Date.now());
	/** Spikes under way on the board's brands, most severe first. */
	spikes = $state.raw<WallSpike[]>([]);
	panelData = $state.raw<PanelData>({ key: '', kind: 'none' });

	readonly live: LiveMetrics;

	readonly panel: Panel = $derived(this.board.panels[this.index % this.board.panels.length]!);
	readonly takeover: WallSpike | null = $derived(this.spikes[0] ?? null);
	readonly view = $derived(
		this.takeover
			? { brand: this.takeover.brand, window: TAKEOVER_WINDOW }
			: { brand: this.panel.brand, window: this.panel.window }
	);
	/** The live snapshot of what is on screen, or the last one this screen had for it. */
	readonly snapshot: MetricsSnapshot | null = $derived.by(() => {
		const live = this.live.snapshot;
		if (live && live.brand === this.view.brand && live.window === this.view.window) return live;
		return this.#cache.get(viewKey(this.view.brand, this.view.window)) ?? null;
	});
	readonly stale = $derived(this.now - this.lastDataAt >= STALE_AFTER_MS);
	/** Static elements move by up to 2 px every few minutes, so nothing burns into the panel. */
	get shift(): { x: number; y: number } {
		return this.#options.fixed ? { x: 0, y: 0 } : pixelShiftAt(this.now);
	}
	/** Outside office hours the screen dims, unless a spike needs someone to look. */
	readonly dimmed = $derived(!this.takeover && !isWithinOfficeHours(this.board.office_hours, this.now));

	readonly #fetch: typeof fetch;
	readonly #dataPollMs: number;
	/** Last snapshot per panel view: at most one per distinct view on the board. */
	readonly #cache = new SvelteMap<string, MetricsSnapshot>();
	readonly #spikes: SpikeTracker;
	#ticket: string | null;
	#ticketExpiresAt: number | null;
	#panelSince = Date.now();
	#nextStatePoll = Date.now() + STATE_POLL_MS;
	#nextSpikePoll = 0;
	#nextPanelPoll = 0;
	#ticker: ReturnType<typeof setInterval> | null = null;
	#stopEffects: (() => void) | null = null;
	#request: AbortController | null = null;
	#statePending: Promise<void> | null = null;

	constructor(options: WallScreenOptions) {
		this.#options = options;
		this.#dataPollMs = options.dataPollMs ?? DATA_POLL_MS;
		this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
		this.board = options.board;
		this.#spikes = new SpikeTracker(uniqueBrands(options.board.panels));
		this.index = Math.max(0, options.startPanel) % options.board.panels.length;
		this.#ticket = options.ticket;
		this.#ticketExpiresAt = options.ticketExpiresAt;
		if (options.initial) this.#remember(options.initial);
		this.live = new LiveMetrics({
			version: options.version,
			onVersionMismatch: options.onVersionMismatch,
			connect: () => this.#connect()
		});
	}

	/** Starts following the board; returns the stop function (call it on unmount). */
	start(): () => void {
		this.#stopEffects = $effect.root(() => {
			// The socket follows whatever is on screen; LiveMetrics unsubscribes the previous view.
			$effect(() => {
				const view = { brand: this.view.brand, window: this.view.window };
				untrack(() => this.live.show(view, null));
			});
			$effect(() => {
				const snapshot = this.live.snapshot;
				if (snapshot) untrack(() => this.#remember(snapshot));
			});
			$effect(() => {
				const at = this.live.lastUpdateAt;
				if (at !== null) this.lastDataAt = at;
			});
			// A new panel or takeover asks for its API data at once, not at the next poll.
			$effect(() => {
				void this.#panelKey();
				this.#nextPanelPoll = 0;
			});
		});
		this.#ticker = setInterval(() => this.#tick(), 1000);
		this.#tick();
		return () => this.stop();
	}

	stop(): void {
		if (this.#ticker !== null) clearInterval(this.#ticker);
		this.#ticker = null;
		this.#stopEffects?.();
		this.#stopEffects = null;
		this.#request?.abort();
		this.#request = null;
		this.live.destroy();
	}

	#tick(): void {
		const now = Date.now();
		this.now = now;
		if (this.access !== 'ok') return;
		if (
			!this.#options.fixed &&
			!this.takeover &&
			now - this.#panelSince >= this.board.rotate_seconds * 1000
		) {
			this.index = (this.index + 1) % this.board.panels.length;
			this.#panelSince = now;
		}
		if (now >= this.#nextStatePoll) {
			this.#nextStatePoll = now + STATE_POLL_MS;
			void this.#refreshState();
		}
		if (now >= this.#nextSpikePoll) {
			this.#nextSpikePoll = now + this.#dataPollMs;
			void this.#pollSpikes();
		}
		if (now >= this.#nextPanelPoll) {
			this.#nextPanelPoll = now + this.#dataPollMs;
			void this.#loadPanelData();
		}
		this.#forgetSpikes(now);
	}

	#connect(): LiveSocket {
		const socket: LiveSocket = this.#ticket
			? io({
					transports: ['websocket', 'polling'],
					reconnectionDelay: 500,
					reconnectionDelayMax: 5000,
					randomizationFactor: 0.5,
					// Asked on every (re)connection, so a screen up for days always presents a current ticket.
					auth: (callback) => {
						void this.#credentials().then((token) => callback(token ? { token } : {}));
					}
				})
			: // An admin previewing with a session: the session cookie authenticates the socket.
				connectToServer();
		socket.on('spike', (event) => {
			const spike = parseSpike(event?.spike);
			if (spike) this.#observeSpike(spike, Date.now());
		});
		return socket;
	}

	/** A ticket good for a while yet, renewing it when close to expiry; the old one if renewal fails. */
	async #credentials(): Promise<string | null> {
		if (
			this.#ticket &&
			this.#ticketExpiresAt !== null &&
			this.#ticketExpiresAt - Date.now() > TICKET_MARGIN_MS
		) {
			return this.#ticket;
		}
		await this.#refreshState();
		return this.#ticket;
	}

	#refreshState(): Promise<void> {
		this.#statePending ??= this.#fetchState().finally(() => (this.#statePending = null));
		return this.#statePending;
	}

	async #fetchState(): Promise<void> {
		let state: WallState;
		try {
			const response = await this.#fetch(`/wall/${encodeURIComponent(this.#options.boardId)}/state`, {
				headers: { accept: 'application/json' },
				cache: 'no-store'
			});
			if (!response.ok) return; // a server in trouble is a stale screen, not a revoked one
			const parsed = wallStateSchema.safeParse(await response.json());
			if (!parsed.success) return;
			state = parsed.data;
		} catch {
			return;
		}
		if (state.access !== 'ok') {
			this.access = state.access;
			this.stop();
			return;
		}
		if (state.ticket) {
			this.#ticket = state.ticket;
			this.#ticketExpiresAt = state.expires_at;
		}
		if (state.board.updated_at !== this.board.updated_at) this.#adoptBoard(state.board);
	}

	#adoptBoard(board: Board): void {
		this.board = board;
		if (this.index >= board.panels.length) this.index = 0;
		const keep = panelViewKeys(board.panels);
		for (const key of this.#cache.keys()) if (!keep.has(key)) this.#cache.delete(key);
		this.#spikes.setBrands(uniqueBrands(board.panels));
		this.#publishSpikes();
	}

	#remember(snapshot: MetricsSnapshot): void {
		const key = viewKey(snapshot.brand, snapshot.window);
		const onBoard = this.board.panels.some((p) => viewKey(p.brand, p.window) === key);
		// Takeover views are not on the board's playlist; keep at most the one on screen.
		if (onBoard || (this.view.brand === snapshot.brand && this.view.window === snapshot.window)) {
			this.#cache.set(key, snapshot);
			if (this.#cache.size > this.board.panels.length + 1) {
				for (const cached of this.#cache.keys()) {
					if (!this.board.panels.some((p) => viewKey(p.brand, p.window) === cached) && cached !== key) {
						this.#cache.delete(cached);
					}
				}
			}
		}
		this.#spikes.observeMarks(snapshot.brand, snapshot.annotations, Date.now());
		this.#publishSpikes();
	}

	#observeSpike(spike: WallSpike, now: number): void {
		this.#spikes.observe(spike, now);
		this.#publishSpikes();
	}

	#forgetSpikes(now: number): void {
		this.#spikes.forget(now);
		this.#publishSpikes();
	}

	/** Replaces the public list only when it changed, so a heartbeat does not re-render the screen. */
	#publishSpikes(): void {
		const next = this.#spikes.list();
		const same =
			next.length === this.spikes.length &&
			next.every((spike, i) => spike.id === this.spikes[i]!.id && spike.phase === this.spikes[i]!.phase);
		if (!same) this.spikes = next;
	}

	async #apiGet(path: string, signal?: AbortSignal): Promise<unknown> {
		const token = await this.#credentials();
		const response = await this.#fetch(path, {
			headers: token ? { authorization: `Bearer ${token}` } : {},
			cache: 'no-store',
			signal
		});
		if (!response.ok) throw new Error(`${path}: ${response.status}`);
		return response.json();
	}

	/** Asks the spike API about every brand on the board, so a spike anywhere takes over the screen. */
	async #pollSpikes(): Promise<void> {
		for (const brand of uniqueBrands(this.board.panels)) {
			let spikes: WallSpike[] | null;
			try {
				spikes = parseSpikeList(await this.#apiGet(spikesUrl(brand, Date.now())));
			} catch {
				continue; // no spike API yet, or a blip: the socket and the snapshots still report spikes
			}
			if (spikes) this.#spikes.replaceBrand(brand, spikes, Date.now());
		}
		this.#publishSpikes();
	}

	#panelKey(): string {
		if (this.takeover) return `spike:${this.takeover.id}`;
		const { view, brand } = this.panel;
		return view === 'queue' || view === 'drivers' ? `${view}:${brand}` : '';
	}

	async #loadPanelData(): Promise<void> {
		const key = this.#panelKey();
		this.#request?.abort();
		this.#request = null;
		if (!key) {
			if (this.panelData.kind !== 'none') this.panelData = { key, kind: 'none' };
			return;
		}
		const request = new AbortController();
		this.#request = request;
		try {
			let data: PanelData;
			if (this.takeover) {
				const found = parseDrivers(
					await this.#apiGet(`/api/v1/spikes/${encodeURIComponent(this.takeover.id)}/drivers`, request.signal)
				);
				data = {
					key,
					kind: 'drivers',
					spike: found?.spike ?? this.takeover,
					drivers: found?.drivers ?? null
				};
			} else if (this.panel.view === 'queue') {
				const raw = await this.#apiGet(
					`/api/v1/queue?brand=${encodeURIComponent(this.panel.brand)}&limit=6`,
					request.signal
				);
				data = { key, kind: 'queue', queue: queueSchema.parse(raw) };
			} else {
				data = await this.#latestSpikeDrivers(key, this.panel.brand, request.signal);
			}
			if (this.#panelKey() === key) this.panelData = data;
		} catch {
			// Keep what is on screen; the stale overlay speaks for a server that is down.
		} finally {
			if (this.#request === request) this.#request = null;
		}
	}

	/** The drivers panel explains the brand's latest spike of the last day. */
	async #latestSpikeDrivers(key: string, brand: string, signal: AbortSignal): Promise<PanelData> {
		const spikes = parseSpikeList(
			await this.#apiGet(`/api/v1/spikes?brand=${encodeURIComponent(brand)}`, signal)
		);
		const latest = (spikes ?? []).sort((a, b) => b.started_at - a.started_at)[0];
		if (!latest) return { key, kind: 'drivers', spike: null, drivers: null };
		const found = parseDrivers(
			await this.#apiGet(`/api/v1/spikes/${encodeURIComponent(latest.id)}/drivers`, signal)
		);
		return { key, kind: 'drivers', spike: found?.spike ?? latest, drivers: found?.drivers ?? null };
	}
}
