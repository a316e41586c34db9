import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { brandSchema } from '../ingest/schema';
import type { ConfigSync } from './config-sync';
import { decoyHash, hashPassword, needsRehash, passwordSchema, verifyPassword } from './password';
import { ROLE_SCOPES, ROLES, type Principal, type Role } from './principal';

export const USERS_TABLE = 'users';

/** Lookups in between cost no query; ConfigSync clears the cache within a second of a change anywhere. */
const CACHE_MS = 10_000;
const CACHE_MAX = 1000;

export const emailSchema = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, 'must be at most 254 characters')
	.pipe(z.email('must be an e-mail address'));

const nameSchema = z.string().trim().max(100, 'must be at most 100 characters');
const brandsSchema = z.array(brandSchema).max(1000, 'at most 1000 brands');

/** Admins configure every brand, so a brand limit on an admin would be a false sense of security. */
function adminSeesAll(value: { role?: Role; brands?: string[] }, ctx: z.RefinementCtx) {
	if (value.role === 'admin' && value.brands && value.brands.length > 0) {
		ctx.addIssue({ code: 'custom', path: ['brands'], message: 'an admin sees every brand: leave it empty' });
	}
}

export const createUserSchema = z
	.strictObject({
		email: emailSchema,
		name: nameSchema.default(''),
		role: z.enum(ROLES, 'must be viewer, analyst or admin'),
		brands: brandsSchema.default([]),
		password: passwordSchema
	})
	.superRefine(adminSeesAll);
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
	.strictObject({
		name: nameSchema.optional(),
		role: z.enum(ROLES, 'must be viewer, analyst or admin').optional(),
		brands: brandsSchema.optional(),
		disabled: z.boolean().optional(),
		password: passwordSchema.optional(),
		/** Ends every session the user has, without changing anything else. */
		end_sessions: z.literal(true).optional()
	})
	.superRefine(adminSeesAll);
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export interface User {
	id: string;
	email: string;
	name: string;
	role: Role;
	/** Empty: every brand. */
	brands: string[];
	disabled: boolean;
	created_at: string;
	updated_at: string;
	/** Sessions started before this instant (ms) are over: set when the password changes. */
	sessions_valid_after: number;
}

type UserRecord = User & { password_hash: string };

const storedRow = z.object({
	id: z.string(),
	email: z.string(),
	name: z.string(),
	role: z.enum(ROLES),
	brands: z.array(z.string()),
	password_hash: z.string(),
	disabled: z.coerce.number(),
	created_at: z.string(),
	updated_at: z.string(),
	valid_after_ms: z.coerce.number()
});

const SELECT = `SELECT id, email, name, role, brands, password_hash, disabled, toString(created_at) AS created_at,
		toString(updated_at) AS updated_at, toUnixTimestamp64Milli(sessions_valid_after) AS valid_after_ms
	FROM ${USERS_TABLE} FINAL WHERE deleted = 0`;

/** ClickHouse's `2026-11-23 14:32:51.922` (UTC) as ISO 8601, like the rest of the API. */
const isoOf = (value: string) => (value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);

function parseRow(raw: unknown): UserRecord | null {
	const row = storedRow.safeParse(raw);
	if (!row.success) return null;
	const { valid_after_ms, disabled, ...rest } = row.data;
	return {
		...rest,
		created_at: isoOf(rest.created_at),
		updated_at: isoOf(rest.updated_at),
		disabled: disabled === 1,
		sessions_valid_after: valid_after_ms
	};
}

function publicUser(record: UserRecord): User {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { password_hash, ...user } = record;
	return user;
}

export type CreateUserResult = { ok: true; user: User } | { ok: false; field: string; message: string };

/** People who log in with a password, in ClickHouse so that every web node shares them. */
export class UserStore {
	readonly #cache = new Map<string, { at: number; record: UserRecord | null }>();

	constructor(
		private readonly client: ClickHouseClient,
		private readonly sync: ConfigSync
	) {
		sync.onChange(() => this.#cache.clear());
	}

	async list(): Promise<User[]> {
		const result = await this.client.query({ query: `${SELECT} ORDER BY email`, format: 'JSONEachRow' });
		return (await result.json<unknown>()).flatMap((raw) => {
			const record = parseRow(raw);
			return record ? [publicUser(record)] : [];
		});
	}

	async count(): Promise<number> {
		return (await this.list()).length;
	}

	async get(id: string, fresh = false): Promise<User | null> {
		const record = await this.#load(id, fresh);
		return record ? publicUser(record) : null;
	}

	async create(raw: CreateUserInput): Promise<CreateUserResult> {
		const input = createUserSchema.parse(raw);
		// Two nodes creating the same address in the same second could both succeed; the login then picks the
		// newest, and the admin page shows both. Creating users is rare and done by hand, so this is accepted.
		if (await this.#findByEmail(input.email)) {
			return { ok: false, field: 'email', message: 'a user with this e-mail already exists' };
		}
		const now = new Date().toISOString();
		const record: UserRecord = {
			id: randomBytes(9).toString('hex'),
			email: input.email,
			name: input.name,
			role: input.role,
			brands: input.role === 'admin' ? [] : [...new Set(input.brands)].sort(),
			disabled: false,
			created_at: now,
			updated_at: now,
			sessions_valid_after: Date.now(),
			password_hash: await hashPassword(input.password)
		};
		await this.#write(record, false);
		return { ok: true, user: publicUser(record) };
	}

	/** Applies a change; null if there is no such user. A new password or `end_sessions` logs the user out everywhere. */
	async update(id: string, raw: UpdateUserInput): Promise<User | null> {
		const patch = updateUserSchema.parse(raw);
		const current = await this.#load(id, true);
		if (!current) return null;
		const role = patch.role ?? current.role;
		const next: UserRecord = {
			...current,
			name: patch.name ?? current.name,
			role,
			brands: role === 'admin' ? [] : [...new Set(patch.brands ?? current.brands)].sort(),
			disabled: patch.disabled ?? current.disabled
		};
		if (patch.password !== undefined) next.password_hash = await hashPassword(patch.password);
		if (patch.password !== undefined || patch.end_sessions) next.sessions_valid_after = Date.now();
		await this.#write(next, false);
		return publicUser(next);
	}

	async delete(id: string): Promise<boolean> {
		const current = await this.#load(id, true);
		if (!current) return false;
		await this.#write(current, true);
		return true;
	}

	/**
	 * The user behind an e-mail and password, or null. Unknown addresses cost a decoy verification so timing
	 * does not reveal which exist; a hash made with older parameters is replaced by one with the current ones.
	 */
	async verifyLogin(email: string, password: string): Promise<User | null> {
		const parsedEmail = emailSchema.safeParse(email);
		const record = parsedEmail.success ? await this.#findByEmail(parsedEmail.data) : null;
		if (!record) {
			await verifyPassword(await decoyHash(), password);
			return null;
		}
		if (!(await verifyPassword(record.password_hash, password))) return null;
		if (record.disabled) return null;
		if (needsRehash(record.password_hash)) {
			await this.#write({ ...record, password_hash: await hashPassword(password) }, false, false);
		}
		return publicUser(record);
	}

	/** What a user may do, for the hooks and the socket; null when the account is disabled. */
	principalOf(user: User, sessionId?: string): Principal | null {
		if (user.disabled) return null;
		return {
			id: `user:${user.id}`,
			kind: 'user',
			role: user.role,
			email: user.email,
			scopes: [...ROLE_SCOPES[user.role]],
			brands: user.role === 'admin' || user.brands.length === 0 ? null : user.brands,
			...(sessionId ? { sessionId } : {})
		};
	}

	async #findByEmail(email: string): Promise<UserRecord | null> {
		const result = await this.client.query({
			query: `${SELECT} AND email = {email:String} ORDER BY updated_at DESC LIMIT 1`,
			query_params: { email },
			format: 'JSONEachRow'
		});
		const [raw] = await result.json<unknown>();
		return raw === undefined ? null : parseRow(raw);
	}

	async #load(id: string, fresh = false): Promise<UserRecord | null> {
		const cached = this.#cache.get(id);
		if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.record;
		const result = await this.client.query({
			query: `${SELECT} AND id = {id:String}`,
			query_params: { id },
			format: 'JSONEachRow'
		});
		const [raw] = await result.json<unknown>();
		const record = raw === undefined ? null : parseRow(raw);
		this.#cache.delete(id);
		this.#cache.set(id, { at: Date.now(), record });
		if (this.#cache.size > CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
		return record;
	}

	async #write(record: UserRecord, deleted: boolean, announce = true): Promise<void> {
		await this.client.insert({
			table: USERS_TABLE,
			values: [
				{
					id: record.id,
					email: record.email,
					name: record.name,
					role: record.role,
					brands: record.brands,
					password_hash: record.password_hash,
					disabled: record.disabled ? 1 : 0,
					deleted: deleted ? 1 : 0,
					sessions_valid_after: new Date(record.sessions_valid_after).toISOString(),
					created_at: record.created_at,
					updated_at: new Date().toISOString()
				}
			],
			format: 'JSONEachRow'
		});
		this.#cache.delete(record.id);
		if (announce) await this.sync.changed('users');
	}
}
