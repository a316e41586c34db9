/**
 * Manage the people who log in, on a running Brandpulse server:
 *   npm run users -- add --email E --role viewer|analyst|admin [--name N] [--brands a,b] [--password-stdin]
 *   npm run users -- list
 *   npm run users -- set EMAIL [--role R] [--brands a,b|--all-brands] [--disable|--enable]
 *   npm run users -- passwd EMAIL [--password-stdin]
 *   npm run users -- remove EMAIL
 * Without --password-stdin a random password is generated and printed once. Talks to the server's API
 * (BRANDPULSE_URL, default http://localhost:$PORT) with the master key, which is how the first admin is made.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseConfig } from '../lib/server/config';
import { loadMasterKey } from '../lib/server/auth/keys';

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string' },
		brands: { type: 'string' },
		'all-brands': { type: 'boolean' },
		disable: { type: 'boolean' },
		enable: { type: 'boolean' },
		'password-stdin': { type: 'boolean' },
		url: { type: 'string' }
	}
});

const config = parseConfig();
const base = values.url ?? process.env.BRANDPULSE_URL ?? `http://localhost:${config.PORT}`;
const { key } = loadMasterKey(config.dataDir, config.BRANDPULSE_MASTER_KEY);
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

interface User {
	id: string;
	email: string;
	role: string;
	brands: string[];
	disabled: boolean;
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
	const response = await fetch(`${base}${path}`, {
		method,
		headers,
		body: body ? JSON.stringify(body) : undefined
	});
	if (response.status === 204) return null;
	const payload: unknown = await response.json();
	if (!response.ok) {
		const { error } = payload as { error: { field: string; message: string } };
		throw new Error(`${response.status}: ${error.field} ${error.message}`);
	}
	return payload;
}

async function readPassword(): Promise<{ password: string; generated: boolean }> {
	if (!values['password-stdin']) return { password: randomBytes(15).toString('base64url'), generated: true };
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return {
		password: Buffer.concat(chunks)
			.toString('utf8')
			.replace(/\r?\n$/, ''),
		generated: false
	};
}

async function findUser(email: string | undefined): Promise<User> {
	if (!email) throw new Error('name the user by e-mail');
	const { users } = (await call('GET', '/api/v1/users')) as { users: User[] };
	const user = users.find((candidate) => candidate.email === email.trim().toLowerCase());
	if (!user) throw new Error(`no user ${email}`);
	return user;
}

const brandList = (value: string | undefined) =>
	value
		?.split(',')
		.map((brand) => brand.trim())
		.filter(Boolean);

const [command, target] = positionals;
try {
	if (command === 'add') {
		const { password, generated } = await readPassword();
		const user = (await call('POST', '/api/v1/users', {
			email: values.email,
			name: values.name ?? '',
			role: values.role,
			brands: brandList(values.brands) ?? [],
			password
		})) as User;
		console.log(`created ${user.email} (${user.role}) id ${user.id}`);
		if (generated) console.log(`password: ${password}`);
	} else if (command === 'list') {
		const { users } = (await call('GET', '/api/v1/users')) as { users: User[] };
		for (const user of users) {
			const brands = user.brands.length ? user.brands.join(',') : 'all brands';
			console.log(`${user.email}\t${user.role}\t${brands}${user.disabled ? '\tdisabled' : ''}`);
		}
	} else if (command === 'set') {
		const user = await findUser(target);
		const patch: Record<string, unknown> = {};
		if (values.role) patch.role = values.role;
		if (values['all-brands']) patch.brands = [];
		else if (values.brands) patch.brands = brandList(values.brands);
		if (values.disable) patch.disabled = true;
		if (values.enable) patch.disabled = false;
		await call('PATCH', `/api/v1/users/${user.id}`, patch);
		console.log(`updated ${user.email}`);
	} else if (command === 'passwd') {
		const user = await findUser(target);
		const { password, generated } = await readPassword();
		await call('PATCH', `/api/v1/users/${user.id}`, { password });
		console.log(`password changed for ${user.email}; their sessions have ended`);
		if (generated) console.log(`password: ${password}`);
	} else if (command === 'remove') {
		const user = await findUser(target);
		await call('DELETE', `/api/v1/users/${user.id}`);
		console.log(`removed ${user.email}`);
	} else {
		console.error('usage: users add|list|set|passwd|remove (see src/cli/users.ts)');
		process.exitCode = 2;
	}
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = 1;
}
