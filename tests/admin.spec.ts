import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect, mention } from './fixtures';

/**
 * People with passwords and roles, end to end: an admin made with the master key creates an analyst limited
 * to one brand in the admin pages, and what each role may do is what the product lets them do.
 */

const PASSWORD = 'a long enough passphrase';
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

async function createUser(api: APIRequestContext, role: string, brands: string[] = []) {
	const email = `${unique(role)}@example.com`;
	const response = await api.post('/api/v1/users', { data: { email, role, brands, password: PASSWORD } });
	expect(response.status(), await response.text()).toBe(201);
	return { email, id: ((await response.json()) as { id: string }).id };
}

async function logIn(page: Page, email: string, password = PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

async function freshPage(browser: Browser, baseURL: string): Promise<Page> {
	const context = await browser.newContext({ baseURL });
	return context.newPage();
}

async function auditActions(
	api: APIRequestContext
): Promise<{ actor: string; action: string; outcome: string }[]> {
	const response = await api.get('/api/v1/audit?limit=1000');
	expect(response.status()).toBe(200);
	return ((await response.json()) as { entries: { actor: string; action: string; outcome: string }[] })
		.entries;
}

test.describe('accounts and roles', () => {
	test('an admin creates an analyst limited to one brand, who sees only it, answers mentions, but not /admin', async ({
		api,
		browser,
		server
	}) => {
		const mine = unique('e2e-mine');
		const other = unique('e2e-other');
		await api.post('/api/v1/mentions', {
			data: [
				mention(mine, 'Still waiting for my refund, anyone there?', {
					created_at: new Date(Date.now() - 10 * 60_000).toISOString()
				}),
				mention(other, 'A competitor brand the analyst may not see')
			]
		});
		const admin = await createUser(api, 'admin');

		// The admin, with a password, in the admin pages.
		const adminPage = await freshPage(browser, server.url);
		await logIn(adminPage, admin.email);
		await expect(adminPage.getByRole('link', { name: 'Admin' })).toBeVisible();
		await adminPage.getByRole('link', { name: 'Admin' }).click();
		await adminPage.getByRole('link', { name: 'Users' }).first().click();
		const analystEmail = `${unique('analyst')}@example.com`;
		const add = adminPage.getByRole('form', { name: 'Add a user' });
		await add.getByLabel('E-mail').fill(analystEmail);
		await add.getByLabel('Role').selectOption('analyst');
		await add.getByLabel('Brands').fill(mine);
		await add.getByLabel('Password').fill(PASSWORD);
		await add.getByRole('button', { name: 'Add user' }).click();
		await expect(adminPage.getByRole('status')).toContainText(`Created ${analystEmail} (analyst)`);
		await expect(adminPage.locator(`tr[data-user="${analystEmail}"]`)).toContainText('analyst');

		// The analyst logs in with the password and lands on the one brand they may see.
		const analyst = await freshPage(browser, server.url);
		await logIn(analyst, analystEmail);
		await expect(analyst).toHaveURL(new RegExp(`/b/${mine}`));
		await expect(analyst.getByTestId('brand-picker').locator('option')).toHaveText([mine]);
		await expect(analyst.getByRole('link', { name: 'Admin' })).toHaveCount(0);
		expect((await analyst.request.get(`/api/v1/metrics?brand=${other}`)).status()).toBe(403);
		expect((await analyst.request.get(`/b/${other}`)).status()).toBe(403);

		// Works the desk: marks the waiting mention answered.
		await analyst.goto(`/b/${mine}/desk`);
		const row = analyst.getByTestId('queue-row').filter({ hasText: 'Still waiting for my refund' });
		await expect(row).toHaveCount(1);
		await row.getByTestId('mark-answered').click();
		await expect(row).toHaveCount(0);

		// But not the admin pages, nor their actions, nor the admin API.
		const adminResponse = await analyst.goto('/admin/users');
		expect(adminResponse?.status()).toBe(403);
		await expect(analyst.getByText('the analyst role may not administer Brandpulse')).toBeVisible();
		const post = await analyst.request.post('/admin/users?/create', {
			headers: { origin: server.url },
			form: { email: 'sneaky@example.com', role: 'admin', password: PASSWORD }
		});
		expect(post.status()).toBe(403);
		expect((await analyst.request.get('/api/v1/users')).status()).toBe(403);
		expect((await api.get('/api/v1/users')).status()).toBe(200);
		expect(
			((await (await api.get('/api/v1/users')).json()) as { users: { email: string }[] }).users
		).not.toContainEqual(expect.objectContaining({ email: 'sneaky@example.com' }));

		// Everyone's doing is in the audit log under their own name.
		const entries = await auditActions(api);
		expect(entries).toContainEqual(
			expect.objectContaining({ actor: `user:${admin.email}`, action: 'admin.user.create', outcome: 'ok' })
		);
		expect(entries).toContainEqual(
			expect.objectContaining({ actor: `user:${analystEmail}`, action: 'login', outcome: 'ok' })
		);
		expect(entries).toContainEqual(
			expect.objectContaining({
				actor: `user:${analystEmail}`,
				action: 'POST /admin/users?/create',
				outcome: 'denied'
			})
		);
		await adminPage.context().close();
		await analyst.context().close();
	});

	test('a wrong password is refused and audited', async ({ api, page }) => {
		const viewer = await createUser(api, 'viewer');
		await page.goto('/login');
		await page.getByLabel('E-mail').fill(viewer.email);
		await page.getByLabel('Password').fill('not the password at all');
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('alert')).toHaveText('password: wrong e-mail or password');
		await expect(page).toHaveURL(/\/login/);
		expect(await auditActions(api)).toContainEqual(
			expect.objectContaining({ actor: `user:${viewer.email}`, action: 'login', outcome: 'denied' })
		);
	});

	test('a viewer sees the dashboard but cannot drill down or export', async ({ api, page }) => {
		const brand = unique('e2e-viewer');
		await api.post('/api/v1/mentions', { data: [mention(brand, 'viewer check')] });
		const viewer = await createUser(api, 'viewer');
		await logIn(page, viewer.email);
		await page.goto(`/b/${brand}?window=1h`);
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
		await expect(page.getByRole('link', { name: 'Mentions' })).toHaveCount(0);
		const from = new Date(Date.now() - 3_600_000).toISOString();
		const to = new Date(Date.now() + 60_000).toISOString();
		const exported = await page.request.get(`/api/v1/export?brand=${brand}&from=${from}&to=${to}&format=csv`);
		expect(exported.status()).toBe(403);
		expect(await exported.json()).toEqual({
			error: { field: 'authorization', message: 'the viewer role may not export mentions' }
		});
		expect((await page.request.get(`/b/${brand}/mentions?from=${from}&to=${to}`)).status()).toBe(403);
		expect((await page.request.get(`/api/v1/metrics?brand=${brand}`)).status()).toBe(200);
		// The desk is readable, but a viewer is not offered a button the server would refuse.
		await page.goto(`/b/${brand}/desk`);
		await expect(page.getByTestId('desk-queue')).toContainText('viewer check');
		await expect(page.getByTestId('mark-answered')).toHaveCount(0);
	});

	test('logging out ends the session on the server, not only in the browser', async ({
		api,
		page,
		playwright,
		server
	}) => {
		const analyst = await createUser(api, 'analyst');
		await logIn(page, analyst.email);
		const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'bp_session');
		expect(cookie?.httpOnly).toBe(true);
		expect(cookie?.sameSite).toBe('Lax');
		await page.getByRole('button', { name: 'Log out' }).click();
		await expect(page).toHaveURL(/\/login$/);

		// Someone who copied the cookie before the logout gets nothing with it.
		const replay = await playwright.request.newContext({
			baseURL: server.url,
			extraHTTPHeaders: { cookie: `bp_session=${cookie!.value}` },
			maxRedirects: 0
		});
		expect((await replay.get('/api/v1/metrics?brand=acme')).status()).toBe(401);
		expect((await replay.get('/')).status()).toBe(303);
		await replay.dispose();
		expect(await auditActions(api)).toContainEqual(
			expect.objectContaining({ actor: `user:${analyst.email}`, action: 'logout', outcome: 'ok' })
		);
	});

	test('disabling a user ends their live session, socket included', async ({ api, page }) => {
		const brand = unique('e2e-disable');
		await api.post('/api/v1/mentions', { data: [mention(brand, 'disable check')] });
		const analyst = await createUser(api, 'analyst');
		await logIn(page, analyst.email);
		await page.goto(`/b/${brand}?window=1h`);
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');

		const disabled = await api.patch(`/api/v1/users/${analyst.id}`, { data: { disabled: true } });
		expect(disabled.status()).toBe(200);

		// The open dashboard's socket is dropped, and the next request finds no session.
		await expect(page.getByTestId('live-status')).not.toHaveAttribute('data-state', 'live', {
			timeout: 10_000
		});
		expect((await page.request.get(`/api/v1/metrics?brand=${brand}`)).status()).toBe(401);
		await page.reload();
		await expect(page).toHaveURL(/\/login\?next=/);

		// And the password no longer opens a new one.
		await page.getByLabel('E-mail').fill(analyst.email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('alert')).toContainText('wrong e-mail or password');
	});

	test('share of voice compares a brand with the competitors, name and colour set on its admin page', async ({
		api,
		page
	}) => {
		const brand = unique('e2e-sov');
		const rival = unique('e2e-rival');
		const bystander = unique('e2e-bystander');
		const posted = await api.post('/api/v1/mentions', {
			data: [mention(brand, 'ours'), mention(rival, 'theirs'), mention(bystander, 'unrelated')]
		});
		expect(posted.status()).toBe(200);
		const admin = await createUser(api, 'admin');
		await logIn(page, admin.email);

		const shareOfVoice = page.getByTestId('share-of-voice');
		await page.goto(`/b/${brand}/mentions`);
		// Without competitors on its profile, a brand is compared with every brand the reader sees.
		await expect(shareOfVoice).toContainText(bystander);

		await page.goto('/admin/brands');
		const form = page.getByRole('form', { name: `Brand ${brand}` });
		await form.getByLabel('Name').fill('Sov Airways');
		await form.getByLabel('Colour').fill('#ff5500');
		await form.getByLabel('Competitors').fill(rival);
		await form.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('status')).toContainText(`Saved ${brand}`);

		await page.goto(`/b/${brand}/mentions`);
		await expect(shareOfVoice).toContainText('Sov Airways');
		await expect(shareOfVoice).toContainText(rival);
		await expect(shareOfVoice).not.toContainText(bystander);
		await expect(shareOfVoice.locator('path.layer.focus')).toHaveAttribute('fill', '#ff5500');
	});

	test('the admin pages manage keys, brands, wall boards and alerts, each change audited', async ({
		api,
		page
	}) => {
		const admin = await createUser(api, 'admin');
		await logIn(page, admin.email);
		const brand = unique('e2e-brand');

		await page.goto('/admin/keys');
		const newKey = page.getByRole('form', { name: 'New key' });
		await newKey.getByLabel('Name').fill('crawler');
		await newKey.getByLabel('Scope').selectOption('ingest');
		await newKey.getByLabel('Brands').fill(brand);
		await newKey.getByRole('button', { name: 'Create key' }).click();
		const secret = await page.getByTestId('new-key').textContent();
		expect(secret).toMatch(/^bpk_/);
		const posted = await api.post('/api/v1/mentions', {
			headers: { authorization: `Bearer ${secret}` },
			data: [mention(brand, 'sent with the new key')]
		});
		expect(posted.status()).toBe(200);
		await page.reload();
		const keyRow = page.getByRole('row').filter({ hasText: 'crawler' });
		await expect(keyRow).not.toContainText('—', { timeout: 5000 }); // last used is filled in
		page.once('dialog', (dialog) => void dialog.accept());
		await keyRow.getByRole('button', { name: 'Revoke' }).click();
		await expect(page.getByRole('status')).toContainText('Revoked');
		const refused = await api.post('/api/v1/mentions', {
			headers: { authorization: `Bearer ${secret}` },
			data: [mention(brand, 'after revocation')]
		});
		expect(refused.status()).toBe(401);

		await page.goto('/admin/brands');
		const form = page.getByRole('form', { name: `Brand ${brand}` });
		await form.getByLabel('Name').fill('Acme Airways');
		await form.getByLabel('Keywords').fill('acme, #acmeair');
		await form.getByLabel('Time zone').fill('Europe/Berlin');
		await form.getByLabel('Business hours').fill('Mon-Fri 08:00-18:00\nSat 10:00-14:00');
		await form.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('status')).toContainText(`Saved ${brand}`);
		const settings = await (await api.get(`/api/v1/brands/${brand}/settings`)).json();
		expect(settings.timezone).toBe('Europe/Berlin');
		expect(settings.business_hours).toHaveLength(6);
		await form.getByLabel('Business hours').fill('Mon-Fri 9-5');
		await form.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('alert')).toContainText('hours: "Mon-Fri 9-5" is not like');

		await page.goto('/admin/boards');
		const board = page.getByRole('form', { name: 'New board' });
		const boardId = unique('floor');
		await board.getByLabel('Id').fill(boardId);
		await board.getByLabel('Name').fill('Support floor');
		await board.getByLabel('Panels').fill(`${brand} kpis\n${brand} volume 6h`);
		await board.getByRole('button', { name: 'Create board' }).click();
		await expect(page.getByRole('status')).toContainText(`Saved board ${boardId}`);
		await page.getByRole('form', { name: `Board ${boardId}` }).waitFor();
		await page
			.locator('form', { has: page.locator(`input[name="id"][value="${boardId}"]`) })
			.getByRole('button', { name: 'New screen link' })
			.click();
		await expect(page.getByTestId('screen-link')).toContainText(`/wall/${boardId}?token=bpw_`);

		await page.goto('/admin/alerts');
		const rule = page.getByRole('form', { name: 'New rule' });
		await rule.getByLabel('Brand').fill(brand);
		await rule.getByLabel('Metric').selectOption('negative_share');
		await rule.getByRole('button', { name: 'Add rule' }).click();
		await expect(page.getByRole('status')).toContainText(`Added a negative_share rule for ${brand}`);
		const hook = page.getByRole('form', { name: 'New webhook' });
		await hook.getByLabel('URL').fill('https://hooks.example.com/brandpulse');
		await hook.getByLabel('Kind').selectOption('generic');
		await hook.getByRole('button', { name: 'Add webhook' }).click();
		await expect(page.getByRole('status').first()).toContainText('Added the webhook');
		await expect(page.getByText('Signing secret, shown once')).toBeVisible();

		const actions = (await auditActions(api))
			.filter((entry) => entry.actor === `user:${admin.email}`)
			.map((entry) => entry.action);
		expect(actions).toEqual(
			expect.arrayContaining([
				'admin.key.create',
				'admin.key.revoke',
				'admin.brand.save',
				'admin.board.create',
				'admin.board.token_create',
				'admin.alert_rule.create',
				'admin.webhook.create'
			])
		);
	});

	test('the master key holder makes the first admin with the users CLI, who can then log in', async ({
		page,
		server
	}) => {
		const email = `${unique('first-admin')}@example.com`;
		const cli = (...args: string[]) =>
			execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/users.ts', ...args], {
				env: { ...process.env, BRANDPULSE_URL: server.url, BRANDPULSE_MASTER_KEY: server.masterKey },
				encoding: 'utf8'
			});
		const output = cli('add', '--email', email, '--role', 'admin');
		expect(output).toContain(`created ${email} (admin)`);
		const password = /password: (\S+)/.exec(output)?.[1];
		expect(password).toBeDefined();
		expect(cli('list')).toContain(`${email}\tadmin\tall brands`);
		await logIn(page, email, password);
		await page.goto('/admin/users');
		await expect(page.locator(`tr[data-user="${email}"]`)).toContainText('admin');
	});
});

test('the sources page adds a feed, polls it now, shows a feed that asked to wait, and manages webhook sources with their endpoints', async ({
	api,
	page
}) => {
	// A news site on localhost (test servers allow private URLs): one RSS feed, and one that is rate limited.
	const rss = readFileSync('src/lib/server/adapters/fixtures/rss.xml', 'utf8');
	const site = createServer((request, response) => {
		if (request.url === '/rss') response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
		else response.writeHead(429, { 'retry-after': '600' }).end();
	});
	await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
	try {
		const admin = await createUser(api, 'admin');
		await logIn(page, admin.email);
		const brand = unique('e2e-feeds');
		await page.goto('/admin');
		await page.getByRole('link', { name: 'Sources' }).first().click();
		await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();

		const add = async (url: string) => {
			const form = page.getByRole('form', { name: 'New feed' });
			await form.getByLabel('URL').fill(url);
			await form.getByLabel('Brand').fill(brand);
			await form.getByLabel('Every (s)').fill('600');
			await form.getByRole('button', { name: 'Add feed' }).click();
			await expect(page.getByRole('status')).toContainText(`Saved the feed for ${brand}`);
			return page.locator(`tr[data-feed="${url}"]`);
		};
		const good = await add(`${origin}/rss`);
		await expect(good).toContainText('10 min');
		await good.getByRole('button', { name: 'Poll now' }).click();
		// The scheduled poller may have been first: then the items are already stored.
		await expect(page.getByRole('status')).toContainText(/2 new, 0 already stored|0 new, 2 already stored/);
		await expect(good).toContainText('ok');
		const { rows } = await (
			await api.get(`/api/v1/mentions?brand=${brand}&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z`)
		).json();
		expect(rows).toHaveLength(2);

		const limited = await add(`${origin}/limited`);
		await limited.getByRole('button', { name: 'Poll now' }).click();
		await expect(page.getByRole('alert')).toContainText('HTTP 429, asked to wait 600 s');
		await expect(limited).toContainText('asked to wait');
		page.once('dialog', (dialog) => void dialog.accept());
		await limited.getByRole('button', { name: 'Delete' }).click();
		await expect(page.getByRole('status')).toContainText(`Deleted the feed ${origin}/limited`);
		await expect(limited).toHaveCount(0);

		// A loopback feed is refused where the guard is on; here it is off, so a bad scheme stands in.
		const form = page.getByRole('form', { name: 'New feed' });
		await form.getByLabel('URL').fill('ftp://news.example.com/rss');
		await form.getByLabel('Brand').fill(brand);
		await form.getByRole('button', { name: 'Add feed' }).click();
		await expect(page.getByRole('alert')).toContainText('url: must be an http(s) URL');

		const name = unique('e2e-meta');
		const saved = await api.put(`/api/v1/sources/webhooks/${name}`, {
			data: { kind: 'meta', brand, secret: 'app-secret', verify_token: 'verify-me' }
		});
		expect(saved.status()).toBe(200);
		await page.reload();
		const webhook = page.locator(`tr[data-source="${name}"]`);
		await expect(webhook).toContainText(`${page.url().split('/admin')[0]}/api/v1/sources/meta/${name}`);
		await expect(webhook).toContainText('X-Hub-Signature-256 (app secret)');
		await expect(webhook).not.toContainText('app-secret');

		// Sources made on the page: refused with the field at fault, then saved, used and deleted.
		const sourceForm = page.getByRole('form', { name: 'Webhook source' });
		const reviews = unique('e2e-reviews');
		await sourceForm.getByLabel('Name').fill(reviews);
		await sourceForm.getByLabel('Kind').selectOption('meta');
		await sourceForm.getByLabel('Brand', { exact: true }).fill(brand);
		await sourceForm.getByRole('button', { name: 'Save source' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'secret: is required for meta: it is the app secret that signs webhooks'
		);
		await sourceForm.getByLabel('Kind').selectOption('generic');
		await sourceForm.getByLabel('Mapping (JSON)').fill(
			JSON.stringify({
				brand,
				source: 'review',
				items: 'reviews',
				fields: { id: 'id', text: 'body', created_at: 'at' }
			})
		);
		await sourceForm.getByRole('button', { name: 'Save source' }).click();
		await expect(page.getByRole('status')).toContainText(`Saved the generic source ${reviews}.`);
		const generic = page.locator(`tr[data-source="${reviews}"]`);
		await expect(generic).toContainText(`/api/v1/sources/generic/${reviews}`);
		await expect(generic).toContainText('an ingest key');
		const delivered = await api.post(`/api/v1/sources/generic/${reviews}`, {
			data: { reviews: [{ id: 'r1', body: 'Lovely staff, quick refund', at: new Date().toISOString() }] }
		});
		expect(await delivered.json()).toMatchObject({ accepted: 1 });
		page.once('dialog', (dialog) => void dialog.accept());
		await generic.getByRole('button', { name: 'Delete' }).click();
		await expect(page.getByRole('status')).toContainText(`Deleted the source ${reviews}.`);
		await expect(generic).toHaveCount(0);

		const actions = (await auditActions(api))
			.filter((entry) => entry.actor === `user:${admin.email}`)
			.map((entry) => entry.action);
		expect(actions).toEqual(
			expect.arrayContaining([
				'admin.feed.save',
				'admin.feed.delete',
				'admin.source.create',
				'admin.source.delete'
			])
		);
	} finally {
		site.closeAllConnections();
		await new Promise((resolve) => site.close(resolve));
	}
});
