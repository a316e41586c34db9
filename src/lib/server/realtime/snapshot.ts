import type { ClickHouseClient } from '@clickhouse/client';
import {
	emptyKpis,
	emptyPoint,
	WINDOW_SPEC,
	type MetricsSnapshot,
	type MetricsWindow,
	type SeriesPoint
} from '../../metrics';
import { TABLES } from '../db/tables';

/** Bounds of a window as of `now`: whole steps, the last one still filling. */
export function windowBounds(window: MetricsWindow, now: number) {
	const { spanSeconds, stepSeconds } = WINDOW_SPEC[window];
	const stepMs = stepSeconds * 1000;
	const to = Math.floor(now / stepMs) * stepMs + stepMs;
	const from = to - spanSeconds * 1000;
	return { from, to, previousFrom: from - spanSeconds * 1000, stepSeconds };
}

/**
 * Hour rollups once a step is an hour or longer; for mentions the brand-only one (a row per brand and
 * hour, not per source/lang/country as well), since the snapshot never splits by dimension.
 */
export function rollupsFor(stepSeconds: number) {
	return stepSeconds >= 3600
		? { mentions: TABLES.mentionRollupBrandHour, responses: TABLES.responseRollupHour, time: 'hour' }
		: { mentions: TABLES.mentionRollupMinute, responses: TABLES.responseRollupMinute, time: 'minute' };
}

type SnapshotRow = [
	kind: 'm' | 'r' | 'w',
	t: number,
	negative: number,
	neutral: number,
	positive: number,
	sentimentSum: number,
	reach: number,
	responses: number,
	within1h: number,
	latency: (number | null)[]
];

/**
 * The whole view in one query: mention steps over the window and the one before it, reply steps, and the
 * window's reply latency quantiles merged from their t-digest states (quantiles cannot be added up).
 * One query per view is what keeps a realtime tick's cost at the number of distinct views.
 */
export function snapshotQuery(time: string, mentionsTable: string, responsesTable: string): string {
	const step = `intDiv(toUnixTimestamp(${time}), {step:UInt32}) * {step:UInt32}`;
	return `
		SELECT 'm', ${step} AS t, sum(negative), sum(neutral), sum(positive), sum(sentiment_sum), sum(reach),
			toUInt64(0), toUInt64(0), CAST([], 'Array(Nullable(Float64))')
		FROM ${mentionsTable}
		WHERE brand = {brand:String} AND ${time} >= toDateTime({previousFrom:UInt32}) AND ${time} < toDateTime({to:UInt32})
		GROUP BY t
		UNION ALL
		SELECT 'r', ${step} AS t, toUInt64(0), toUInt64(0), toUInt64(0), toFloat64(0), toUInt64(0),
			sum(responses), sum(within_1h), CAST(quantilesTDigestMerge(0.5, 0.9)(latency), 'Array(Nullable(Float64))')
		FROM ${responsesTable}
		WHERE brand = {brand:String} AND ${time} >= toDateTime({from:UInt32}) AND ${time} < toDateTime({to:UInt32})
		GROUP BY t
		UNION ALL
		SELECT 'w', toUInt32(0), toUInt64(0), toUInt64(0), toUInt64(0), toFloat64(0), toUInt64(0),
			sum(responses), sum(within_1h), CAST(quantilesTDigestMerge(0.5, 0.9)(latency), 'Array(Nullable(Float64))')
		FROM ${responsesTable}
		WHERE brand = {brand:String} AND ${time} >= toDateTime({from:UInt32}) AND ${time} < toDateTime({to:UInt32})`;
}

const finite = (value: number | null | undefined): number | null =>
	value === null || value === undefined || !Number.isFinite(value) ? null : value;

export async function buildSnapshot(
	client: ClickHouseClient,
	brand: string,
	window: MetricsWindow,
	now = Date.now()
): Promise<MetricsSnapshot> {
	const { from, to, previousFrom, stepSeconds } = windowBounds(window, now);
	const tables = rollupsFor(stepSeconds);
	const result = await client.query({
		query: snapshotQuery(tables.time, tables.mentions, tables.responses),
		query_params: {
			brand,
			step: stepSeconds,
			from: from / 1000,
			to: to / 1000,
			previousFrom: previousFrom / 1000
		},
		format: 'JSONCompactEachRow'
	});
	const rows = await result.json<SnapshotRow>();

	const stepMs = stepSeconds * 1000;
	const series: SeriesPoint[] = [];
	for (let t = from; t < to; t += stepMs) series.push(emptyPoint(t));
	const kpis = emptyKpis();
	let negative = 0;
	let positive = 0;
	let sentimentSum = 0;
	for (const row of rows) {
		const [kind, tSeconds, neg, neu, pos, sum, reach, responses, within1h, latency] = row;
		if (kind === 'w') {
			kpis.responses = Number(responses);
			kpis.latency_p50_s = kpis.responses ? finite(latency[0]) : null;
			kpis.latency_p90_s = kpis.responses ? finite(latency[1]) : null;
			kpis.answered_within_1h_share = kpis.responses ? Number(within1h) / kpis.responses : null;
			continue;
		}
		const t = Number(tSeconds) * 1000;
		const count = Number(neg) + Number(neu) + Number(pos);
		if (kind === 'm' && t < from) {
			kpis.mentions_prev += count;
			continue;
		}
		const point = series[Math.floor((t - from) / stepMs)];
		if (!point) continue;
		if (kind === 'm') {
			point.negative = Number(neg);
			point.neutral = Number(neu);
			point.positive = Number(pos);
			point.avg_sentiment = count ? Number(sum) / count : null;
			point.reach = Number(reach);
			kpis.mentions += count;
			kpis.reach += Number(reach);
			negative += Number(neg);
			positive += Number(pos);
			sentimentSum += Number(sum);
		} else {
			point.responses = Number(responses);
			point.latency_p50_s = finite(latency[0]);
			point.latency_p90_s = finite(latency[1]);
		}
	}
	if (kpis.mentions) {
		kpis.net_sentiment = (positive - negative) / kpis.mentions;
		kpis.negative_share = negative / kpis.mentions;
		kpis.avg_sentiment = sentimentSum / kpis.mentions;
	}
	return { brand, window, at: now, from, to, step_seconds: stepSeconds, kpis, series };
}
