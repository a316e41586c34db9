import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, mention } from './fixtures';

const BRAND = 'e2e-wall';

interface CreatedToken {
	token: string;
	url: string;
	info: { id: string };
}

/** A board and one token for it; the URL is what an admin would paste into the monitor's browser. */
async function boardWithToken(api: APIRequestContext, id: string, panels: object[]): Promise<CreatedToken> {
	const created = await api.post('/api/v1/boards', {
		data: { id, name: `Support floor ${id}`, panels, rotate_seconds: 30 }
	});
	expect([201, 409]).toContain(created.status());
	const token = await api.post(`/api/v1/boards/${id}/tokens`);
	expect(token.status()).toBe(201);
	return (await token.json()) as CreatedToken;
}

/** Live numbers, clock times and plots change with the wall clock; the layout and the type must not. */
function liveParts(page: Page) {
	return [page.locator('[data-live]'), page.locator('[data-testid^="wall-chart-"]')];
}

const PANELS = [
	{ brand: BRAND, view: 'kpis', window: '1h' },
	{ brand: BRAND, view: 'volume', window: '1h' },
	{ brand: BRAND, view: 'queue', window: '1h' }
];

let seeded = false;
async function seed(api: APIRequestContext) {
	if (seeded) return;
	seeded = true;
	const posted = await api.post('/api/v1/mentions', {
		data: [
			mention(BRAND, 'I love this brand, great service', { author_followers: 12000 }),
			mention(BRAND, 'Terrible. Lost my bag and nobody answers', { author_followers: 800 }),
			mention(BRAND, 'Worst support ever, I want a refund', { author_followers: 45000 }),
			mention(BRAND, 'Quick question about my order', { author_followers: 90 })
		]
	});
	expect(posted.ok()).toBe(true);
}

for (const screen of [
	{ name: '1080p', width: 1920, height: 1080 },
	{ name: '4k', width: 3840, height: 2160 }
]) {
	test.describe(`wall at ${screen.name}`, () => {
		test.use({ viewport: { width: screen.width, height: screen.height } });

		test('the pasted link signs the screen in, drops the token and shows each panel full screen', async ({
			page,
			api
		}) => {
			await seed(api);
			const { url } = await boardWithToken(api, 'e2e-floor', PANELS);
			for (const [index, view] of ['kpis', 'volume', 'queue'].entries()) {
				// fixed=1 holds the panel and the burn-in shift still so the screenshots compare.
				await page.goto(index === 0 ? `${url}&fixed=1&panel=0` : `/wall/e2e-floor?fixed=1&panel=${index}`);
				await expect(page).toHaveURL(new RegExp(`/wall/e2e-floor\\?fixed=1&panel=${index}$`));
				const wall = page.getByTestId('wall');
				await expect(wall).toHaveAttribute('data-view', view);
				await expect(wall).toHaveAttribute('data-stale', 'false');
				if (view === 'kpis')
					await expect(page.getByTestId('wall-figure-mentions')).toHaveAttribute('data-value', '4');
				if (view === 'volume') await expect(page.getByTestId('wall-chart-volume')).toBeVisible();
				if (view === 'queue')
					await expect(page.getByTestId('wall-figure-unanswered')).toHaveAttribute('data-value', '4');
				await expect(page).toHaveScreenshot(`wall-${view}-${screen.name}.png`, {
					mask: liveParts(page),
					maxDiffPixelRatio: 0.01
				});
			}
			// The headline number is big enough to read from five metres: at least ~7% of the screen height.
			const box = await page
				.goto('/wall/e2e-floor?fixed=1&panel=0')
				.then(() => page.getByTestId('wall-figure-mentions').locator('[data-live]').first().boundingBox());
			expect(box!.height).toBeGreaterThan(screen.height * 0.07);
		});
	});
}

test.describe('wall screen', () => {
	test.use({ viewport: { width: 1920, height: 1080 } });

	test('the board cookie is httpOnly, scoped to the board, and keeps the screen signed in', async ({
		page,
		api,
		context
	}) => {
		const { url } = await boardWithToken(api, 'e2e-cookie', [{ brand: BRAND, view: 'kpis', window: '1h' }]);
		await page.goto(url);
		await expect(page).toHaveURL(/\/wall\/e2e-cookie$/);
		const [cookie] = (await context.cookies()).filter((c) => c.name === 'bp_wall');
		expect(cookie).toMatchObject({ path: '/wall/e2e-cookie', httpOnly: true });
		expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(300 * 86400);
		await page.goto('/wall/e2e-cookie');
		await expect(page.getByTestId('wall')).toHaveAttribute('data-view', 'kpis');
		// Other pages are not opened by a board cookie.
		await page.goto(`/b/${BRAND}`);
		await expect(page).toHaveURL(/\/login/);
	});

	test('a board token reads only its board: its brands, read-only', async ({
		page,
		api,
		playwright,
		server
	}) => {
		const { url } = await boardWithToken(api, 'e2e-scope', [{ brand: BRAND, view: 'kpis', window: '1h' }]);
		await page.goto(url);
		const state = (await (await page.request.get('/wall/e2e-scope/state')).json()) as { ticket: string };
		expect(state.ticket).toMatch(/^bpt_/);
		const asBoard = await playwright.request.newContext({
			baseURL: server.url,
			extraHTTPHeaders: { authorization: `Bearer ${state.ticket}` }
		});
		expect((await asBoard.get(`/api/v1/queue?brand=${BRAND}`)).status()).toBe(200);
		expect((await asBoard.get('/api/v1/queue?brand=someone-else')).status()).toBe(403);
		expect((await asBoard.get('/api/v1/boards')).status()).toBe(403);
		expect((await asBoard.post('/api/v1/mentions', { data: [mention(BRAND, 'hi')] })).status()).toBe(403);
		await asBoard.dispose();
	});

	test('a restarted server shows the stale overlay, which clears by itself', async ({
		page,
		api,
		server
	}) => {
		// Generous: on a loaded machine a restart of the embedded database alone can take half a minute.
		test.setTimeout(180_000);
		const { url } = await boardWithToken(api, 'e2e-restart', [{ brand: BRAND, view: 'kpis', window: '1h' }]);
		await page.goto(`${url}&fixed=1`);
		// Wait for the running app, not the server-rendered markup: stopping the server before the page's
		// scripts have loaded would leave a page that never starts.
		await expect(page.getByTestId('wall')).toHaveAttribute('data-connected', 'true');
		await expect(page.getByTestId('wall')).toHaveAttribute('data-stale', 'false');
		await server.stop();
		const stale = page.getByTestId('wall-stale');
		await expect(stale).toBeVisible({ timeout: 25_000 });
		await expect(stale).toContainText(/Stale since \d\d:\d\d/);
		await server.start();
		await expect(stale).toBeHidden({ timeout: 60_000 });
		await expect(page.getByTestId('wall')).toHaveAttribute('data-view', 'kpis');
		expect(page.url()).not.toContain('/login');
	});

	test('a revoked token gets a clear full-screen message, not a login form', async ({ page, api }) => {
		const { url, info } = await boardWithToken(api, 'e2e-revoked', [
			{ brand: BRAND, view: 'kpis', window: '1h' }
		]);
		const revoked = await api.delete(`/api/v1/boards/e2e-revoked/tokens/${info.id}`);
		expect(revoked.status()).toBe(200);
		await page.goto(url);
		const message = page.getByTestId('wall-access');
		await expect(message).toHaveAttribute('data-access', 'revoked');
		await expect(message).toContainText("This screen's access was revoked");
		await expect(message).toContainText('Ask an admin for a new link');
		await expect(page.getByLabel('API key')).toHaveCount(0);
		await expect(page).toHaveScreenshot('wall-revoked-1080p.png', { maxDiffPixelRatio: 0.01 });
	});

	test('the admin API validates boards and answers for missing ones', async ({ api }) => {
		const bad = await api.post('/api/v1/boards', {
			data: { id: 'Bad Id', name: 'x', panels: [{ brand: BRAND, view: 'kpis' }] }
		});
		expect(bad.status()).toBe(400);
		const noPanels = await api.post('/api/v1/boards', { data: { id: 'e2e-empty', name: 'x', panels: [] } });
		expect(noPanels.status()).toBe(400);
		const created = await api.post('/api/v1/boards', {
			data: {
				id: 'e2e-crud',
				name: 'Night desk',
				panels: [{ brand: BRAND, view: 'latency' }],
				office_hours: { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }
			}
		});
		expect(created.status()).toBe(201);
		expect(
			(
				await api.post('/api/v1/boards', {
					data: { id: 'e2e-crud', name: 'x', panels: [{ brand: BRAND, view: 'kpis' }] }
				})
			).status()
		).toBe(409);
		const updated = await api.put('/api/v1/boards/e2e-crud', {
			data: { name: 'Night desk', panels: [{ brand: BRAND, view: 'queue' }], rotate_seconds: 15 }
		});
		expect(await updated.json()).toMatchObject({
			board: { id: 'e2e-crud', rotate_seconds: 15, office_hours: null }
		});
		const listed = (await (await api.get('/api/v1/boards')).json()) as { boards: { id: string }[] };
		expect(listed.boards.map((b) => b.id)).toContain('e2e-crud');
		expect((await api.delete('/api/v1/boards/e2e-crud')).status()).toBe(200);
		expect((await api.get('/api/v1/boards/e2e-crud')).status()).toBe(404);
		expect((await api.post('/api/v1/boards/e2e-crud/tokens')).status()).toBe(404);
	});
});

test.describe('wall spikes and schedule', () => {
	test.use({ viewport: { width: 1920, height: 1080 } });

	test('an active spike takes over the screen with its drivers until it resolves', async ({ page, api }) => {
		const { url } = await boardWithToken(api, 'e2e-spike', [{ brand: BRAND, view: 'kpis', window: '1h' }]);
		const now = Date.now();
		const spike = {
			id: 'e2e-spike-1',
			brand: BRAND,
			metric: 'volume',
			source: null,
			phase: 'peak',
			direction: 'up',
			started_at: now - 20 * 60_000,
			detected_at: now - 15 * 60_000,
			peak_at: now - 5 * 60_000,
			ended_at: null,
			severity: 7.4,
			peak_value: 120,
			peak_expected: 30
		};
		let phase = 'peak';
		// The spike detector needs hours of history to fire; the screen's side is what is tested here.
		await page.route('**/api/v1/spikes?*', (route) =>
			route.fulfill({ json: { brand: BRAND, from: 0, to: now, spikes: [{ ...spike, phase }] } })
		);
		const post = (id: string, text: string, followers: number) => ({
			id,
			source: 'twitter',
			author: id,
			author_followers: followers,
			created_at: now,
			text,
			url: '',
			label: 'negative'
		});
		await page.route('**/api/v1/spikes/e2e-spike-1/drivers', (route) =>
			route.fulfill({
				json: {
					spike,
					drivers: {
						mentions: { spike: 540, baseline: 120 },
						terms: [
							{ term: 'cancelled', spike: 210, baseline: 4, delta: 3, z: 9.1 },
							{ term: 'refund', spike: 150, baseline: 10, delta: 2, z: 7.2 }
						],
						hashtags: [{ term: '#outage', spike: 180, baseline: 0, delta: 4, z: 8.4 }],
						top_posts: [
							post('traveller1', 'Third flight cancelled this week, give me my refund now', 250000),
							post('traveller2', 'Stuck at the gate for 4 hours, no information at all #outage', 48000)
						],
						shifts: [
							{ dimension: 'source', value: 'twitter', spike_share: 0.71, baseline_share: 0.38, shift: 0.33 }
						],
						representative: [],
						computed_at: now
					}
				}
			})
		);
		await page.goto(`${url}&fixed=1&poll=1`);
		const wall = page.getByTestId('wall');
		await expect(wall).toHaveAttribute('data-view', 'spike');
		await expect(page.getByTestId('wall-spike')).toContainText('At its peak');
		await expect(page.getByTestId('wall-drivers')).toContainText('cancelled');
		await expect(page.getByTestId('wall-drivers')).toContainText('Third flight cancelled');
		await expect(page).toHaveScreenshot('wall-spike-1080p.png', {
			mask: liveParts(page),
			maxDiffPixelRatio: 0.01
		});
		phase = 'resolved';
		await expect(wall).toHaveAttribute('data-view', 'kpis', { timeout: 10_000 });
	});

	test('outside office hours the screen dims', async ({ page, api }) => {
		const hour = new Date().getUTCHours();
		const at = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
		const created = await api.post('/api/v1/boards', {
			data: {
				id: 'e2e-night',
				name: 'Closed now',
				panels: [{ brand: BRAND, view: 'kpis' }],
				office_hours: { timezone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: at(hour + 2), end: at(hour + 3) }
			}
		});
		expect(created.status()).toBe(201);
		const token = (await (await api.post('/api/v1/boards/e2e-night/tokens')).json()) as CreatedToken;
		await page.goto(`${token.url}&fixed=1`);
		await expect(page.getByTestId('wall-dimmed')).toBeVisible();
	});
});

test.describe('spikes page', () => {
	test('lists spikes for the range, and analysts add and delete annotations', async ({ page, server }) => {
		await page.goto(
			`/login?key=${encodeURIComponent(server.masterKey)}&next=${encodeURIComponent(`/b/${BRAND}/spikes`)}`
		);
		await expect(page).toHaveURL(new RegExp(`/b/${BRAND}/spikes$`));
		await expect(page.getByRole('heading', { name: 'Spike events' })).toBeVisible();
		await expect(page.getByText(/No spikes between/)).toBeVisible();
		await page.getByLabel('Note').fill('Outage at the Frankfurt hub');
		await page.getByRole('button', { name: 'Add note' }).click();
		const note = page.getByTestId('note').filter({ hasText: 'Outage at the Frankfurt hub' });
		await expect(note).toBeVisible();
		await note.getByRole('button', { name: /Delete note/ }).click();
		await expect(note).toHaveCount(0);
	});
});
