import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { ConfigSync } from './config-sync';
import { MASTER_PRINCIPAL, type Principal } from './principal';

export const SESSION_COOKIE = 'bp_session';
/** Dashboards stay logged in for a month; use renews it (at most daily), so a screen in daily use never expires. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const RENEW_AFTER_MS = 24 * 3600 * 1000;
export const SESSIONS_TABLE = 'sessions';

/** Logout on another node reaches this one within a poll (ConfigSync); the TTL is the fallback. */
const CACHE_MS = 10_000;
const CACHE_MAX = 10_000;

/** `bps_<id>_<secret>`: the id finds the row, the 256-bit secret (stored as SHA-256) proves the holder. */
const COOKIE_FORMAT = /^bps_([a-f0-9]{24})_([A-Za-z0-9_-]{43})$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/** Who a session is for. */
export type SessionSubject = { kind: 'master' } | { kind: 'key'; id: string } | { kind: 'user'; id: string };

export function subjectString(subject: SessionSubject): string {
	return subject.kind === 'master' ? 'master' : `${subject.kind}:${subject.id}`;
}

function parseSubject(value: string): SessionSubject | null {
	if (value === 'master') return { kind: 'master' };
	const match = /^(key|user):(.+)$/.exec(value);
	return match ? { kind: match[1] as 'key' | 'user', id: match[2]! } : null;
}

interface SessionRecord {
	id: string;
	subject: string;
	secret_sha256: string;
	created_ms: number;
	expires_ms: number;
	revoked: boolean;
	ip: string;
	user_agent: string;
}

const storedRow = z.object({
	id: z.string(),
	subject: z.string(),
	secret_sha256: z.string(),
	created_ms: z.coerce.number(),
	expires_ms: z.coerce.number(),
	revoked: z.coerce.number(),
	ip: z.string(),
	user_agent: z.string()
});

export interface SessionInfo {
	id: string;
	created_at: string;
	expires_at: string;
	ip: string;
	user_agent: string;
}

/** What turns a session's subject into a caller; null when it no longer may (key revoked, user disabled). */
export interface SubjectResolver {
	key(id: string): Promise<Principal | null>;
	/** `validAfter`: sessions created before this instant (ms) are over, e.g. after a password change. */
	user(id: string): Promise<{ principal: Principal | null; validAfter: number } | null>;
}

/**
 * Server-side sessions in ClickHouse: every node can check them, logout and an admin's changes end them at
 * once. The cookie holds only a random id and secret; what the session may do is read from the user or key
 * it stands for on every request (cached for seconds), so a role change or a disabled account applies
 * without the user logging in again.
 */
export class SessionStore {
	readonly #cache = new Map<string, { at: number; record: SessionRecord | null }>();

	constructor(
		private readonly client: ClickHouseClient,
		private readonly sync: ConfigSync,
		private readonly resolve: SubjectResolver,
		private readonly ttlMs = SESSION_TTL_MS
	) {
		sync.onChange(() => this.#cache.clear());
	}

	/** Starts a session; the returned cookie value is shown to nobody but the browser. */
	async create(
		subject: SessionSubject,
		context: { ip: string; userAgent: string }
	): Promise<{ cookie: string; id: string }> {
		const id = randomBytes(12).toString('hex');
		const secret = randomBytes(32).toString('base64url');
		const now = Date.now();
		const record: SessionRecord = {
			id,
			subject: subjectString(subject),
			secret_sha256: sha256(secret),
			created_ms: now,
			expires_ms: now + this.ttlMs,
			revoked: false,
			ip: context.ip.slice(0, 64),
			user_agent: context.userAgent.slice(0, 256)
		};
		await this.#write(record);
		return { cookie: `bps_${id}_${secret}`, id };
	}

	/** The caller a session cookie stands for, or null (unknown, expired, revoked, or its user may no longer). */
	async authenticate(cookie: string): Promise<Principal | null> {
		const match = COOKIE_FORMAT.exec(cookie);
		if (!match) return null;
		const record = await this.#load(match[1]!);
		if (!record || record.revoked || !safeEqual(record.secret_sha256, sha256(match[2]!))) return null;
		const now = Date.now();
		if (record.expires_ms <= now) return null;
		const subject = parseSubject(record.subject);
		let principal: Principal | null = null;
		if (subject?.kind === 'master') principal = MASTER_PRINCIPAL;
		else if (subject?.kind === 'key') principal = await this.resolve.key(subject.id);
		else if (subject?.kind === 'user') {
			const user = await this.resolve.user(subject.id);
			if (user && record.created_ms >= user.validAfter) principal = user.principal;
		}
		if (!principal) return null;
		if (record.expires_ms - now < this.ttlMs - RENEW_AFTER_MS) void this.#renew(record, now);
		return { ...principal, sessionId: record.id };
	}

	/** Ends one session (logout). */
	async revoke(id: string): Promise<boolean> {
		const record = await this.#load(id, true);
		if (!record || record.revoked) return false;
		await this.#write({ ...record, revoked: true });
		await this.sync.changed('sessions');
		return true;
	}

	/** A subject's live sessions, for the admin page. */
	async listFor(subject: SessionSubject): Promise<SessionInfo[]> {
		const result = await this.client.query({
			query: `SELECT id, toString(created_at) AS created_at, toString(expires_at) AS expires_at, ip, user_agent
				FROM ${SESSIONS_TABLE} FINAL
				WHERE subject = {subject:String} AND revoked_at IS NULL AND expires_at > now64(3)
				ORDER BY created_at DESC`,
			query_params: { subject: subjectString(subject) },
			format: 'JSONEachRow'
		});
		return result.json<SessionInfo>();
	}

	/** Live sessions per subject, for the admin page's user list. */
	async countBySubject(): Promise<Map<string, number>> {
		const result = await this.client.query({
			query: `SELECT subject, count() AS n FROM ${SESSIONS_TABLE} FINAL
				WHERE revoked_at IS NULL AND expires_at > now64(3) GROUP BY subject`,
			format: 'JSONEachRow'
		});
		const rows = await result.json<{ subject: string; n: string | number }>();
		return new Map(rows.map((row) => [row.subject, Number(row.n)]));
	}

	async #renew(record: SessionRecord, now: number): Promise<void> {
		try {
			// Re-read first, so a renewal racing a logout does not write the session back un-revoked.
			const current = await this.#load(record.id, true);
			if (current && !current.revoked) await this.#write({ ...current, expires_ms: now + this.ttlMs });
		} catch {
			// renewal is best effort: the session stays valid until its current expiry
		}
	}

	async #load(id: string, fresh = false): Promise<SessionRecord | null> {
		const cached = this.#cache.get(id);
		if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.record;
		const result = await this.client.query({
			query: `SELECT id, subject, secret_sha256, toUnixTimestamp64Milli(created_at) AS created_ms,
					toUnixTimestamp64Milli(expires_at) AS expires_ms, revoked_at IS NOT NULL AS revoked, ip, user_agent
				FROM ${SESSIONS_TABLE} FINAL WHERE id = {id:String}`,
			query_params: { id },
			format: 'JSONEachRow'
		});
		const [raw] = await result.json<unknown>();
		const parsed = raw === undefined ? null : storedRow.safeParse(raw);
		const record = parsed?.success ? { ...parsed.data, revoked: parsed.data.revoked === 1 } : null;
		this.#cache.delete(id);
		this.#cache.set(id, { at: Date.now(), record });
		if (this.#cache.size > CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
		return record;
	}

	async #write(record: SessionRecord): Promise<void> {
		await this.client.insert({
			table: SESSIONS_TABLE,
			values: [
				{
					id: record.id,
					subject: record.subject,
					secret_sha256: record.secret_sha256,
					created_at: new Date(record.created_ms).toISOString(),
					expires_at: new Date(record.expires_ms).toISOString(),
					revoked_at: record.revoked ? new Date().toISOString() : null,
					ip: record.ip,
					user_agent: record.user_agent,
					updated_at: new Date().toISOString()
				}
			],
			format: 'JSONEachRow'
		});
		this.#cache.delete(record.id);
	}
}
