import { io as connect, type Socket } from 'socket.io-client';
import type { MetricsSnapshot, MetricsWindow } from '../lib/metrics';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/socket-events';

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens `count` websocket clients in waves (a burst of thousands of handshakes at once is not a dashboard). */
export async function openSubscribers(
	url: string,
	token: string,
	count: number,
	viewOf: (index: number) => { brand: string; window: MetricsWindow },
	onSnapshot: (index: number, snapshot: MetricsSnapshot) => void = () => {}
): Promise<BenchSocket[]> {
	const sockets: BenchSocket[] = [];
	const WAVE = 250;
	for (let start = 0; start < count; start += WAVE) {
		const wave = Array.from({ length: Math.min(WAVE, count - start) }, (_, offset) => {
			const socket: BenchSocket = connect(url, {
				transports: ['websocket'],
				auth: { token },
				reconnection: false,
				forceNew: true
			});
			sockets.push(socket);
			return new Promise<void>((resolve, reject) => {
				socket.once('connect_error', reject);
				socket.once('connect', () => {
					socket.emitWithAck('subscribe', viewOf(start + offset)).then((ack) => {
						if (!ack.ok) return reject(new Error(ack.error));
						onSnapshot(start + offset, ack.snapshot);
						resolve();
					}, reject);
				});
			});
		});
		await Promise.all(wave);
	}
	return sockets;
}

export async function adminGet<T>(url: string, token: string, path: string): Promise<T> {
	const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
	return (await response.json()) as T;
}

export async function postMentions(url: string, token: string, mentions: unknown[]): Promise<void> {
	const response = await fetch(`${url}/api/v1/mentions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(mentions)
	});
	if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
}
