import { test as base, expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { freePort, TestServer } from '../src/lib/server/testing/server-process';

export interface Fixtures {
	api: APIRequestContext;
}

/** One server per worker; `api` is a request context that carries the master key. */
export const test = base.extend<Fixtures, { server: TestServer }>({
	server: [
		// Playwright needs the empty pattern: a worker fixture that uses no other fixture.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			// Every spec logs in from 127.0.0.1; the login limit is tested on its own server (hostile.spec.ts).
			const server = new TestServer(await freePort(), { BRANDPULSE_RATE_LOGIN_PER_MINUTE: '100000' });
			await server.start();
			await use(server);
			await server.dispose();
		},
		{ scope: 'worker' }
	],
	baseURL: async ({ server }, use) => use(server.url),
	api: async ({ playwright, server }, use) => {
		const api = await masterKeyContext(playwright, server);
		await use(api);
		await api.dispose();
	}
});

export { expect };

/** A request context on `server` that carries its master key. */
function masterKeyContext(
	playwright: PlaywrightWorkerArgs['playwright'],
	server: TestServer
): Promise<APIRequestContext> {
	return playwright.request.newContext({
		baseURL: server.url,
		extraHTTPHeaders: { authorization: `Bearer ${server.masterKey}` }
	});
}

/**
 * A server of its own, started with `env` (for settings the shared one must not have), and a request
 * context on it that carries the master key; both are disposed when `work` ends.
 */
export async function withOwnServer(
	playwright: PlaywrightWorkerArgs['playwright'],
	env: Record<string, string>,
	work: (api: APIRequestContext, server: TestServer) => Promise<void>
): Promise<void> {
	const server = new TestServer(await freePort(), env);
	await server.start();
	const api = await masterKeyContext(playwright, server);
	try {
		await work(api, server);
	} finally {
		await api.dispose();
		await server.dispose();
	}
}

let counter = 0;
/** A mention for `brand`, created now, with an id unique within the run. */
export function mention(brand: string, text: string, overrides: Record<string, unknown> = {}) {
	counter += 1;
	return {
		id: `e2e-${Date.now()}-${counter}`,
		brand,
		source: 'twitter',
		text,
		created_at: new Date().toISOString(),
		author: 'e2e',
		author_followers: 100,
		...overrides
	};
}
