import type { ClickHouseClient } from '@clickhouse/client';

export interface PartitionParts {
	table: string;
	partition: string;
	active_parts: number;
}

export interface PartsReport {
	/** Active parts per partition of every MergeTree table of the database, most first. */
	partitions: PartitionParts[];
	/** ClickHouse slows inserts into a partition with more active parts than this, and refuses at the other. */
	parts_to_delay_insert: number;
	parts_to_throw_insert: number;
}

/**
 * Active parts per partition against the engine's own thresholds. Every insert makes a part per table it
 * reaches (mentions and each materialized view's target); background merges must keep the count far below
 * `parts_to_delay_insert`, or inserts slow down and then fail with "too many parts".
 */
export async function activeParts(client: ClickHouseClient): Promise<PartsReport> {
	const [partitions, settings] = await Promise.all([
		client
			.query({
				query: `SELECT table, partition, toUInt32(count()) AS active_parts FROM system.parts
					WHERE active AND database = currentDatabase()
					GROUP BY table, partition ORDER BY active_parts DESC, table, partition`,
				format: 'JSONEachRow'
			})
			.then((result) => result.json<PartitionParts>()),
		client
			.query({
				query: `SELECT name, value FROM system.merge_tree_settings
					WHERE name IN ('parts_to_delay_insert', 'parts_to_throw_insert')`,
				format: 'JSONEachRow'
			})
			.then((result) => result.json<{ name: string; value: string }>())
	]);
	const setting = (name: string) => Number(settings.find((row) => row.name === name)?.value ?? NaN);
	return {
		partitions: partitions.map((row) => ({ ...row, active_parts: Number(row.active_parts) })),
		parts_to_delay_insert: setting('parts_to_delay_insert'),
		parts_to_throw_insert: setting('parts_to_throw_insert')
	};
}
