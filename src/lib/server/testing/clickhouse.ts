import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { parseConfig } from '../config';
import { openClickHouse } from '../db/client';
import { migrate } from '../db/migrate';

/**
 * The real embedded ClickHouse in a fresh temp directory, migrated. chDB allows one data directory per
 * process, so a test file opens one of these at most (vitest runs each file in its own process).
 */
export async function openTestClickHouse(): Promise<{
	client: ClickHouseClient;
	dataDir: string;
	close(): Promise<void>;
}> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-test-'));
	const client = await openClickHouse(parseConfig({ BRANDPULSE_DATA_DIR: dataDir }));
	await migrate(client);
	return {
		client,
		dataDir,
		async close() {
			await client.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export async function queryRows<T>(
	client: ClickHouseClient,
	query: string,
	params: Record<string, unknown> = {}
) {
	const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
	return result.json<T>();
}
