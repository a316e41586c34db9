import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { Server } from 'socket.io';

const IO_KEY = Symbol.for('brandpulse.io');

/**
 * In dev, socket.io shares Vite's HTTP server, as it shares the production server in src/entry/server.js.
 * The app picks the instance up from globalThis when its hooks initialise.
 */
function brandpulseSocket(): Plugin {
	return {
		name: 'brandpulse-socket',
		configureServer(server) {
			if (!server.httpServer) return;
			const io = new Server({ serveClient: false, perMessageDeflate: false });
			io.attach(server.httpServer);
			(globalThis as Record<symbol, unknown>)[IO_KEY] = io;
			// SvelteKit initialises the app on its first request; make that happen at start, not at first visit.
			server.httpServer.once('listening', () => {
				const address = server.httpServer?.address();
				if (address && typeof address === 'object') {
					process.env.BRANDPULSE_PUBLIC_URL ??= `http://localhost:${address.port}`;
					void fetch(`http://127.0.0.1:${address.port}/healthz`).catch(() => {});
				}
			});
		}
	};
}

export default defineConfig({
	plugins: [brandpulseSocket(), sveltekit()],
	test: {
		include: ['src/**/*.test.ts'],
		pool: 'forks',
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
