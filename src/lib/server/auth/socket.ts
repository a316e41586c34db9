import type { Socket } from 'socket.io';
import { SESSION_COOKIE, type SessionStore } from './session';
import type { KeyStore } from './keys';
import type { Principal } from './principal';

/** Board tokens (src/lib/server/boards), tried after API keys; structural so auth does not depend on boards. */
export interface BoardAuthenticator {
	authenticate(token: string): Promise<Principal | null>;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of header?.split(';') ?? []) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

/**
 * Handshake guard: the Origin must be this server (or an allowed one) when a browser sends it, and the
 * caller must present a key (`auth: { token }`) or a session cookie.
 */
export function authenticateSocket(
	keys: KeyStore,
	allowedOrigins: string[],
	boards?: BoardAuthenticator,
	sessions?: Pick<SessionStore, 'authenticate'>
) {
	return (socket: Socket, next: (error?: Error) => void) => {
		const { origin, host } = socket.handshake.headers;
		if (origin && !allowedOrigins.includes(origin)) {
			let originHost: string | null = null;
			try {
				originHost = new URL(origin).host;
			} catch {
				// an Origin that is not a URL is refused below
			}
			if (originHost !== host) return next(new Error('origin not allowed'));
		}
		const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
		const cookie = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
		const principal =
			typeof token === 'string'
				? keys.authenticate(token).then((key) => key ?? boards?.authenticate(token) ?? null)
				: cookie
					? (sessions?.authenticate(cookie) ?? null)
					: null;
		Promise.resolve(principal).then(
			(resolved) => {
				if (!resolved) return next(new Error('unauthorized: send auth.token or log in'));
				socket.data.principal = resolved;
				next();
			},
			() => next(new Error('authentication unavailable, retry shortly'))
		);
	};
}

/**
 * Re-checks every connected socket's credentials after a configuration change (rare: an admin's edit, a
 * logout) and disconnects those that no longer hold: a disabled user's or revoked key's open dashboard stops
 * receiving data within a poll, not at its next page load.
 */
export async function revalidateSockets(
	sockets: Iterable<Socket>,
	recheck: (socket: Socket) => Promise<Principal | null>
): Promise<number> {
	let dropped = 0;
	for (const socket of sockets) {
		const before = socket.data.principal as Principal | undefined;
		if (!before || before.kind === 'master') continue;
		try {
			const now = await recheck(socket);
			if (!now) {
				socket.disconnect(true);
				dropped += 1;
			} else {
				socket.data.principal = now;
			}
		} catch {
			// the store is unreachable: keep the socket, the next change re-checks it
		}
	}
	return dropped;
}

/** How a socket authenticated, replayed for revalidateSockets. */
export function socketRecheck(
	keys: KeyStore,
	boards: BoardAuthenticator,
	sessions: Pick<SessionStore, 'authenticate'>
) {
	return async (socket: Socket): Promise<Principal | null> => {
		const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
		if (typeof token === 'string')
			return (await keys.authenticate(token)) ?? (await boards.authenticate(token));
		const cookie = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
		return cookie ? sessions.authenticate(cookie) : null;
	};
}

/**
 * Runs revalidateSockets after configuration changes, one pass at a time: changes that arrive during a pass
 * make one more pass, not one each. A pass re-checks sockets one by one, so it costs at most one store query
 * in flight (and none for callers whose rows are cached), however many sockets are open.
 */
export function socketRevalidator(run: () => Promise<unknown>): () => void {
	let running: Promise<void> | null = null;
	let again = false;
	const start = (): void => {
		running = run()
			.then(
				() => undefined,
				() => undefined
			)
			.finally(() => {
				running = null;
				if (again) {
					again = false;
					start();
				}
			});
	};
	return () => {
		if (running) again = true;
		else start();
	};
}
