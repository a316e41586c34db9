/**
 * Table names and engines in one place. Queries import the names from here; migrations in `db/` use
 * the same names. `clusterEngine` is where a Replicated/Distributed layout will plug in: migrations are
 * run through it, so a cluster mode rewrites engines without touching the SQL files or the queries.
 */
export const TABLES = {
	migrations: 'schema_migrations',
	mentions: 'mentions',
	mentionKeys: 'mention_keys',
	importBatch: 'import_batch',
	mentionRollupMinute: 'mention_rollup_1m',
	mentionRollupHour: 'mention_rollup_1h',
	mentionRollupBrandHour: 'mention_rollup_brand_1h',
	responses: 'responses',
	responseKeys: 'response_keys',
	responseRollupMinute: 'response_rollup_1m',
	responseRollupHour: 'response_rollup_1h',
	apiKeys: 'api_keys',
	auditLog: 'audit_log'
} as const;

export type ClusterMode = { kind: 'single' } | { kind: 'replicated'; cluster: string };

/** Rewrites `ENGINE = XMergeTree(args)` for a replicated cluster; identity for a single node. */
export function clusterEngine(statement: string, mode: ClusterMode): string {
	if (mode.kind === 'single') return statement;
	return statement
		.replace(
			/^(\s*CREATE\s+(?:TABLE|MATERIALIZED VIEW)\s+(?:IF NOT EXISTS\s+)?\S+)/i,
			`$1 ON CLUSTER ${mode.cluster}`
		)
		.replace(/ENGINE\s*=\s*(\w*)MergeTree(\(([^)]*)\))?/i, (_m, prefix: string, _p, args?: string) => {
			const replicaArgs = `'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'`;
			return `ENGINE = Replicated${prefix}MergeTree(${args ? `${replicaArgs}, ${args}` : replicaArgs})`;
		});
}
