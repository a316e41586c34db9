import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { TABLES } from '../db/tables';
import { brandSchema } from '../ingest/schema';
import type { ConfigSync } from './config-sync';
import { MASTER_PRINCIPAL, SCOPES, type Principal, type Scope } from './principal';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The master key: from BRANDPULSE_MASTER_KEY, or generated on the first start and kept (mode 0600) in the
 * data directory, so a zero-config start is still a locked-down one.
 */
export function loadMasterKey(
	dataDir: string,
	fromEnv: string | undefined
): { key: string; generated: boolean } {
	if (fromEnv) return { key: fromEnv, generated: false };
	const file = path.join(dataDir, 'master.key');
	if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: false };
	mkdirSync(dataDir, { recursive: true });
	const key = `bpm_${randomBytes(32).toString('base64url')}`;
	writeFileSync(file, `${key}\n`, { mode: 0o600 });
	chmodSync(file, 0o600);
	return { key, generated: true };
}

export const createKeySchema = z.strictObject({
	name: z.string().trim().min(1).max(100),
	scope: z.enum(['ingest', 'read']),
	brands: z.array(brandSchema).max(1000).optional()
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

export interface ApiKeyInfo {
	id: string;
	name: string;
	scope: Scope;
	brands: string[];
	created_at: string;
	revoked_at: string | null;
	/** ISO-ish; null if never used (recorded at most once a minute per node). */
	last_used_at?: string | null;
}

const KEY_USAGE_TABLE = 'api_key_usage';
const USAGE_WRITE_MS = 60_000;

const KEY_FORMAT = /^bpk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
/** Revocation reaches every node within this long; lookups in between cost no query. */
const CACHE_MS = 10_000;

/**
 * Scoped API keys, stored as SHA-256 of their secret in ClickHouse so that every web node shares them.
 * Keys are 256-bit random: a fast hash is safe here, unlike for passwords.
 */
export class KeyStore {
	readonly #masterKey: string;
	readonly #lastUsageWrite = new Map<string, number>();
	readonly #cache = new Map<
		string,
		{ at: number; record: (ApiKeyInfo & { secret_sha256: string }) | null }
	>();

	constructor(
		private readonly client: ClickHouseClient,
		masterKey: string,
		private readonly sync?: ConfigSync
	) {
		this.#masterKey = masterKey;
		sync?.onChange(() => this.#cache.clear());
	}

	isMasterKey(token: string): boolean {
		return safeEqual(token, this.#masterKey);
	}

	async create(input: CreateKeyInput): Promise<{ key: string; info: ApiKeyInfo }> {
		const id = randomBytes(9)
			.toString('base64url')
			.toLowerCase()
			.replace(/[^a-z0-9]/g, '0')
			.slice(0, 12);
		const secret = randomBytes(32).toString('base64url');
		const info: ApiKeyInfo = {
			id,
			name: input.name,
			scope: input.scope,
			brands: input.brands ?? [],
			created_at: new Date().toISOString(),
			revoked_at: null
		};
		await this.client.insert({
			table: TABLES.apiKeys,
			values: [{ ...info, secret_sha256: sha256(secret) }],
			format: 'JSONEachRow'
		});
		this.#cache.delete(id);
		await this.sync?.changed('keys');
		return { key: `bpk_${id}_${secret}`, info };
	}

	async list(): Promise<ApiKeyInfo[]> {
		const result = await this.client.query({
			query: `SELECT id, name, scope, brands, toString(created_at) AS created_at, toString(revoked_at) AS revoked_at,
					toString(u.last_used_at) AS last_used_at
				FROM ${TABLES.apiKeys} AS k FINAL
				LEFT JOIN (SELECT key_id, max(last_used_at) AS last_used_at FROM ${KEY_USAGE_TABLE} GROUP BY key_id) AS u
					ON u.key_id = k.id
				ORDER BY created_at
				SETTINGS join_use_nulls = 1`,
			format: 'JSONEachRow'
		});
		return result.json<ApiKeyInfo>();
	}

	async revoke(id: string): Promise<boolean> {
		const record = await this.#load(id, true);
		if (!record) return false;
		await this.client.insert({
			table: TABLES.apiKeys,
			values: [{ ...record, revoked_at: new Date().toISOString() }],
			format: 'JSONEachRow'
		});
		this.#cache.delete(id);
		await this.sync?.changed('keys');
		return true;
	}

	/** The principal a bearer token stands for, or null. */
	async authenticate(token: string): Promise<Principal | null> {
		if (this.isMasterKey(token)) return MASTER_PRINCIPAL;
		const match = KEY_FORMAT.exec(token);
		if (!match) return null;
		const record = await this.#load(match[1]!);
		if (!record || record.revoked_at || !safeEqual(record.secret_sha256, sha256(match[2]!))) return null;
		this.#touch(record.id);
		return this.#principalOf(record);
	}

	/** The principal of a key by id (for a session started with that key), or null once it is revoked. */
	async principalFor(id: string): Promise<Principal | null> {
		const record = await this.#load(id);
		if (!record || record.revoked_at) return null;
		this.#touch(record.id);
		return this.#principalOf(record);
	}

	/** Records use for the admin page's "last used", at most once a minute per key on this node. */
	#touch(id: string): void {
		const now = Date.now();
		if (now - (this.#lastUsageWrite.get(id) ?? 0) < USAGE_WRITE_MS) return;
		this.#lastUsageWrite.set(id, now);
		this.client
			.insert({
				table: KEY_USAGE_TABLE,
				values: [{ key_id: id, last_used_at: new Date(now).toISOString() }],
				format: 'JSONEachRow'
			})
			.catch(() => this.#lastUsageWrite.delete(id));
	}

	#principalOf(record: ApiKeyInfo): Principal {
		return {
			id: record.id,
			kind: 'api_key',
			scopes: [record.scope],
			brands: record.brands.length ? record.brands : null
		};
	}

	async #load(id: string, fresh = false) {
		const cached = this.#cache.get(id);
		if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.record;
		const result = await this.client.query({
			query: `SELECT id, name, scope, brands, toString(created_at) AS created_at, revoked_at, secret_sha256
				FROM ${TABLES.apiKeys} FINAL WHERE id = {id:String}`,
			query_params: { id },
			format: 'JSONEachRow'
		});
		const [record = null] = await result.json<ApiKeyInfo & { secret_sha256: string }>();
		this.#cache.delete(id);
		this.#cache.set(id, { at: Date.now(), record });
		// Bounded, so probing with made-up key ids cannot grow it without limit.
		if (this.#cache.size > 10_000) this.#cache.delete(this.#cache.keys().next().value!);
		return record;
	}
}

export { SCOPES };
