import { io, type Socket } from 'socket.io-client';
import {
	applyMetricsDelta,
	isMetricsDelta,
	type MetricsSnapshot,
	type MetricsUpdate,
	type MetricsWindow,
	type SnapshotAnnotation
} from '../metrics';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from '../socket-events';
import { LatestThrottle, type ThrottleClock } from './latest-throttle';

export type LiveState = 'live' | 'reconnecting' | 'stale';
export type LiveView = { brand: string; window: MetricsWindow };
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveMetricsOptions {
	/** This page's build; a server announcing another one has been upgraded. */
	version: string;
	/** Opens the socket; tests pass a fake. */
	connect?: () => LiveSocket;
	/** Called when the server runs another build. */
	onVersionMismatch?: (serverVersion: string) => void;
	now?: () => number;
	setInterval?: (callback: () => void, ms: number) => unknown;
	clearInterval?: (handle: unknown) => void;
	throttleClock?: ThrottleClock;
}

/** The server sends a heartbeat snapshot at least every 5 s; two missed beats mean the view is stale. */
export const STALE_AFTER_MS = 10_000;
const STALE_CHECK_MS = 1_000;
const ACK_TIMEOUT_MS = 5_000;
/** At most four renders a second, whatever the server's burst rate. */
const APPLY_INTERVAL_MS = 250;
const MAX_RECONNECT_DELAY_MS = 5_000;

export function connectToServer(): LiveSocket {
	return io({
		transports: ['websocket', 'polling'],
		reconnectionDelay: 500,
		reconnectionDelayMax: MAX_RECONNECT_DELAY_MS,
		randomizationFactor: 0.5
	});
}

const RELOADED_FOR_KEY = 'brandpulse:reloaded-for-version';

/**
 * Reloads onto the server's new build, once per version: if the reload still serves the old page (a proxy
 * cache, a rolling deploy), reloading again would loop forever on an unattended wall screen.
 */
export function reloadOnce(serverVersion: string): void {
	try {
		if (sessionStorage.getItem(RELOADED_FOR_KEY) === serverVersion) return;
		sessionStorage.setItem(RELOADED_FOR_KEY, serverVersion);
	} catch {
		return;
	}
	location.reload();
}

function sameView(a: LiveView | null, b: LiveView | null): boolean {
	return a !== null && b !== null && a.brand === b.brand && a.window === b.window;
}

/**
 * The live connection behind a dashboard: one socket per page, subscribed to the view on screen, holding
 * that view's latest snapshot and how current it is. Built to run for days: a fixed set of listeners, one
 * interval, one pending snapshot.
 */
export class LiveMetrics {
	/** Latest snapshot of the current view; replaced whole, never mutated. */
	snapshot = $state.raw<MetricsSnapshot | null>(null);
	/** When this page last heard about the current view (epoch ms, client clock); null before any data. */
	lastUpdateAt = $state<number | null>(null);
	connected = $state(false);
	/** The server's reason for refusing the current view, if it did. */
	error = $state<string | null>(null);

	#now = $state(Date.now());
	/** Set once the connection has failed or dropped, so a first connection in progress still reads as live. */
	#connectionLost = $state(false);
	#watchingSince = $state<number | null>(null);

	/** When data stopped being current; the stale label shows it. */
	readonly staleSince = $derived(this.lastUpdateAt ?? this.#watchingSince);

	readonly state: LiveState = $derived.by(() => {
		if (this.staleSince !== null && this.#now - this.staleSince >= STALE_AFTER_MS) return 'stale';
		if (this.#connectionLost && !this.connected) return 'reconnecting';
		return 'live';
	});

	readonly #options: Required<Omit<LiveMetricsOptions, 'throttleClock'>>;
	readonly #throttle: LatestThrottle<MetricsSnapshot>;
	#socket: LiveSocket | null = null;
	#view: LiveView | null = null;
	/** The newest snapshot received (applied or waiting in the throttle): deltas apply to it. */
	#latest: MetricsSnapshot | null = null;
	/** A subscribe is waiting for its acknowledgement (a second one for a missed delta would be redundant). */
	#subscribing = false;
	/** Bumped per subscribe, so an acknowledgement for a view already left is ignored. */
	#subscription = 0;
	#ticker: unknown = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(options: LiveMetricsOptions) {
		this.#options = {
			connect: connectToServer,
			onVersionMismatch: reloadOnce,
			now: Date.now,
			setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
			clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
			...options
		};
		this.#throttle = new LatestThrottle(
			(snapshot) => this.#apply(snapshot),
			APPLY_INTERVAL_MS,
			options.throttleClock
		);
	}

	get view(): LiveView | null {
		return this.#view;
	}

	/**
	 * Shows a view: adopts the snapshot the page was rendered with, then follows the server's updates.
	 * Calling it again for the view already shown changes nothing.
	 */
	show(view: LiveView, initial: MetricsSnapshot | null): void {
		if (sameView(view, this.#view)) return;
		const previous = this.#view;
		this.#view = { ...view };
		this.#throttle.cancel();
		this.error = null;
		const now = this.#options.now();
		this.#now = now;
		this.#watchingSince = now;
		const adopt = initial !== null && initial.brand === view.brand && initial.window === view.window;
		this.snapshot = adopt ? initial : null;
		this.#latest = this.snapshot;
		this.lastUpdateAt = adopt ? now : null;
		this.#startTicker();

		const socket = this.#ensureSocket();
		if (!socket.connected) return;
		if (previous) socket.emit('unsubscribe', previous);
		this.#subscribe(socket, this.#view);
	}

	/** Stops following any view (e.g. on a page without a dashboard) and closes the connection. */
	hide(): void {
		this.#view = null;
		this.#latest = null;
		this.#subscription += 1;
		this.#throttle.cancel();
		this.#stopTicker();
		this.#closeSocket();
	}

	destroy(): void {
		this.hide();
	}

	#ensureSocket(): LiveSocket {
		if (this.#socket) {
			if (!this.#socket.connected && !this.#socket.active) this.#socket.connect();
			return this.#socket;
		}
		const socket = this.#options.connect();
		this.#socket = socket;
		socket.on('connect', () => {
			this.connected = true;
			this.#connectionLost = false;
			if (this.#view) this.#subscribe(socket, this.#view);
		});
		socket.on('disconnect', (reason) => {
			this.connected = false;
			this.#connectionLost = true;
			// socket.io retries by itself except when the server (or this page) closed the connection.
			if (reason === 'io server disconnect') this.#retryLater(socket);
		});
		socket.on('connect_error', () => {
			this.connected = false;
			this.#connectionLost = true;
			// Inactive after a refusal (e.g. an expired session): socket.io gives up, so keep trying.
			if (!socket.active) this.#retryLater(socket);
		});
		socket.on('metrics', (update) => this.#receive(update));
		// A note added or deleted shows at once, not on the next snapshot that happens to carry it.
		socket.on('annotation', ({ brand, action, annotation }) => this.#annotate(brand, action, annotation));
		socket.on('hello', ({ version }) => {
			if (version !== this.#options.version) this.#options.onVersionMismatch(version);
		});
		return socket;
	}

	#closeSocket(): void {
		if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		const socket = this.#socket;
		if (!socket) return;
		this.#socket = null;
		socket.removeAllListeners();
		socket.disconnect();
		this.connected = false;
		this.#connectionLost = false;
	}

	#retryLater(socket: LiveSocket): void {
		if (this.#retryTimer !== null) return;
		const delay = MAX_RECONNECT_DELAY_MS * (0.5 + Math.random() * 0.5);
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			if (this.#socket === socket && !socket.connected) socket.connect();
		}, delay);
	}

	#subscribe(socket: LiveSocket, view: LiveView): void {
		const subscription = ++this.#subscription;
		this.#subscribing = true;
		socket
			.timeout(ACK_TIMEOUT_MS)
			.emit('subscribe', { ...view }, (timeoutError: Error | null, ack: SubscribeAck) => {
				if (subscription !== this.#subscription || !sameView(view, this.#view)) return;
				this.#subscribing = false;
				if (timeoutError) {
					// A lost acknowledgement on a live connection: ask again. After a disconnect, `connect` does.
					if (socket.connected) this.#subscribe(socket, view);
					return;
				}
				if (!ack.ok) {
					this.error = ack.error;
					return;
				}
				this.error = null;
				this.#receive(ack.snapshot);
			});
	}

	#receive(update: MetricsUpdate): void {
		// Broadcasts for the previous view can still be in flight after switching.
		if (!sameView(update, this.#view)) return;
		const latest = this.#latest && sameView(this.#latest, update) ? this.#latest : null;
		let snapshot: MetricsSnapshot;
		if (isMetricsDelta(update)) {
			const merged = latest ? applyMetricsDelta(latest, update) : null;
			if (!merged) {
				// A missed update (or none yet to apply it to): ask for the whole view again.
				const socket = this.#socket;
				if (socket?.connected && !this.#subscribing) this.#subscribe(socket, this.#view!);
				return;
			}
			snapshot = merged;
		} else {
			// An acknowledgement can arrive after a newer broadcast; never step back.
			if (latest?.seq !== undefined && update.seq !== undefined && update.seq < latest.seq) return;
			snapshot = update;
		}
		this.#latest = snapshot;
		const now = this.#options.now();
		this.lastUpdateAt = now;
		this.#now = now;
		this.#throttle.push(snapshot);
	}

	#annotate(brand: string, action: 'added' | 'deleted', annotation: SnapshotAnnotation): void {
		const current = this.snapshot;
		if (!current || current.brand !== brand) return;
		const others = (current.annotations ?? []).filter((item) => item.id !== annotation.id);
		this.snapshot = { ...current, annotations: action === 'added' ? [...others, annotation] : others };
		if (this.#latest === current) this.#latest = this.snapshot;
	}

	#apply(snapshot: MetricsSnapshot): void {
		if (!sameView(snapshot, this.#view)) return;
		// An acknowledgement can arrive after a newer broadcast; never step back in time.
		const current = this.snapshot;
		if (current && sameView(current, snapshot) && snapshot.at < current.at) return;
		this.snapshot = snapshot;
	}

	#startTicker(): void {
		if (this.#ticker !== null) return;
		this.#ticker = this.#options.setInterval(() => {
			this.#now = this.#options.now();
		}, STALE_CHECK_MS);
	}

	#stopTicker(): void {
		if (this.#ticker === null) return;
		this.#options.clearInterval(this.#ticker);
		this.#ticker = null;
	}
}
