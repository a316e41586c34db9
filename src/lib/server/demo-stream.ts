import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './db/tables';
import type { IngestPipeline } from './ingest/pipeline';
import { log } from './log';
import { DEFAULT_BRANDS, LiveSimulator, simulateRange } from './simulator';

export interface DemoStream {
	brands: string[];
	/** Resolves once the history is stored; the live stream runs from the start regardless. */
	backfilled: Promise<void>;
	stop(): Promise<void>;
}

/** History the demo starts with, so every window up to 48 h has something to show. */
const BACKFILL_MS = 48 * 3600 * 1000;
const CHUNK = 10_000;

/**
 * The built-in demo: streams live at once, and meanwhile fills the gap since the simulator last ran (up
 * to 48 h back), newest first, so the short windows a newcomer sees first are full within a second or
 * two. Everything goes through the same ingest pipeline as the API.
 */
export function startDemoStream(client: ClickHouseClient, pipeline: IngestPipeline): DemoStream {
	const brands = DEFAULT_BRANDS.map((brand) => brand.slug);
	const now = Date.now();
	let stopped = false;
	// One seed for history and live: each simulated minute has its own stream, so the two join seamlessly.
	const seed = 20_261_123;
	const live = new LiveSimulator({
		seed,
		backfillFromMs: now - BACKFILL_MS,
		sink: {
			mentions: (batch) => pipeline.ingestMentions(batch),
			responses: (batch) => pipeline.ingestResponses(batch)
		}
	});
	live.start();

	const backfilled = (async () => {
		const result = await client.query({
			query: `SELECT toUnixTimestamp64Milli(max(created_at)) AS latest FROM ${TABLES.mentions}
				WHERE brand IN {brands:Array(String)} AND created_at >= {since:DateTime64(3)} AND created_at < {now:DateTime64(3)}`,
			query_params: { brands, since: (now - BACKFILL_MS) / 1000, now: now / 1000 },
			format: 'JSONEachRow'
		});
		const [{ latest } = { latest: 0 }] = await result.json<{ latest: number }>();
		const from = Math.max(Number(latest) + 1, now - BACKFILL_MS);
		if (from >= now) return;
		const history = simulateRange(from, now, { seed });
		for (let end = history.mentions.length; end > 0 && !stopped; end -= CHUNK) {
			await pipeline.ingestMentions(history.mentions.slice(Math.max(0, end - CHUNK), end));
		}
		for (let start = 0; start < history.responses.length && !stopped; start += CHUNK) {
			await pipeline.ingestResponses(history.responses.slice(start, start + CHUNK));
		}
		log.info(
			{ mentions: history.mentions.length, responses: history.responses.length },
			'demo history loaded'
		);
	})().catch((error: unknown) => log.error({ err: error }, 'demo history failed'));

	return {
		brands,
		backfilled,
		async stop() {
			stopped = true;
			await live.stop();
			await backfilled;
		}
	};
}
