import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { clusterEngine, TABLES, type ClusterMode } from './tables';

export interface Migration {
	version: number;
	name: string;
	statements: string[];
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Where the numbered SQL files live: `db/` at the project root, unless BRANDPULSE_DB_DIR says otherwise. */
export function migrationsDir(): string {
	return path.resolve(process.env.BRANDPULSE_DB_DIR ?? 'db');
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
	return readdirSync(dir)
		.filter((file) => MIGRATION_FILE.test(file))
		.sort()
		.map((file) => {
			const [, version, name] = MIGRATION_FILE.exec(file)!;
			const sql = readFileSync(path.join(dir, file), 'utf8');
			return { version: Number(version), name: name!, statements: splitStatements(sql) };
		});
}

/** Splits on semicolons that end a line; comments are dropped. Our migrations hold no string literals with `;\n`. */
export function splitStatements(sql: string): string[] {
	return sql
		.split('\n')
		.filter((line) => !line.trim().startsWith('--'))
		.join('\n')
		.split(/;\s*(?:\n|$)/)
		.map((statement) => statement.trim())
		.filter(Boolean);
}

/**
 * Applies every migration not yet recorded, in order. Statements are idempotent (IF NOT EXISTS), so a
 * start that died half-way through a migration simply runs it again.
 */
export async function migrate(
	client: ClickHouseClient,
	options: { dir?: string; mode?: ClusterMode } = {}
): Promise<number[]> {
	const mode = options.mode ?? { kind: 'single' };
	await client.command({
		query: clusterEngine(
			`CREATE TABLE IF NOT EXISTS ${TABLES.migrations} (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplacingMergeTree ORDER BY version`,
			mode
		)
	});
	const applied = new Set(
		(
			await (
				await client.query({ query: `SELECT version FROM ${TABLES.migrations}`, format: 'JSONEachRow' })
			).json<{ version: number }>()
		).map((row) => Number(row.version))
	);
	const newlyApplied: number[] = [];
	for (const migration of loadMigrations(options.dir)) {
		if (applied.has(migration.version)) continue;
		for (const statement of migration.statements) {
			await client.command({ query: clusterEngine(statement, mode) });
		}
		await client.insert({
			table: TABLES.migrations,
			values: [{ version: migration.version, name: migration.name }],
			format: 'JSONEachRow'
		});
		newlyApplied.push(migration.version);
	}
	return newlyApplied;
}
