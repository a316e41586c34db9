import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { TABLES } from '../db/tables';
import { ApiError } from '../http/errors';
import { brandSchema } from '../ingest/schema';
import { mentionsWhere, type Sql } from './filters';
import { checkWindow, filterShape, type Filters } from './params';

export const BREAKDOWN_DIMENSIONS = ['source', 'lang', 'country', 'author', 'term', 'hashtag'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];
export const BREAKDOWN_TOP = 20;

export const breakdownQuerySchema = z
	.strictObject({ ...filterShape, by: z.enum(BREAKDOWN_DIMENSIONS) })
	.superRefine(checkWindow);
export type BreakdownQuery = z.output<typeof breakdownQuerySchema>;

export interface BreakdownRow {
	key: string;
	/** For term and hashtag: mentions that hold the word at least once. */
	mentions: number;
	negative: number;
	neutral: number;
	positive: number;
	/** Sum of author followers over those mentions. */
	reach: number;
}

export interface Breakdown {
	by: BreakdownDimension;
	/** Where the numbers came from: the minute rollup (chart numbers) or raw mentions. */
	read_from: 'rollup' | 'raw';
	rows: BreakdownRow[];
}

/**
 * Words too common to say anything about a spike, in the simulator's and our users' main languages. Tokens
 * shorter than three characters, numbers, and the brand's own name are dropped as well.
 */
export const STOP_WORDS = [
	...[
		'the',
		'and',
		'for',
		'are',
		'but',
		'not',
		'you',
		'your',
		'all',
		'any',
		'can',
		'had',
		'her',
		'was',
		'one'
	],
	...[
		'our',
		'out',
		'has',
		'have',
		'him',
		'his',
		'how',
		'its',
		'may',
		'new',
		'now',
		'see',
		'who',
		'did',
		'get'
	],
	...[
		'this',
		'that',
		'with',
		'they',
		'them',
		'then',
		'than',
		'there',
		'their',
		'what',
		'when',
		'where',
		'which'
	],
	...[
		'from',
		'just',
		'been',
		'were',
		'will',
		'would',
		'could',
		'should',
		'about',
		'into',
		'more',
		'some',
		'very'
	],
	...[
		'also',
		'only',
		'over',
		'such',
		'even',
		'most',
		'much',
		'here',
		'after',
		'again',
		'still',
		'why',
		'too'
	],
	...['https', 'http', 'www', 'com', 'amp', 'via', 'der', 'die', 'das', 'und', 'ist', 'nicht', 'mit', 'ein'],
	...['eine', 'auf', 'für', 'les', 'des', 'une', 'est', 'pas', 'pour', 'que', 'qui', 'dans', 'los', 'las'],
	...['del', 'una', 'por', 'con', 'para', 'que', 'muy', 'como']
];

const MIN_TERM_CHARS = 3;
const ROLLUP_DIMENSIONS = new Set<BreakdownDimension>(['source', 'lang', 'country']);
const MINUTE_MS = 60_000;

/**
 * Whether the minute rollup can answer: a dimension it holds, no filter on a column it lacks (text,
 * author, label) and minute-aligned bounds, else its first or last minute would count mentions outside
 * the window. Then the numbers are the chart's, read from 60x fewer rows.
 */
export function usesRollup(query: BreakdownQuery): boolean {
	return (
		ROLLUP_DIMENSIONS.has(query.by) &&
		query.q === undefined &&
		!query.author?.length &&
		!query.label?.length &&
		query.from % MINUTE_MS === 0 &&
		query.to % MINUTE_MS === 0
	);
}

function rollupSql(query: BreakdownQuery): Sql {
	const parts = [
		'brand = {brand:String}',
		`minute >= toDateTime(intDiv({from_ms:Int64}, 1000), 'UTC')`,
		`minute < toDateTime(intDiv({to_ms:Int64}, 1000), 'UTC')`
	];
	const params: Record<string, unknown> = { brand: query.brand, from_ms: query.from, to_ms: query.to };
	for (const name of ['source', 'lang', 'country'] as const) {
		if (query[name]?.length) {
			parts.push(`${name} IN {f_${name}:Array(String)}`);
			params[`f_${name}`] = query[name];
		}
	}
	// `by` is one of three allow-listed column names, never caller text.
	return {
		sql: `SELECT ${query.by} AS key, sum(mentions) AS mentions, sum(negative) AS negative, sum(neutral) AS neutral,
				sum(positive) AS positive, sum(reach) AS reach
			FROM ${TABLES.mentionRollupMinute}
			WHERE ${parts.join(' AND ')}
			GROUP BY key
			ORDER BY mentions DESC, key
			LIMIT {top:UInt32}`,
		params: { ...params, top: BREAKDOWN_TOP }
	};
}

const RAW_KEYS: Record<BreakdownDimension, string> = {
	source: 'source',
	lang: 'lang',
	country: 'country',
	author: 'author',
	// Each mention counts once per word, however often it repeats the word.
	term: `arrayJoin(arrayDistinct(arrayFilter(t -> lengthUTF8(t) >= {min_chars:UInt8} AND NOT match(t, '^[0-9]+$')
		AND NOT has({stop_words:Array(String)}, t), splitByNonAlpha(lower(text)))))`,
	hashtag: `arrayJoin(arrayDistinct(extractAll(lower(text), '#[[:alnum:]_]+')))`
};

function rawSql(query: Filters & { by: BreakdownDimension }): Sql {
	const where = mentionsWhere(query);
	const brandWords = query.brand.split(/[^a-z0-9]+/).filter(Boolean);
	return {
		sql: `SELECT ${RAW_KEYS[query.by]} AS key, count() AS mentions, countIf(label = 'negative') AS negative,
				countIf(label = 'neutral') AS neutral, countIf(label = 'positive') AS positive,
				sum(author_followers) AS reach
			FROM ${TABLES.mentions}
			WHERE ${where.sql}
			GROUP BY key
			HAVING key != ''
			ORDER BY mentions DESC, key
			LIMIT {top:UInt32}`,
		params: {
			...where.params,
			top: BREAKDOWN_TOP,
			min_chars: MIN_TERM_CHARS,
			stop_words: [...STOP_WORDS, ...brandWords]
		}
	};
}

export async function breakdown(client: ClickHouseClient, query: BreakdownQuery): Promise<Breakdown> {
	const rollup = usesRollup(query);
	const { sql, params } = rollup ? rollupSql(query) : rawSql(query);
	const result = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
	const rows = (await result.json<BreakdownRow>()).map((row) => ({
		key: String(row.key),
		mentions: Number(row.mentions),
		negative: Number(row.negative),
		neutral: Number(row.neutral),
		positive: Number(row.positive),
		reach: Number(row.reach)
	}));
	return { by: query.by, read_from: rollup ? 'rollup' : 'raw', rows };
}

export const SOV_STEPS = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '6h': 21_600, '1d': 86_400 } as const;
const MAX_SOV_POINTS = 2000;
const MAX_SOV_BRANDS = 20;

export const shareOfVoiceQuerySchema = z
	.strictObject({
		brands: z
			.array(brandSchema)
			.min(1, 'name at least one brand')
			.max(MAX_SOV_BRANDS, `at most ${MAX_SOV_BRANDS} brands`)
			.transform((brands) => [...new Set(brands)]),
		from: filterShape.from,
		to: filterShape.to,
		step: z.enum(Object.keys(SOV_STEPS) as [keyof typeof SOV_STEPS]).optional()
	})
	.superRefine(checkWindow);
export type ShareOfVoiceQuery = z.output<typeof shareOfVoiceQuerySchema>;

export interface ShareOfVoice {
	brands: string[];
	step_seconds: number;
	/** The window widened to whole steps, epoch milliseconds [from, to). */
	from: number;
	to: number;
	/** One point per step, every step present; counts keyed by brand. */
	series: { t: number; counts: Record<string, number> }[];
	totals: Record<string, number>;
	/** Each brand's share of all the brands' mentions over the window, 0..1. */
	share: Record<string, number>;
}

/** The step that gives at most ~200 points for the span, when the caller does not pick one. */
function defaultStep(spanMs: number): number {
	const steps = Object.values(SOV_STEPS);
	return steps.find((step) => spanMs / (step * 1000) <= 200) ?? steps.at(-1)!;
}

export async function shareOfVoice(
	client: ClickHouseClient,
	query: ShareOfVoiceQuery
): Promise<ShareOfVoice> {
	const stepSeconds = query.step ? SOV_STEPS[query.step] : defaultStep(query.to - query.from);
	const stepMs = stepSeconds * 1000;
	const from = Math.floor(query.from / stepMs) * stepMs;
	const to = Math.ceil(query.to / stepMs) * stepMs;
	if ((to - from) / stepMs > MAX_SOV_POINTS) {
		throw new ApiError(
			400,
			'step',
			`gives more than ${MAX_SOV_POINTS} points for this window; pick a wider step`
		);
	}
	// Whole-hour steps read the hour rollup: 60x fewer rows, and a day step's bounds are whole hours.
	const hourly = stepSeconds >= 3600;
	const table = hourly ? TABLES.mentionRollupHour : TABLES.mentionRollupMinute;
	const time = hourly ? 'hour' : 'minute';
	const result = await client.query({
		query: `SELECT brand, intDiv(toUnixTimestamp(${time}), {step:UInt32}) * {step:UInt32} AS t, sum(mentions) AS n
			FROM ${table}
			WHERE brand IN {brands:Array(String)}
				AND ${time} >= toDateTime({from_s:UInt32}, 'UTC') AND ${time} < toDateTime({to_s:UInt32}, 'UTC')
			GROUP BY brand, t`,
		query_params: { brands: query.brands, step: stepSeconds, from_s: from / 1000, to_s: to / 1000 },
		format: 'JSONCompactEachRow'
	});
	const zero = () => Object.fromEntries(query.brands.map((brand) => [brand, 0])) as Record<string, number>;
	const series: ShareOfVoice['series'] = [];
	for (let t = from; t < to; t += stepMs) series.push({ t, counts: zero() });
	const totals = zero();
	for (const [brand, t, n] of await result.json<[string, number, number]>()) {
		const point = series[Math.floor((Number(t) * 1000 - from) / stepMs)];
		if (point) point.counts[brand] = Number(n);
		totals[brand] = (totals[brand] ?? 0) + Number(n);
	}
	const all = Object.values(totals).reduce((sum, n) => sum + n, 0);
	const share = Object.fromEntries(query.brands.map((brand) => [brand, all ? totals[brand]! / all : 0]));
	return { brands: query.brands, step_seconds: stepSeconds, from, to, series, totals, share };
}
