import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the built app (`npm run build` first), each worker running its own server
 * process on its own embedded database (see tests/fixtures.ts). Browsers are never downloaded: Debian's
 * Chromium is used, without the sandbox because CI runs as root.
 */
export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.spec.ts',
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		trace: 'on-first-retry',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	}
});
