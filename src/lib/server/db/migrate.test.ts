import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { loadMigrations, migrate, splitStatements } from './migrate';
import { clusterEngine, TABLES } from './tables';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
beforeAll(async () => {
	db = await openTestClickHouse();
});
afterAll(() => db.close());

describe('migrate', () => {
	it('records every migration once and does nothing on the next start', async () => {
		const recorded = await queryRows<{ version: number }>(
			db.client,
			`SELECT version FROM ${TABLES.migrations} ORDER BY version`
		);
		expect(recorded.map((row) => row.version)).toEqual(
			loadMigrations().map((migration) => migration.version)
		);
		expect(await migrate(db.client)).toEqual([]);
	});

	it('creates every table the code names', async () => {
		const tables = await queryRows<{ name: string }>(
			db.client,
			'SELECT name FROM system.tables WHERE database = currentDatabase()'
		);
		const names = new Set(tables.map((table) => table.name));
		for (const table of Object.values(TABLES)) expect(names, table).toContain(table);
	});
});

describe('splitStatements', () => {
	it('splits on line-ending semicolons and drops comments', () => {
		expect(
			splitStatements('-- a comment\nCREATE TABLE a (x UInt8);\n\nCREATE VIEW b AS SELECT 1;\n')
		).toEqual(['CREATE TABLE a (x UInt8)', 'CREATE VIEW b AS SELECT 1']);
	});
});

describe('clusterEngine', () => {
	it('leaves single-node DDL alone and makes engines replicated for a cluster', () => {
		const ddl = 'CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = ReplacingMergeTree(v) ORDER BY x';
		expect(clusterEngine(ddl, { kind: 'single' })).toBe(ddl);
		expect(clusterEngine(ddl, { kind: 'replicated', cluster: 'main' })).toBe(
			"CREATE TABLE IF NOT EXISTS t ON CLUSTER main (x UInt8) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', v) ORDER BY x"
		);
	});
});
