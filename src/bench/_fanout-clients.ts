/**
 * A child process of the fan-out benchmark: opens its share of the websocket clients and keeps each one's view
 * as the dashboard does (whole snapshots, deltas applied on top). Asked to, it waits until every socket shows at
 * least N mentions and reports, per socket, the time from the server's emit (`sent_at`, carried in the payload)
 * and from the snapshot's computation (`at`) to the update that showed them.
 */
import {
	applyMetricsDelta,
	isMetricsDelta,
	type MetricsSnapshot,
	type MetricsUpdate,
	type MetricsWindow
} from '../lib/metrics';
import { openSubscribers, type BenchSocket } from './_sockets';

export interface FanoutWorkerData {
	url: string;
	token: string;
	count: number;
	views: { brand: string; window: MetricsWindow }[];
	/** Index of this worker's first client, so clients spread over the views as one numbering. */
	offset: number;
}

export type FanoutWorkerRequest = { type: 'arm'; mentions: number } | { type: 'close' };

export type FanoutWorkerMessage =
	| { type: 'open'; sockets: number; snapshotBytes: number }
	| { type: 'armed' }
	| {
			type: 'received';
			fromEmit: number[];
			fromCompute: number[];
			updates: number;
			deltas: number;
			bytes: number;
			resyncs: number;
	  }
	| { type: 'closed' };

const data = JSON.parse(process.argv[2]!) as FanoutWorkerData;
const post = (message: FanoutWorkerMessage) => process.send!(message);

interface Client {
	socket: BenchSocket;
	view: MetricsSnapshot | null;
}

const stats = { updates: 0, deltas: 0, bytes: 0, resyncs: 0 };
let waiting: { mentions: number; fromEmit: number[]; fromCompute: number[]; left: Set<Client> } | null = null;

function receive(client: Client, update: MetricsUpdate) {
	const now = Date.now();
	stats.updates += 1;
	stats.bytes += JSON.stringify(update).length;
	if (isMetricsDelta(update)) {
		stats.deltas += 1;
		const merged = client.view ? applyMetricsDelta(client.view, update) : null;
		if (!merged) {
			// What the dashboard does on a missed update: subscribe again for the whole view.
			stats.resyncs += 1;
			void client.socket
				.emitWithAck('subscribe', { brand: update.brand, window: update.window })
				.then((ack) => {
					if (!ack.ok) return;
					client.view = ack.snapshot;
					settle(client, ack.snapshot, Date.now());
				});
			return;
		}
		client.view = merged;
	} else {
		client.view = update;
	}
	settle(client, update, now);
}

function settle(client: Client, update: MetricsUpdate, now: number) {
	if (waiting && waiting.left.has(client) && client.view!.kpis.mentions >= waiting.mentions) {
		waiting.left.delete(client);
		waiting.fromEmit.push(now - (update.sent_at ?? update.at));
		waiting.fromCompute.push(now - update.at);
		if (waiting.left.size === 0) {
			const done = waiting;
			waiting = null;
			post({ type: 'received', fromEmit: done.fromEmit, fromCompute: done.fromCompute, ...stats });
		}
	}
}

const acknowledged = new Map<number, MetricsSnapshot>();
const sockets = await openSubscribers(
	data.url,
	data.token,
	data.count,
	(index) => data.views[(data.offset + index) % data.views.length]!,
	(index, snapshot) => acknowledged.set(index, snapshot)
);
const clients: Client[] = sockets.map((socket, index) => {
	const client: Client = { socket, view: acknowledged.get(index) ?? null };
	socket.on('metrics', (update: MetricsUpdate) => receive(client, update));
	return client;
});
let snapshotBytes = 0;
for (const snapshot of acknowledged.values()) snapshotBytes += JSON.stringify(snapshot).length;
post({
	type: 'open',
	sockets: clients.length,
	snapshotBytes: snapshotBytes / Math.max(1, acknowledged.size)
});

process.on('message', (request: FanoutWorkerRequest) => {
	if (request.type === 'arm') {
		stats.updates = stats.deltas = stats.bytes = stats.resyncs = 0;
		waiting = { mentions: request.mentions, fromEmit: [], fromCompute: [], left: new Set(clients) };
		post({ type: 'armed' });
		return;
	}
	if (request.type !== 'close') return;
	for (const client of clients) client.socket.close();
	post({ type: 'closed' });
	process.disconnect();
});
