import { json } from '@sveltejs/kit';
import { apiErrorResponse } from '$lib/server/http/errors';
import { requireScope } from '$lib/server/http/guard';
import { activeParts, type PartsReport } from '$lib/server/ingest/parts';
import type { RequestHandler } from './$types';

export interface StatsResponse {
	views: number;
	sockets: number;
	last_tick_queries: number;
	snapshot_queries_total: number;
	buffered_mentions: number;
	memory: NodeJS.MemoryUsage;
	ingest_steps: Record<string, { calls: number; rows: number; total_ms: number }>;
	/** With `?parts=1`: active parts per partition against the engine's slow-down threshold. */
	parts?: PartsReport;
}

/** What an operator (or a benchmark) needs to see the server's load: views, sockets, buffers, step timings. */
export const GET: RequestHandler = async (event) => {
	try {
		requireScope(event, 'admin');
		const app = event.locals.app;
		const steps = Object.fromEntries(
			[...app.pipeline.timings.steps].map(([step, entry]) => [
				step,
				{ calls: entry.calls, rows: entry.rows, total_ms: Math.round(entry.totalMs) }
			])
		);
		return json({
			views: app.hub?.viewCount ?? 0,
			sockets: app.hub?.socketCount ?? 0,
			last_tick_queries: app.hub?.lastTickQueries ?? 0,
			snapshot_queries_total: app.hub?.queriesTotal ?? 0,
			buffered_mentions: app.pipeline.mentions.bufferedRows,
			memory: process.memoryUsage(),
			ingest_steps: steps,
			...(event.url.searchParams.get('parts') === '1' ? { parts: await activeParts(app.client) } : {})
		} satisfies StatsResponse);
	} catch (error) {
		return apiErrorResponse(error);
	}
};
