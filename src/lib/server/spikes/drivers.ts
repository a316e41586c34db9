import type { ClickHouseClient } from '@clickhouse/client';
import type { SpikeInfo } from '../../metrics';
import { TABLES } from '../db/tables';

/** Terms: words of three or more letters or digits, hashtags and handles, lower-cased. */
export const TERM_PATTERN = '[#@]?[\\p{L}\\p{N}_]{3,}';

/** Words that rise with any burst of posts and explain nothing. Kept short: the prior does most of the work. */
export const STOPWORDS = [
	'the',
	'and',
	'for',
	'you',
	'this',
	'that',
	'with',
	'are',
	'was',
	'not',
	'but',
	'have',
	'has',
	'just',
	'all',
	'from',
	'they',
	'your',
	'our',
	'what',
	'why',
	'who',
	'how',
	'can',
	'will',
	'its',
	"it's",
	'der',
	'die',
	'das',
	'und',
	'ist',
	'nicht',
	'mit',
	'les',
	'des',
	'est',
	'pas',
	'pour',
	'une',
	'que',
	'qui',
	'los',
	'las',
	'por',
	'con',
	'una',
	'del',
	'para',
	'che',
	'non',
	'per',
	'della',
	'com',
	'uma',
	'não',
	'http',
	'https'
];

const DAY = 86_400_000;

export interface DriverTerm {
	term: string;
	spike: number;
	baseline: number;
	/** Log-odds ratio with an informative Dirichlet prior, and its z-score (the ranking). */
	delta: number;
	z: number;
}

export interface DriverPost {
	id: string;
	source: string;
	author: string;
	author_followers: number;
	created_at: number;
	text: string;
	url: string;
	label: string;
}

export interface ShareShift {
	dimension: 'source' | 'lang' | 'country';
	value: string;
	spike_share: number;
	baseline_share: number;
	shift: number;
}

export interface SpikeDrivers {
	spike_id: string;
	window: { from: number; to: number };
	baseline: { from: number; to: number };
	mentions: { spike: number; baseline: number };
	terms: DriverTerm[];
	hashtags: DriverTerm[];
	top_posts: DriverPost[];
	shifts: ShareShift[];
	/** Highest-reach negative posts that contain the top term (or hashtag). */
	representative: DriverPost[];
	computed_at: number;
}

const POST_COLUMNS = `id, source, author, author_followers, toUnixTimestamp64Milli(created_at) AS created_ms, text, url,
	toString(label) AS label`;

/**
 * Why a spike happened, computed in ClickHouse: term log-odds (Monroe et al. 2008, informative Dirichlet
 * prior from both windows; `scoreLogOdds` is the reference) over posts in the spike window against the
 * preceding 24 h, the top posts by reach, the sources/languages/countries whose share moved most (from the
 * minute rollups), and representative negative posts carrying the top term.
 */
export async function computeDrivers(
	client: ClickHouseClient,
	spike: SpikeInfo,
	now = Date.now()
): Promise<SpikeDrivers> {
	const from = spike.started_at;
	const to = Math.max(from + 60_000, spike.ended_at ?? Math.min(now, from + DAY));
	const baseFrom = from - DAY;
	const params = { brand: spike.brand, from, to, baseFrom, pattern: TERM_PATTERN, stop: STOPWORDS };

	const termsQuery = client.query({
		query: `
			SELECT term, y1, y0, delta, delta / sqrt(1 / (y1 + aw) + 1 / (y0 + aw)) AS z, n1, n0
			FROM (
				SELECT term, y1, y0, n1, n0,
					(n1 + n0) * (y1 + y0) / (n1 + n0) AS aw,
					log((y1 + aw) / (n1 + (n1 + n0) - y1 - aw)) - log((y0 + aw) / (n0 + (n1 + n0) - y0 - aw)) AS delta
				FROM (
					SELECT term, toFloat64(countIf(in_spike)) AS y1, toFloat64(countIf(NOT in_spike)) AS y0,
						sum(y1) OVER () AS n1, sum(y0) OVER () AS n0
					FROM (
						SELECT arrayJoin(arrayDistinct(extractAll(lower(text), {pattern:String}))) AS term,
							created_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AS in_spike
						FROM ${TABLES.mentions}
						WHERE brand = {brand:String}
							AND created_at >= fromUnixTimestamp64Milli({baseFrom:Int64}, 'UTC')
							AND created_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
					)
					WHERE NOT has({stop:Array(String)}, term) AND term NOT LIKE '@%'
					GROUP BY term
				)
			)
			WHERE y1 >= 2
			ORDER BY z DESC, term
			LIMIT 10 BY startsWith(term, '#')`,
		query_params: params,
		format: 'JSONCompactEachRow'
	});
	const topPostsQuery = client.query({
		query: `SELECT ${POST_COLUMNS} FROM ${TABLES.mentions}
			WHERE brand = {brand:String}
				AND created_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
				AND created_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
			ORDER BY author_followers DESC, created_at LIMIT 5`,
		query_params: params,
		format: 'JSONEachRow'
	});
	const sharesQuery = client.query({
		query: `SELECT dimension, value, sumIf(mentions, in_spike) AS spike, sumIf(mentions, NOT in_spike) AS baseline
			FROM (
				SELECT minute >= toStartOfMinute(fromUnixTimestamp64Milli({from:Int64}, 'UTC')) AS in_spike, mentions,
					arrayJoin([('source', toString(source)), ('lang', toString(lang)), ('country', toString(country))]) AS dv,
					dv.1 AS dimension, dv.2 AS value
				FROM ${TABLES.mentionRollupMinute}
				WHERE brand = {brand:String}
					AND minute >= toStartOfMinute(fromUnixTimestamp64Milli({baseFrom:Int64}, 'UTC'))
					AND minute < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
			)
			GROUP BY dimension, value`,
		query_params: params,
		format: 'JSONEachRow'
	});
	const [termsResult, topResult, sharesResult] = await Promise.all([termsQuery, topPostsQuery, sharesQuery]);
	type TermRow = [string, number, number, number, number, number, number];
	const termRows = await termsResult.json<TermRow>();
	const toTerm = ([term, y1, y0, delta, z]: TermRow): DriverTerm => ({
		term,
		spike: Number(y1),
		baseline: Number(y0),
		delta: Number(delta),
		z: Number(z)
	});
	const terms = termRows.filter((r) => !r[0].startsWith('#')).map(toTerm);
	const hashtags = termRows.filter((r) => r[0].startsWith('#')).map(toTerm);
	const topPosts = (await topResult.json<Omit<DriverPost, 'created_at'> & { created_ms: number }>()).map(
		normalisePost
	);

	const shareRows = await sharesResult.json<{
		dimension: string;
		value: string;
		spike: number;
		baseline: number;
	}>();
	const totals = { spike: 0, baseline: 0 };
	for (const r of shareRows) {
		if (r.dimension !== 'source') continue;
		totals.spike += Number(r.spike);
		totals.baseline += Number(r.baseline);
	}
	const shifts: ShareShift[] = [];
	for (const dimension of ['source', 'lang', 'country'] as const) {
		const rows = shareRows
			.filter((r) => r.dimension === dimension && r.value !== '')
			.map((r) => {
				const spikeShare = totals.spike ? Number(r.spike) / totals.spike : 0;
				const baselineShare = totals.baseline ? Number(r.baseline) / totals.baseline : 0;
				return {
					dimension,
					value: r.value,
					spike_share: spikeShare,
					baseline_share: baselineShare,
					shift: spikeShare - baselineShare
				};
			})
			.sort((a, b) => Math.abs(b.shift) - Math.abs(a.shift) || a.value.localeCompare(b.value));
		shifts.push(...rows.slice(0, 3));
	}

	const lead = hashtags[0]?.term ?? terms[0]?.term;
	let representative: DriverPost[] = [];
	if (lead) {
		const result = await client.query({
			query: `SELECT ${POST_COLUMNS} FROM ${TABLES.mentions}
				WHERE brand = {brand:String}
					AND created_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
					AND created_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
					AND label = 'negative' AND has(extractAll(lower(text), {pattern:String}), {lead:String})
				ORDER BY author_followers DESC, created_at LIMIT 3`,
			query_params: { ...params, lead },
			format: 'JSONEachRow'
		});
		representative = (await result.json<Omit<DriverPost, 'created_at'> & { created_ms: number }>()).map(
			normalisePost
		);
	}

	return {
		spike_id: spike.id,
		window: { from, to },
		baseline: { from: baseFrom, to: from },
		mentions: totals,
		terms,
		hashtags,
		top_posts: topPosts,
		shifts,
		representative,
		computed_at: now
	};
}

// Read as created_ms: an alias named like the column would shadow it in the WHERE clause.
function normalisePost({
	created_ms,
	...p
}: Omit<DriverPost, 'created_at'> & { created_ms: number }): DriverPost {
	return { ...p, author_followers: Number(p.author_followers), created_at: Number(created_ms) };
}
