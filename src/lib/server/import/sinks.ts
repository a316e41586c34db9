import type { ClickHouseClient } from '@clickhouse/client';
import { IngestPipeline, type IngestReport } from '../ingest/pipeline';
import type { ImportSink } from './importer';

/**
 * The ingest pipeline of this process, sized for bulk: one flush per batch (the flush threshold is the batch
 * size), so each batch is one dedupe lookup per brand and one insert, and the rollup materialized views
 * are filled by that insert exactly as for live mentions.
 */
export function pipelineSink(
	client: ClickHouseClient,
	batchRows: number
): ImportSink & { close(): Promise<void> } {
	const pipeline = new IngestPipeline(client, { flushRows: batchRows, flushIntervalMs: 1000 });
	return {
		ingestMentions: (items) => pipeline.ingestMentions(items),
		prepareMentions: (items) => pipeline.prepareMentions(items),
		flush: () => pipeline.flush(),
		close: () => pipeline.close()
	};
}

/**
 * A running server's `POST /api/v1/mentions`, for when the server holds the data directory. Same pipeline,
 * same dedupe, over HTTP; batches must stay within the server's item and body limits.
 */
export function httpSink(baseUrl: string, key: string): ImportSink {
	const endpoint = new URL('/api/v1/mentions', baseUrl).href;
	return {
		async ingestMentions(items) {
			const response = await fetch(endpoint, {
				method: 'POST',
				headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
				body: items.map((item) => JSON.stringify(item)).join('\n')
			});
			if (response.status === 200 || response.status === 422) return (await response.json()) as IngestReport;
			const detail = await response.text();
			throw new Error(`${endpoint} answered ${response.status}: ${detail.slice(0, 500)}`);
		}
	};
}
