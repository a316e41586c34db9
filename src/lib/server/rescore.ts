import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './db/tables';
import { tabSeparated, tabSeparatedStream } from './db/tab-separated';
import { MENTION_COLUMNS, type MentionRow } from './ingest/mention-row';
import { scoreSentiment, SENTIMENT_ENGINE_VERSION } from './sentiment';

export interface RescoreOptions {
	brand: string;
	from: Date;
	to: Date;
	/** Rows re-scored per insert. */
	batchRows?: number;
	onProgress?: (rescored: number) => void;
}

/** A stored mention reads back in the shape the pipeline wrote it. */
type StoredMention = MentionRow;

const ROLLUP_AGGREGATES = `count() AS mentions, countIf(label = 'negative') AS negative,
	countIf(label = 'neutral') AS neutral, countIf(label = 'positive') AS positive,
	sum(toFloat64(score)) AS sentiment_sum, sum(author_followers) AS reach`;

/**
 * Re-scores a brand's mentions in [from, to) that an older engine scored, then rebuilds the rollups of
 * the whole hours involved from the newest version of each mention, so charts follow the new scores.
 *
 * The new versions replace the old ones in `mentions` (ReplacingMergeTree on ingested_at); inserting them
 * also runs the rollup views, which would count those mentions twice, which is why the hours are rebuilt
 * from `mentions FINAL` afterwards. Run it with the server stopped (it needs the data directory) or
 * against a ClickHouse server; while it runs, the rebuilt hours read low for a moment.
 */
export async function rescoreRange(client: ClickHouseClient, options: RescoreOptions): Promise<number> {
	const hourMs = 3_600_000;
	const from = new Date(Math.floor(options.from.getTime() / hourMs) * hourMs);
	const to = new Date(Math.ceil(options.to.getTime() / hourMs) * hourMs);
	const range = { brand: options.brand, from: from.getTime() / 1000, to: to.getTime() / 1000 };
	const batchRows = options.batchRows ?? 20_000;
	let rescored = 0;
	let cursor = { created_at: '1970-01-01 00:00:00.000', source: '', id: '' };
	for (;;) {
		const result = await client.query({
			query: `SELECT ${MENTION_COLUMNS.join(', ')} FROM ${TABLES.mentions} FINAL
				WHERE brand = {brand:String} AND created_at >= {from:DateTime64(3)} AND created_at < {to:DateTime64(3)}
					AND sentiment_version != {version:String}
					AND (created_at, source, id) > ({cursorAt:DateTime64(3)}, {cursorSource:String}, {cursorId:String})
				ORDER BY created_at, source, id LIMIT {limit:UInt32}`,
			query_params: {
				...range,
				version: SENTIMENT_ENGINE_VERSION,
				cursorAt: cursor.created_at,
				cursorSource: cursor.source,
				cursorId: cursor.id,
				limit: batchRows
			},
			format: 'JSONEachRow'
		});
		const rows = await result.json<StoredMention>();
		if (!rows.length) break;
		for (const row of rows) {
			const sentiment = scoreSentiment(row.text, row.lang || undefined, { brand: row.brand });
			row.score = sentiment.score;
			row.label = sentiment.label;
			row.sentiment_version = sentiment.version;
		}
		await client.insert({
			table: TABLES.mentions,
			values: tabSeparatedStream(tabSeparated(rows, MENTION_COLUMNS)),
			format: 'TabSeparated',
			columns: [...MENTION_COLUMNS]
		});
		rescored += rows.length;
		options.onProgress?.(rescored);
		const last = rows.at(-1)!;
		cursor = { created_at: last.created_at, source: last.source, id: last.id };
	}
	if (rescored === 0) return 0;

	const DIMS = ', source, lang, country';
	for (const [table, time, bucket, dims] of [
		[TABLES.mentionRollupMinute, 'minute', 'toStartOfMinute(created_at)', DIMS],
		[TABLES.mentionRollupHour, 'hour', 'toStartOfHour(created_at)', DIMS],
		[TABLES.mentionRollupBrandHour, 'hour', 'toStartOfHour(created_at)', '']
	] as const) {
		await client.command({
			query: `DELETE FROM ${table} WHERE brand = {brand:String} AND ${time} >= toDateTime({from:UInt32}) AND ${time} < toDateTime({to:UInt32})`,
			query_params: range
		});
		await client.command({
			query: `INSERT INTO ${table} (brand, ${time}${dims}, mentions, negative, neutral, positive, sentiment_sum, reach)
				SELECT brand, ${bucket} AS ${time}${dims}, ${ROLLUP_AGGREGATES}
				FROM ${TABLES.mentions} FINAL
				WHERE brand = {brand:String} AND created_at >= {from:DateTime64(3)} AND created_at < {to:DateTime64(3)}
				GROUP BY brand, ${time}${dims}`,
			query_params: range
		});
	}
	return rescored;
}
