import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './db/tables';
import type { IngestPipeline } from './ingest/pipeline';
import { log } from './log';
import { DEFAULT_BRANDS, LiveSimulator, simulateRange } from './simulator';

export interface DemoStream {
	brands: string[];
	stop(): Promise<void>;
}

/** History the demo starts with, so every window (up to 48 h of detail) has something to show. */
const BACKFILL_MS = 48 * 3600 * 1000;
const CHUNK = 20_000;

/**
 * The built-in demo: fills the gap since the simulator last ran (up to 48 h back), then streams live,
 * through the same ingest pipeline as the API so the demo exercises the real path.
 */
export async function startDemoStream(client: ClickHouseClient, pipeline: IngestPipeline): Promise<DemoStream> {
	const brands = DEFAULT_BRANDS.map((brand) => brand.slug);
	const now = Date.now();
	const result = await client.query({
		query: `SELECT toUnixTimestamp64Milli(max(created_at)) AS latest FROM ${TABLES.mentions} WHERE brand IN {brands:Array(String)}`,
		query_params: { brands },
		format: 'JSONEachRow'
	});
	const [{ latest } = { latest: 0 }] = await result.json<{ latest: number }>();
	const from = Math.max(Number(latest) + 1, now - BACKFILL_MS);
	if (from < now) {
		const history = simulateRange(from, now, { seed: from % 2_147_483_647 });
		for (let index = 0; index < history.mentions.length; index += CHUNK) {
			await pipeline.ingestMentions(history.mentions.slice(index, index + CHUNK));
		}
		for (let index = 0; index < history.responses.length; index += CHUNK) {
			await pipeline.ingestResponses(history.responses.slice(index, index + CHUNK));
		}
		log.info({ mentions: history.mentions.length, responses: history.responses.length }, 'demo history loaded');
	}
	const live = new LiveSimulator({
		seed: now % 2_147_483_647,
		sink: {
			mentions: (batch) => pipeline.ingestMentions(batch),
			responses: (batch) => pipeline.ingestResponses(batch)
		}
	});
	live.start();
	return { brands, stop: () => live.stop() };
}
