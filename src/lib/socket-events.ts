import type { MetricsSnapshot, MetricsUpdate, MetricsWindow, SnapshotAnnotation, SpikeInfo } from './metrics';

/** Acknowledgement of a `subscribe`: the snapshot, or why the subscription was refused. */
export type SubscribeAck = { ok: true; snapshot: MetricsSnapshot } | { ok: false; error: string };

export interface ClientToServerEvents {
	subscribe: (view: { brand: string; window: MetricsWindow }, ack: (result: SubscribeAck) => void) => void;
	unsubscribe: (view: { brand: string; window: MetricsWindow }) => void;
}

export interface ServerToClientEvents {
	/**
	 * A view changed, or a heartbeat: a whole snapshot or a delta on the previous update (see MetricsDelta).
	 * A client that cannot apply a delta subscribes again for a whole snapshot.
	 */
	metrics: (update: MetricsUpdate) => void;
	/** The server's build id; a client on another build reloads itself. */
	hello: (info: { version: string }) => void;
	/** A spike of the brand changed phase (forming, peak, resolved); sent to the brand's view rooms. */
	spike: (event: { brand: string; spike: SpikeInfo }) => void;
	/** An analyst note was added or deleted; sent to the brand's view rooms. */
	annotation: (event: { brand: string; action: 'added' | 'deleted'; annotation: SnapshotAnnotation }) => void;
}

export function viewRoom(brand: string, window: MetricsWindow): string {
	return `view:${brand}:${window}`;
}
