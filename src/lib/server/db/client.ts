import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Config } from '../config';

/** Settings every connection carries: numbers as JSON numbers, and bounds on what one read may cost. */
const CLICKHOUSE_SETTINGS = {
	output_format_json_quote_64bit_integers: 0,
	date_time_input_format: 'best_effort',
	max_execution_time: 30,
	max_memory_usage: '4000000000',
	// An insert does not first merge its own block as the table's engine would (replace, sum). Ours have
	// nothing to merge: the writers send each key once per block, and the rollup views group their block
	// already; readers take the latest version or sum, as they must across blocks. Skipping that pass made
	// the raw insert of 50k-row mention blocks, with their views, 20-30% faster (119-141k to 150-180k rows/s).
	optimize_on_insert: 0,
	// Tables are partitioned by month, and a block of history (a backfill, an imported file) can span more
	// than the 100 months ClickHouse allows an insert by default: it refused the whole block, so twelve
	// years of reviews could not be imported at all. A block makes one part per month it touches.
	max_partitions_per_insert_block: '0'
} as const;

/**
 * Opens the ClickHouse client: a server over HTTP when CLICKHOUSE_URL is set, else the embedded chDB
 * engine with its data on local disk. Called lazily, never at import time: SvelteKit's build imports
 * server modules, and a chDB engine opened there crashes the build process at exit.
 */
export async function openClickHouse(config: Config): Promise<ClickHouseClient> {
	if (config.CLICKHOUSE_URL) {
		return createClient({
			url: config.CLICKHOUSE_URL,
			username: config.CLICKHOUSE_USER,
			password: config.CLICKHOUSE_PASSWORD,
			database: config.CLICKHOUSE_DATABASE,
			clickhouse_settings: CLICKHOUSE_SETTINGS
		});
	}
	const chdbPath = path.join(config.dataDir, 'clickhouse');
	mkdirSync(chdbPath, { recursive: true });
	const { createChdbConnection } = await import('chdb/connection');
	// chdb implements the connection contract of @clickhouse/client-common, which the client bundles as its
	// own copy; the two declarations are the same shape but TypeScript sees two types.
	const connection = createChdbConnection({ path: chdbPath }) as unknown as NonNullable<
		Parameters<typeof createClient>[0]
	>['connection'];
	const client = createClient({ connection, clickhouse_settings: CLICKHOUSE_SETTINGS });
	// chDB's close returns while a query may still run on the engine, and a process that exits then
	// crashes (seen as an exit by signal at shutdown). drainPending waits until the engine is really free.
	const { drainPending } = await import('chdb');
	const closeConnection = client.close.bind(client);
	client.close = async () => {
		await closeConnection();
		await drainPending();
	};
	return client;
}
