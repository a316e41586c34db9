import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { freePort, TestServer } from '../src/lib/server/testing/server-process';
import { test as base, expect, mention } from './fixtures';

/**
 * The shared fixtures put worker N's server on port 4300 + N, which collides when several specs run at once
 * from different checkouts on one machine; this file's server takes its own port range instead.
 */
const test = base.extend<object, { server: TestServer }>({
	server: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = new TestServer(await freePort());
			await server.start();
			await use(server);
			await server.dispose();
		},
		{ scope: 'worker' }
	]
});

async function logIn(page: Page, masterKey: string, next: string) {
	await page.goto(`/login?key=${encodeURIComponent(masterKey)}&next=${encodeURIComponent(next)}`);
	await expect(page).toHaveURL((url) => url.pathname + url.search === next);
}

/** RFC 4180 rows: quoted fields may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i += 1) {
		const char = text[i]!;
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i += 1;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i += 1;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

/** Drags across the whole plot of a chart, from its first step to its last (the one still filling up). */
async function brushWholeChart(page: Page, testId: string) {
	const plot = page.getByTestId(testId).getByRole('slider');
	const box = (await plot.boundingBox())!;
	const y = box.y + box.height / 2;
	// Until the page has hydrated a drag does nothing, so drag again until the selection shows.
	await expect(async () => {
		await page.mouse.up();
		// The left margin holds the y labels; 60 px in is inside the plot for any label width.
		await page.mouse.move(box.x + 60, y);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width / 2, y, { steps: 4 });
		await page.mouse.move(box.x + box.width - 4, y, { steps: 4 });
		await expect(page.getByTestId('brush-label')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 15_000 });
	await page.mouse.up();
}

test.describe('drill-down from charts to mentions', () => {
	test('brushing the volume chart lists exactly that range; a term narrows it; back widens it again', async ({
		page,
		api,
		server
	}) => {
		const brand = 'e2e-drill';
		const posted = await api.post('/api/v1/mentions', {
			data: [
				mention(brand, 'I love this brand, great service', { author: 'ana', author_followers: 5000 }),
				mention(brand, 'Terrible. Lost my bag and I want a refund', { author: 'bo', source: 'reddit' }),
				mention(brand, 'Worst support ever, I want a refund #fail', { author: 'cy' })
			]
		});
		expect(await posted.json()).toMatchObject({ accepted: 3 });

		await logIn(page, server.masterKey, `/b/${brand}?window=15m`);
		await expect(page.getByTestId('chart-volume')).toHaveAttribute('data-total', '3');

		await brushWholeChart(page, 'chart-volume');
		await expect(page).toHaveURL(/\/b\/e2e-drill\/mentions\?from=.+&to=.+/);
		await expect(page.getByTestId('list-total')).toHaveAttribute('data-value', '3');
		await expect(page.getByTestId('chart-count')).toHaveAttribute('data-value', '3');
		await expect(page.getByTestId('mention-row')).toHaveCount(3);
		const rangeUrl = page.url();

		await page.getByTestId('search').fill('refund');
		await page.getByTestId('search').press('Enter');
		await expect(page).toHaveURL(/[?&]q=refund/);
		await expect(page.getByTestId('list-total')).toHaveAttribute('data-value', '2');
		await expect(page.getByTestId('mention-row')).toHaveCount(2);
		// The chart's own count does not follow filters: it is the reference the list is read against.
		await expect(page.getByTestId('chart-count')).toHaveAttribute('data-value', '3');

		// A breakdown row is a filter toggle, and lands in the URL like the text search.
		await page.getByTestId('breakdown-source').locator('[data-key="reddit"]').click();
		await expect(page).toHaveURL(/[?&]source=reddit/);
		await expect(page.getByTestId('list-total')).toHaveAttribute('data-value', '1');

		await page.goBack();
		await expect(page.getByTestId('list-total')).toHaveAttribute('data-value', '2');
		await page.goBack();
		await expect(page).toHaveURL(rangeUrl);
		await expect(page.getByTestId('list-total')).toHaveAttribute('data-value', '3');
	});

	test('the CSV export holds the same mentions as the list', async ({ page, api, server }) => {
		const brand = 'e2e-export';
		await api.post('/api/v1/mentions', {
			data: [
				mention(brand, 'Checkout keeps failing, "again", on mobile'),
				mention(brand, 'Refund arrived, thanks\nsee you soon'),
				mention(brand, 'meh')
			]
		});
		await logIn(page, server.masterKey, `/b/${brand}?window=15m`);
		await expect(page.getByTestId('chart-volume')).toHaveAttribute('data-total', '3');
		await brushWholeChart(page, 'chart-volume');
		await expect(page.getByTestId('list-total')).toHaveAttribute('data-value', '3');

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('export-csv').click()
		]);
		expect(download.suggestedFilename()).toMatch(/\.csv$/);
		const rows = parseCsv(await readFile((await download.path())!, 'utf8')).filter(
			(row) => row.join('') !== ''
		);
		const [header, ...records] = rows;
		expect(header).toContain('text');
		expect(records).toHaveLength(3);
		const textColumn = header!.indexOf('text');
		expect(records.map((record) => record[textColumn]).sort()).toEqual(
			['Checkout keeps failing, "again", on mobile', 'Refund arrived, thanks\nsee you soon', 'meh'].sort()
		);
	});

	test('marking a mention answered on the desk moves the latency KPI on the dashboard', async ({
		page,
		api,
		server
	}) => {
		const brand = 'e2e-desk';
		const waiting = mention(brand, 'Still waiting for my order, anyone there?', {
			created_at: new Date(Date.now() - 10 * 60_000).toISOString()
		});
		await api.post('/api/v1/mentions', { data: [waiting] });

		await logIn(page, server.masterKey, `/b/${brand}?window=1h`);
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
		await expect(page.getByTestId('kpi-latency_p50_s')).toHaveAttribute('data-value', '');

		const desk = await page.context().newPage();
		await desk.goto(`/b/${brand}/desk`);
		const row = desk.getByTestId('queue-row').filter({ hasText: 'Still waiting for my order' });
		await expect(row).toHaveCount(1);
		await expect(row.getByTestId('time-left')).toHaveText(/^[45]\d:\d\d$/);
		await row.getByTestId('mark-answered').click();
		await expect(row).toHaveCount(0);

		// The dashboard in the other tab hears about the reply over its socket, without a reload.
		await expect
			.poll(async () => Number(await page.getByTestId('kpi-latency_p50_s').getAttribute('data-value')), {
				timeout: 15_000
			})
			.toBeGreaterThan(9 * 60);
		await desk.close();
	});

	test('the time zone picker sets every time on screen, and rides along in the URL and exports', async ({
		page,
		api,
		server
	}) => {
		const brand = 'e2e-zone';
		await api.post('/api/v1/mentions', { data: [mention(brand, 'zone check')] });
		await logIn(page, server.masterKey, `/b/${brand}?window=15m`);
		await expect(page.getByTestId('chart-volume')).toHaveAttribute('data-total', '1');

		// Adelaide: a half-hour offset, and a name every tz database spells the same way.
		const zone = 'Australia/Adelaide';
		const offsetMinutes = (() => {
			const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
				.formatToParts(new Date())
				.find((part) => part.type === 'timeZoneName')!.value;
			const [, sign, hours, minutes] = /GMT([+-])(\d\d):(\d\d)/.exec(parts)!;
			return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
		})();
		const offsetText = `UTC+${String(Math.floor(offsetMinutes / 60)).padStart(2, '0')}:${String(offsetMinutes % 60).padStart(2, '0')}`;
		// A choice made before the page has hydrated is lost, so choose again until the URL takes it.
		await expect(async () => {
			await page.getByTestId('tz-picker').selectOption(zone);
			await expect(page).toHaveURL(/[?&]tz=Australia%2FAdelaide/, { timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		await expect(page.getByTestId('tz-offset')).toHaveText(offsetText);
		// The axis reads the zone's wall clock: its current hour appears among the tick labels.
		const wallHour = String(new Date(Date.now() + offsetMinutes * 60_000).getUTCHours()).padStart(2, '0');
		await expect
			.poll(async () =>
				(await page.getByTestId('chart-volume').locator('.x-axis text').allTextContents()).join(' ')
			)
			.toContain(`${wallHour}:`);

		await brushWholeChart(page, 'chart-volume');
		await expect(page).toHaveURL(/\/mentions\?.*tz=Australia%2FAdelaide/);
		await expect(page.getByTestId('range')).toContainText(offsetText);
		await expect(page.getByTestId('export-csv')).toHaveAttribute('href', /tz=Australia%2FAdelaide/);
	});
});
