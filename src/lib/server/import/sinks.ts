import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { retryAfterMs } from '../net/retry-after';
import { storeEncodedMentions } from '../ingest/encoded';
import { EngineThreadPriority } from './engine-priority';
import type { IngestReport } from '../ingest/pipeline';
import type { EncodedSink, ItemSink } from './importer';

/**
 * This process's embedded store: batches the import's worker has validated, scored and encoded, deduplicated
 * and inserted as one insert each, which fills the rollup materialized views exactly as live mentions do.
 * Each batch passes through a file in the data directory, which the import holds. The engine's threads step
 * back behind the worker's (see EngineThreadPriority).
 */
export function localSink(client: ClickHouseClient, dataDir: string): EncodedSink {
	const stagingFile = path.join(dataDir, 'import-batch.tsv');
	const priority = new EngineThreadPriority();
	return {
		storeEncoded(batch) {
			priority.lower();
			return storeEncodedMentions(client, batch, stagingFile);
		}
	};
}

/** Answers that refuse a batch before any of it is written (rate limit, full writers): safe to send again. */
const RETRYABLE_STATUSES = new Set([429, 503]);
/** How often one batch is offered again before the import stops (it can be resumed). */
const MAX_ATTEMPTS = 30;

/** The longest wait one refusal can impose: a resumable import should not sit silent for hours. */
const MAX_RETRY_DELAY_MS = 60_000;

/** The wait a 429 or 503 asks for: its `Retry-After` (seconds or a date), at most 60 s; 1 s without one. */
export function retryDelayMs(response: Response, now = Date.now()): number {
	return Math.min(retryAfterMs(response.headers.get('retry-after'), now) ?? 1000, MAX_RETRY_DELAY_MS);
}

/**
 * A running server's `POST /api/v1/mentions`, for when the server holds the data directory. Same pipeline,
 * same dedupe, over HTTP; batches must stay within the server's item and body limits. A batch refused with
 * 429 or 503 is sent again after the `Retry-After` the server gives, so a busy server slows the import
 * rather than stopping it.
 */
export function httpSink(
	baseUrl: string,
	key: string,
	/** Told before each wait, so the operator sees why the import slowed down. */
	onRetry: (retry: { status: number; attempt: number; delayMs: number }) => void = () => {}
): ItemSink {
	const endpoint = new URL('/api/v1/mentions', baseUrl).href;
	return {
		async ingestMentions(items) {
			const body = items.map((item) => JSON.stringify(item)).join('\n');
			for (let attempt = 1; ; attempt += 1) {
				const response = await fetch(endpoint, {
					method: 'POST',
					headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
					body
				});
				if (response.status === 200 || response.status === 422)
					return (await response.json()) as IngestReport;
				const detail = await response.text();
				if (!RETRYABLE_STATUSES.has(response.status) || attempt >= MAX_ATTEMPTS) {
					const tries = attempt > 1 ? ` (after ${attempt} attempts)` : '';
					throw new Error(`${endpoint} answered ${response.status}${tries}: ${detail.slice(0, 500)}`);
				}
				const delayMs = retryDelayMs(response);
				onRetry({ status: response.status, attempt, delayMs });
				await delay(delayMs);
			}
		}
	};
}
