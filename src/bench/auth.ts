/**
 * What authentication costs. Password login: argon2id with our parameters (OWASP minimum: 19 MiB, 2 passes,
 * 1 lane) against RFC 9106's second recommendation (64 MiB, 3 passes, 4 lanes) as the same-run baseline, to
 * show what the stronger setting would cost a login. Per request: a session check from the cache against an
 * API-key check from its cache (the per-request cost every API call already paid before sessions existed).
 */
import { hash, verify } from '@node-rs/argon2';
import { ConfigSync } from '../lib/server/auth/config-sync';
import { KeyStore } from '../lib/server/auth/keys';
import { ARGON2_OPTIONS } from '../lib/server/auth/password';
import { SessionStore } from '../lib/server/auth/session';
import { UserStore } from '../lib/server/auth/users';
import { openTestClickHouse } from '../lib/server/testing/clickhouse';
import type { BenchResult, BenchRun } from './types';

const RFC9106 = { algorithm: 2, memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;
const PASSWORD = 'correct horse battery staple';

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeEach(count: number, task: () => Promise<unknown>): Promise<number[]> {
	const times: number[] = [];
	for (let index = 0; index < count; index += 1) {
		const start = performance.now();
		await task();
		times.push(performance.now() - start);
	}
	return times;
}

export const run: BenchRun = async (): Promise<BenchResult> => {
	const ours = await hash(PASSWORD, ARGON2_OPTIONS);
	const strong = await hash(PASSWORD, RFC9106);
	const verifyOurs = await timeEach(30, () => verify(ours, PASSWORD));
	const verifyStrong = await timeEach(30, () => verify(strong, PASSWORD));

	const db = await openTestClickHouse();
	try {
		const sync = new ConfigSync(db.client, 3_600_000);
		const keys = new KeyStore(db.client, 'bench-master-key-0123456789', sync);
		const users = new UserStore(db.client, sync);
		const sessions = new SessionStore(db.client, sync, {
			key: (id) => keys.principalFor(id),
			user: async (id) => {
				const user = await users.get(id);
				return user ? { principal: users.principalOf(user), validAfter: user.sessions_valid_after } : null;
			}
		});
		const created = await users.create({ email: 'bench@example.com', role: 'analyst', password: PASSWORD });
		if (!created.ok) throw new Error(created.message);
		const { cookie } = await sessions.create(
			{ kind: 'user', id: created.user.id },
			{ ip: '', userAgent: '' }
		);
		const { key } = await keys.create({ name: 'bench', scope: 'read' });
		await sessions.authenticate(cookie);
		await keys.authenticate(key);
		const N = 20_000;
		const sessionTimes = await timeEach(N, () => sessions.authenticate(cookie));
		const keyTimes = await timeEach(N, () => keys.authenticate(key));
		// A cold check (cache just cleared by a config change): two small queries, session row and user row.
		const coldTimes: number[] = [];
		for (let index = 0; index < 50; index += 1) {
			await sync.changed('bench');
			const start = performance.now();
			await sessions.authenticate(cookie);
			coldTimes.push(performance.now() - start);
		}
		const p50 = (values: number[]) => Number(percentile(values, 50).toFixed(3));
		return {
			name: 'auth',
			description: 'argon2id login verification, and the per-request cost of a server-side session',
			figures: [
				{
					metric: 'argon2id verify p50 (19 MiB, t=2, p=1)',
					value: p50(verifyOurs),
					unit: 'ms',
					baseline: { name: 'RFC 9106 64 MiB, t=3, p=4', value: p50(verifyStrong) },
					ratio: Number((p50(verifyStrong) / p50(verifyOurs)).toFixed(2)),
					target: 'OWASP minimum parameters; well under the 3 s a login may take'
				},
				{
					metric: 'session check, cached, p50',
					value: p50(sessionTimes),
					unit: 'ms',
					baseline: { name: 'API key check, cached', value: p50(keyTimes) },
					ratio: Number((p50(sessionTimes) / Math.max(p50(keyTimes), 0.001)).toFixed(2))
				},
				{
					metric: 'session check after a config change (cache cleared), p50',
					value: p50(coldTimes),
					unit: 'ms'
				}
			],
			notes: [`session p99 cached ${percentile(sessionTimes, 99).toFixed(3)} ms`]
		};
	} finally {
		await db.close();
	}
};
