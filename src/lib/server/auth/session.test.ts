import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse } from '../testing/clickhouse';
import { ConfigSync } from './config-sync';
import { KeyStore } from './keys';
import { SessionStore } from './session';
import { UserStore } from './users';

/**
 * Two "nodes" on one ClickHouse: each has its own stores and caches, as two web servers would. What one node
 * changes, the other must see after its next config poll, without waiting for cache expiry.
 */
let db: Awaited<ReturnType<typeof openTestClickHouse>>;
type Node = { sync: ConfigSync; users: UserStore; keys: KeyStore; sessions: SessionStore };
let a: Node;
let b: Node;

function node(): Node {
	const client = db.client;
	// A poll interval far above the test's length: only explicit polls run, so the test decides when.
	const sync = new ConfigSync(client, 3_600_000);
	const users = new UserStore(client, sync);
	const keys = new KeyStore(client, 'test-master-key-0123456789', sync);
	const sessions = new SessionStore(client, sync, {
		key: (id) => keys.principalFor(id),
		user: async (id) => {
			const user = await users.get(id);
			return user ? { principal: users.principalOf(user), validAfter: user.sessions_valid_after } : null;
		}
	});
	return { sync, users, keys, sessions };
}

const context = { ip: '127.0.0.1', userAgent: 'vitest' };
const password = 'correct horse battery staple';

beforeAll(async () => {
	db = await openTestClickHouse();
	a = node();
	b = node();
	await a.sync.poll();
	await b.sync.poll();
});
afterAll(async () => {
	await a.sync.stop();
	await b.sync.stop();
	await db.close();
});

describe('users', () => {
	it('creates a user, refuses a second with the same e-mail, and logs in only with the password', async () => {
		const created = await a.users.create({
			email: ' Ana@Example.com ',
			role: 'analyst',
			brands: ['acme'],
			password
		});
		expect(created.ok).toBe(true);
		const duplicate = await a.users.create({ email: 'ana@example.com', role: 'viewer', password });
		expect(duplicate).toMatchObject({ ok: false, field: 'email' });
		expect(await a.users.verifyLogin('ana@example.com', password)).toMatchObject({
			email: 'ana@example.com'
		});
		expect(await a.users.verifyLogin('ANA@example.com', password)).not.toBeNull();
		expect(await a.users.verifyLogin('ana@example.com', 'wrong password!!')).toBeNull();
		expect(await a.users.verifyLogin('nobody@example.com', password)).toBeNull();
		const listed = await a.users.list();
		expect(listed).toHaveLength(1);
		expect(listed[0]).not.toHaveProperty('password_hash');
	});

	it('maps roles to scopes and brand limits; admins see every brand', async () => {
		const created = await a.users.create({ email: 'boss@example.com', role: 'admin', password });
		if (!created.ok) throw new Error(created.message);
		expect(a.users.principalOf(created.user)).toMatchObject({
			kind: 'user',
			role: 'admin',
			brands: null,
			scopes: ['admin', 'ingest', 'read']
		});
		await expect(
			a.users.create({ email: 'x@example.com', role: 'admin', brands: ['acme'], password })
		).rejects.toThrow(/every brand/);
		const ana = (await a.users.list()).find((user) => user.email === 'ana@example.com')!;
		expect(a.users.principalOf(ana)).toMatchObject({ role: 'analyst', brands: ['acme'] });
	});
});

describe('sessions', () => {
	async function userSession(email: string) {
		const user = (await a.users.list()).find((candidate) => candidate.email === email)!;
		const session = await a.sessions.create({ kind: 'user', id: user.id }, context);
		return { user, ...session };
	}

	it('authenticates its cookie on any node and refuses a forged or unknown one', async () => {
		const { cookie, user } = await userSession('ana@example.com');
		expect(cookie).toMatch(/^bps_[a-f0-9]{24}_[A-Za-z0-9_-]{43}$/);
		expect(await a.sessions.authenticate(cookie)).toMatchObject({ id: `user:${user.id}`, role: 'analyst' });
		expect(await b.sessions.authenticate(cookie)).toMatchObject({ id: `user:${user.id}` });
		const forged = cookie.slice(0, -4) + (cookie.endsWith('AAAA') ? 'BBBB' : 'AAAA');
		expect(await a.sessions.authenticate(forged)).toBeNull();
		expect(await a.sessions.authenticate('bps_000000000000000000000000_' + 'a'.repeat(43))).toBeNull();
		expect(await a.sessions.authenticate('garbage')).toBeNull();
	});

	it('logout on one node ends the session on the other after its next poll', async () => {
		const { cookie, id } = await userSession('ana@example.com');
		expect(await b.sessions.authenticate(cookie)).not.toBeNull(); // cached on b now
		expect(await a.sessions.revoke(id)).toBe(true);
		expect(await a.sessions.authenticate(cookie)).toBeNull();
		await b.sync.poll();
		expect(await b.sessions.authenticate(cookie)).toBeNull();
	});

	it('disabling the user ends their sessions everywhere, enabling restores them', async () => {
		const { cookie, user } = await userSession('ana@example.com');
		expect(await b.sessions.authenticate(cookie)).not.toBeNull();
		await a.users.update(user.id, { disabled: true });
		await b.sync.poll();
		expect(await b.sessions.authenticate(cookie)).toBeNull();
		expect(await a.users.verifyLogin('ana@example.com', password)).toBeNull();
		await a.users.update(user.id, { disabled: false });
		await b.sync.poll();
		expect(await b.sessions.authenticate(cookie)).not.toBeNull();
	});

	it('a role change applies to a live session; a password change ends it', async () => {
		const { cookie, user } = await userSession('ana@example.com');
		await a.users.update(user.id, { role: 'viewer' });
		await b.sync.poll();
		expect(await b.sessions.authenticate(cookie)).toMatchObject({ role: 'viewer', scopes: ['read'] });
		await a.users.update(user.id, { password: 'a brand new passphrase' });
		await b.sync.poll();
		expect(await b.sessions.authenticate(cookie)).toBeNull();
		expect(await a.users.verifyLogin('ana@example.com', password)).toBeNull();
		expect(await a.users.verifyLogin('ana@example.com', 'a brand new passphrase')).not.toBeNull();
		const fresh = await userSession('ana@example.com');
		expect(await b.sessions.authenticate(fresh.cookie)).not.toBeNull();
	});

	it('deleting the user ends their sessions', async () => {
		const { cookie, user } = await userSession('boss@example.com');
		expect(await b.sessions.authenticate(cookie)).not.toBeNull();
		expect(await a.users.delete(user.id)).toBe(true);
		await b.sync.poll();
		expect(await b.sessions.authenticate(cookie)).toBeNull();
		expect(await b.users.list()).not.toContainEqual(expect.objectContaining({ email: 'boss@example.com' }));
	});

	it('a session started with a key ends when the key is revoked on another node', async () => {
		const { key, info } = await a.keys.create({ name: 'dash', scope: 'read' });
		expect(await b.keys.authenticate(key)).not.toBeNull();
		const { cookie } = await b.sessions.create({ kind: 'key', id: info.id }, context);
		expect(await b.sessions.authenticate(cookie)).toMatchObject({ kind: 'api_key', id: info.id });
		await a.keys.revoke(info.id);
		await b.sync.poll();
		expect(await b.keys.authenticate(key)).toBeNull();
		expect(await b.sessions.authenticate(cookie)).toBeNull();
	});

	it('an expired session is refused', async () => {
		const shortLived = new SessionStore(
			db.client,
			a.sync,
			{ key: async () => null, user: async () => null },
			1
		);
		const { cookie } = await shortLived.create({ kind: 'master' }, context);
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(await shortLived.authenticate(cookie)).toBeNull();
	});
});

describe('config sync', () => {
	it('a node that polls sees no change when nothing changed, and one when another node wrote', async () => {
		let cleared = 0;
		const stop = b.sync.onChange(() => (cleared += 1));
		await b.sync.poll();
		expect(cleared).toBe(0);
		await a.sync.changed('test');
		await b.sync.poll();
		expect(cleared).toBe(1);
		stop();
	});

	it('polls on its own once started', async () => {
		const fast = new ConfigSync(db.client, 50);
		const seen = new Promise<void>((resolve) => fast.onChange(resolve));
		fast.start();
		await fast.poll();
		await a.sync.changed('test');
		await seen;
		await fast.stop();
	});
});
