// Production entry: one HTTP server for SvelteKit's handler and socket.io. socket.io is created here,
// before the app starts, and handed over on globalThis; the app (src/lib/server/app.ts) attaches its
// authentication and realtime hub to it when SvelteKit initialises.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Server } from 'socket.io';

const IO_KEY = Symbol.for('brandpulse.io');
process.env.BRANDPULSE_ENTRY = 'node';
const RUNTIME_KEY = Symbol.for('brandpulse.runtime');

// The ingest API enforces its own, configurable limit; the adapter's default (512 KB) is too small for bulk posts.
process.env.BODY_SIZE_LIMIT ??= String(
	Number(process.env.BRANDPULSE_MAX_BODY_BYTES ?? 16 * 1024 * 1024) + 1024
);
try {
	process.env.BRANDPULSE_VERSION ??= JSON.parse(
		readFileSync(new URL('../../build/client/_app/version.json', import.meta.url), 'utf8')
	).version;
} catch {
	// a build without version.json still serves; clients just never auto-reload
}

// This server speaks plain HTTP; adapter-node would otherwise assume https, which breaks the origin check
// on form posts and marks cookies Secure on http:// deployments. A TLS proxy in front sets the header itself.
// Set before the handler is imported: adapter-node reads it at import.
process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
const protocolHeader = process.env.PROTOCOL_HEADER;

// Broadcasts are encoded once per room, not per socket, when per-message compression is off.
const io = new Server({ serveClient: false, perMessageDeflate: false, transports: ['websocket', 'polling'] });
/** @type {Record<symbol, unknown>} */ (globalThis)[IO_KEY] = io;

/** @type {import('node:http').RequestListener} */
let handler;
try {
	// A computed specifier: build/handler.js exists only after `vite build`, so type-checking must not follow it.
	const handlerModule = '../../build/handler.js';
	({ handler } = await import(handlerModule));
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
}

const server = createServer((request, response) => {
	if (!process.env.ORIGIN && !request.headers[protocolHeader]) request.headers[protocolHeader] = 'http';
	handler(request, response);
});
// Node closes an idle keep-alive connection after 5 s, and a client (or a load balancer, which keeps idle
// connections for 60 s) that reuses it at that instant gets ECONNRESET. Idle connections outlive theirs.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
io.attach(server);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
server.listen(port, host, () => {
	void (
		/** @type {Promise<{ banner: string }> | undefined} */ (
			/** @type {Record<symbol, unknown>} */ (globalThis)[RUNTIME_KEY]
		)?.then((runtime) => console.log(runtime.banner))
	);
});

let shuttingDown = false;
/** @param {string} signal */
async function shutdown(signal) {
	if (shuttingDown) return;
	shuttingDown = true;
	const timer = setTimeout(() => process.exit(1), 15_000);
	timer.unref();
	server.close();
	server.closeAllConnections?.();
	try {
		const runtime = /** @type {Promise<{ stop(): Promise<void> }> | undefined} */ (
			/** @type {Record<symbol, unknown>} */ (globalThis)[RUNTIME_KEY]
		);
		await (await runtime)?.stop();
	} catch (error) {
		console.error(`shutdown after ${signal} failed:`, error);
		process.exit(1);
	}
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
