/**
 * Manage API keys of a running Brandpulse server:
 *   npm run keys -- create --scope ingest|read --name NAME [--brands a,b]
 *   npm run keys -- list
 *   npm run keys -- revoke ID
 * Talks to the server's API (BRANDPULSE_URL, default http://localhost:$PORT) with the master key from
 * BRANDPULSE_MASTER_KEY or the data directory, because the embedded database belongs to the server process.
 */
import { parseArgs } from 'node:util';
import { parseConfig } from '../lib/server/config';
import { loadMasterKey } from '../lib/server/auth/keys';

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: {
		scope: { type: 'string' },
		name: { type: 'string' },
		brands: { type: 'string' },
		url: { type: 'string' }
	}
});

const config = parseConfig();
const base = values.url ?? process.env.BRANDPULSE_URL ?? `http://localhost:${config.PORT}`;
const { key } = loadMasterKey(config.dataDir, config.BRANDPULSE_MASTER_KEY);
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
	const response = await fetch(`${base}${path}`, {
		method,
		headers,
		body: body ? JSON.stringify(body) : undefined
	});
	const payload: unknown = await response.json();
	if (!response.ok) {
		const { error } = payload as { error: { field: string; message: string } };
		throw new Error(`${response.status}: ${error.field} ${error.message}`);
	}
	return payload;
}

const [command, id] = positionals;
try {
	if (command === 'create') {
		const brands = values.brands
			?.split(',')
			.map((brand) => brand.trim())
			.filter(Boolean);
		const created = (await call('POST', '/api/v1/keys', {
			name: values.name,
			scope: values.scope,
			brands
		})) as {
			key: string;
		};
		console.log(created.key);
	} else if (command === 'list') {
		console.log(JSON.stringify(await call('GET', '/api/v1/keys'), null, 2));
	} else if (command === 'revoke' && id) {
		await call('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`);
		console.log(`revoked ${id}`);
	} else {
		console.error(
			'usage: npm run keys -- create --scope ingest|read --name NAME [--brands a,b] | list | revoke ID'
		);
		process.exit(2);
	}
} catch (error) {
	console.error(`keys: ${(error as Error).message}`);
	process.exit(1);
}
