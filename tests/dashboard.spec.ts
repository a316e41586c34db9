import type { Page } from '@playwright/test';
import { test, expect, mention } from './fixtures';

async function logIn(page: Page, masterKey: string, next: string) {
	await page.goto(`/login?key=${encodeURIComponent(masterKey)}&next=${encodeURIComponent(next)}`);
	await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}$`));
	await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
}

test.describe('live dashboard', () => {
	test('a page without a session goes to the login page, and a bad key is refused', async ({ page }) => {
		await page.goto('/b/anything');
		await expect(page).toHaveURL(/\/login\?next=%2Fb%2Fanything$/);
		await page.getByLabel('API key').fill('not-a-key');
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('alert')).toContainText('not valid');
	});

	test('mentions posted through the API move the KPIs and charts without a reload', async ({
		page,
		api,
		server
	}) => {
		await logIn(page, server.masterKey, '/b/e2e-live?window=15m');
		await expect(page.getByTestId('kpi-mentions')).toHaveAttribute('data-value', '0');
		await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

		const posted = await api.post('/api/v1/mentions', {
			data: [
				mention('e2e-live', 'I love this brand, great service'),
				mention('e2e-live', 'Terrible. Lost my bag and nobody answers'),
				mention('e2e-live', 'Worst support ever, I want a refund')
			]
		});
		expect(await posted.json()).toMatchObject({ accepted: 3 });

		await expect(page.getByTestId('kpi-mentions')).toHaveAttribute('data-value', '3');
		await expect(page.getByTestId('chart-volume')).toHaveAttribute('data-total', '3');
		const negativeShare = Number(await page.getByTestId('kpi-negative_share').getAttribute('data-value'));
		expect(negativeShare).toBeCloseTo(2 / 3, 5);
		// Hovering a step shows its time range and counts in the chart's tooltip.
		const volume = page.getByTestId('chart-volume');
		await volume.getByRole('slider').hover();
		const tooltip = volume.getByTestId('chart-tooltip');
		await expect(tooltip).toBeVisible();
		await expect(tooltip).toContainText(/\d{1,2}:\d{2}/);
		expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
		// The start watchdog (static/start-watchdog.js) saw the app start, so it will never reload this page.
		await expect(page.locator('html')).toHaveAttribute('data-app-started', '');
	});

	test('brand and window live in the URL, and back goes back', async ({ page, api, server }) => {
		await api.post('/api/v1/mentions', { data: [mention('e2e-url', 'hello there')] });
		await logIn(page, server.masterKey, '/b/e2e-url?window=1h');
		await page.getByTestId('window-picker').locator('[data-window="6h"]').click();
		await expect(page).toHaveURL(/\/b\/e2e-url\?window=6h$/);
		await expect(page.getByTestId('chart-volume')).toHaveAttribute('data-total', '1');
		await page.goBack();
		await expect(page).toHaveURL(/\/b\/e2e-url\?window=1h$/);
	});

	test('a restarted server shows reconnecting, then stale, then live again by itself', async ({
		page,
		api,
		server
	}) => {
		test.setTimeout(90_000);
		await logIn(page, server.masterKey, '/b/e2e-restart?window=15m');
		await server.stop();
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'reconnecting');
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'stale', { timeout: 20_000 });
		await expect(page.getByTestId('live-status')).toContainText(/Stale since \d\d:\d\d/);
		await server.start();
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
		await api.post('/api/v1/mentions', { data: [mention('e2e-restart', 'back online, thanks')] });
		await expect(page.getByTestId('kpi-mentions')).toHaveAttribute('data-value', '1');
	});
});
