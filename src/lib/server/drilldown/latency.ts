import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { TABLES } from '../db/tables';
import { FROM_SQL, TO_SQL } from './filters';
import { brandSchema, checkWindow, filterShape } from './params';
import { getBrandSettings } from './settings';

export const LATENCY_GROUPINGS = ['channel', 'hour'] as const;

export const latencyQuerySchema = z
	.strictObject({
		brand: brandSchema,
		from: filterShape.from,
		to: filterShape.to,
		by: z.enum(LATENCY_GROUPINGS).default('channel')
	})
	.superRefine(checkWindow);
export type LatencyQuery = z.output<typeof latencyQuerySchema>;

/** Histogram bucket upper bounds in seconds (exclusive); the last bucket is open-ended. */
export const LATENCY_BUCKETS_S = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400] as const;

export interface LatencyStats {
	responses: number;
	p50_s: number | null;
	p90_s: number | null;
}

export interface LatencyGroup extends LatencyStats {
	/** The channel, or the hour of day (0-23, brand's timezone) the mention arrived in. */
	key: string;
	/** Replies per bucket: histogram[i] counts latencies below LATENCY_BUCKETS_S[i] and not below the one before; the last entry counts the rest. */
	histogram: number[];
	/** Split by whether the mention arrived inside the brand's business hours. */
	in_business_hours: LatencyStats;
	outside_business_hours: LatencyStats;
}

export interface LatencyDistribution {
	brand: string;
	by: (typeof LATENCY_GROUPINGS)[number];
	timezone: string;
	bucket_upper_s: (number | null)[];
	groups: LatencyGroup[];
}

type Row = [
	key: string,
	inHours: number,
	isTotal: number,
	responses: number,
	quantiles: number[],
	histogram: number[]
];

const finite = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? null : value);

/**
 * Time to first reply for replies made in [from, to), grouped by channel or by the local hour the mention
 * arrived, with a histogram and exact quantiles (replies are few next to mentions, so exact is affordable
 * and stays correct for small groups). One pass with grouping sets gives both the split and the total.
 */
export async function latencyDistribution(
	client: ClickHouseClient,
	query: LatencyQuery
): Promise<LatencyDistribution> {
	const settings = await getBrandSettings(client, query.brand);
	const hours = settings.business_hours;
	const key = query.by === 'channel' ? 'channel' : `toString(toHour(mention_created_at, {tz:String}))`;
	const result = await client.query({
		query: `SELECT ${key} AS key,
				arrayExists((d, o, c) -> d = toDayOfWeek(mention_created_at, 0, {tz:String})
					AND toHour(mention_created_at, {tz:String}) * 60 + toMinute(mention_created_at, {tz:String}) >= o
					AND toHour(mention_created_at, {tz:String}) * 60 + toMinute(mention_created_at, {tz:String}) < c,
					{bh_day:Array(UInt8)}, {bh_open:Array(UInt16)}, {bh_close:Array(UInt16)}) AS in_hours,
				grouping(in_hours) AS is_total,
				count() AS responses,
				quantilesExact(0.5, 0.9)(latency_s) AS q,
				sumForEach(arrayMap(i -> toUInt64(i = arrayCount(upper -> latency_s >= upper, {upper:Array(Float64)})),
					range({buckets:UInt8}))) AS histogram
			FROM ${TABLES.responses}
			WHERE brand = {brand:String} AND responded_at >= ${FROM_SQL} AND responded_at < ${TO_SQL}
			GROUP BY GROUPING SETS ((key, in_hours), (key))
			ORDER BY key`,
		query_params: {
			brand: query.brand,
			from_ms: query.from,
			to_ms: query.to,
			tz: settings.timezone,
			bh_day: hours.map((range) => range.weekday),
			bh_open: hours.map((range) => range.open_minute),
			bh_close: hours.map((range) => range.close_minute),
			upper: LATENCY_BUCKETS_S,
			buckets: LATENCY_BUCKETS_S.length + 1
		},
		format: 'JSONCompactEachRow'
	});
	const empty = (): LatencyStats => ({ responses: 0, p50_s: null, p90_s: null });
	const groups = new Map<string, LatencyGroup>();
	for (const [groupKey, inHours, isTotal, responses, quantiles, histogram] of await result.json<Row>()) {
		let group = groups.get(groupKey);
		if (!group) {
			group = {
				key: groupKey,
				...empty(),
				histogram: new Array<number>(LATENCY_BUCKETS_S.length + 1).fill(0),
				in_business_hours: empty(),
				outside_business_hours: empty()
			};
			groups.set(groupKey, group);
		}
		const stats = { responses: Number(responses), p50_s: finite(quantiles[0]), p90_s: finite(quantiles[1]) };
		// grouping() is 1 when in_hours is aggregated away, i.e. on the per-key total row.
		if (Number(isTotal)) {
			Object.assign(group, stats);
			group.histogram = histogram.map(Number);
		} else if (Number(inHours)) group.in_business_hours = stats;
		else group.outside_business_hours = stats;
	}
	const sorted = [...groups.values()].sort((a, b) =>
		query.by === 'hour'
			? Number(a.key) - Number(b.key)
			: b.responses - a.responses || a.key.localeCompare(b.key)
	);
	return {
		brand: query.brand,
		by: query.by,
		timezone: settings.timezone,
		bucket_upper_s: [...LATENCY_BUCKETS_S, null],
		groups: sorted
	};
}
