import type { ClickHouseClient } from '@clickhouse/client';
import type { BenchFigure, BenchRun } from './types';
import { percentile, round } from './_support';
import { openTestClickHouse } from '../lib/server/testing/clickhouse';
import { TABLES } from '../lib/server/db/tables';
import { buildSnapshot, snapshotQuery, windowBounds } from '../lib/server/realtime/snapshot';
import { listMentions, mentionsQuerySchema, type MentionsQuery } from '../lib/server/drilldown/mentions';
import { mentionsWhere } from '../lib/server/drilldown/filters';
import { afterKey, type SortKey } from '../lib/server/drilldown/cursor';
import { EXPORT_PAGE_ROWS, exportStream } from '../lib/server/drilldown/export';
import { parseQuery } from '../lib/server/drilldown/params';

const ROWS = Number(process.env.BENCH_DRILLDOWN_ROWS ?? 100_000_000);
/** Rows per server-side INSERT … SELECT: bounds the engine's memory per statement. */
const LOAD_CHUNK = 5_000_000;
const RUNS = Number(process.env.BENCH_DRILLDOWN_RUNS ?? 20);
const EXPORT_TARGET_ROWS = Math.min(1_000_000, Math.floor(ROWS / 10));
const EXPORT_CHUNK = Number(process.env.BENCH_EXPORT_CHUNK ?? EXPORT_PAGE_ROWS);
const DAY_MS = 86_400_000;
/** Also build a tokenbf_v1 index over the same rows and compare; costs a full pass over the table. */
const COMPARE_TOKENBF = (process.env.BENCH_DRILLDOWN_TOKENBF ?? (ROWS <= 20_000_000 ? '1' : '0')) === '1';
const SPAN_DAYS = 90;
const BRANDS = ['northwind', 'acme', 'globex', 'initech', 'umbrella', 'hooli'];
/** Brand shares in percent, cumulative: the biggest brand has 35% of the volume. */
const BRAND_CUTS = [35, 60, 75, 85, 93];
const SOURCES = [
	'twitter',
	'twitter',
	'twitter',
	'facebook',
	'instagram',
	'reddit',
	'news',
	'review',
	'forum',
	'support'
];
/** Language and country go together, as in real streams (en from US, GB, CA; de from DE, AT; …). */
const LANG_COUNTRY = [
	['en', 'US'],
	['en', 'US'],
	['en', 'US'],
	['en', 'GB'],
	['en', 'CA'],
	['de', 'DE'],
	['de', 'AT'],
	['fr', 'FR'],
	['es', 'ES'],
	['es', 'MX'],
	['it', 'IT'],
	['pt', 'BR']
];
const LANGS = LANG_COUNTRY.map(([lang]) => lang!);
const COUNTRIES = LANG_COUNTRY.map(([, country]) => country!);
/**
 * A rare word (1 mention in 200,000, whatever the brand): the search case an index is for. A third of the
 * mentions also name one of 200,000 handles, the long tail of real text that fills bloom filters and thins
 * posting lists; without it a small vocabulary flatters a bloom filter.
 */
const RARE_WORD = 'zyxwv';
const VOCABULARY = (
	'the flight was delayed again and nobody told us anything about the refund ' +
	'great service friendly crew smooth landing lost luggage baggage claim waited hours ' +
	'app crashed login broken cannot book seat upgrade amazing terrible awful love hate ' +
	'customer support chat queue phone email response slow fast helpful rude polite ' +
	'price ticket fare cheap expensive fee charge hidden cancel cancelled rebooked voucher ' +
	'gate boarding security lounge wifi food coffee snack meal vegetarian blanket legroom ' +
	'delivery order package arrived broken damaged wrong item return exchange warranty ' +
	'battery screen update feature bug fix release version android iphone tablet laptop ' +
	'store staff manager shelf stock sale discount coupon loyalty points member card ' +
	'thanks please why again never always today yesterday tomorrow week month year'
)
	.split(' ')
	.filter(Boolean);

function loadSql(): string {
	const brand = `multiIf(${BRAND_CUTS.map((cut, index) => `h % 100 < ${cut}, ${index + 1}`).join(', ')}, ${BRANDS.length})`;
	return `INSERT INTO ${TABLES.mentions}
		(brand, created_at, source, id, text, author, author_followers, lang, country, url, in_reply_to, score, label, sentiment_version)
		SELECT
			{brands:Array(String)}[${brand}] AS brand,
			fromUnixTimestamp64Milli(toInt64({start_ms:Int64} + intDiv(n * {span_ms:UInt64}, {rows:UInt64}) + h % 1000), 'UTC'),
			{sources:Array(String)}[1 + intDiv(h, 100) % length({sources:Array(String)})] AS source,
			concat('b', toString(n)) AS id,
			concat(arrayStringConcat(arrayMap(i -> {vocab:Array(String)}[1 + cityHash64(n, i) % length({vocab:Array(String)})],
				range(5 + intDiv(h, 1000) % 10)), ' '), if(cityHash64(n, 'rare') % 200000 = 7, ' ${RARE_WORD}', ''),
				if(h % 3 = 0, concat(' @u', toString(cityHash64(n, 'handle') % 200000)), '')),
			concat('user', toString(cityHash64(n, 'author') % 2000000)),
			toUInt64(floor(pow(10, (cityHash64(n, 'followers') % 6000) / 1000))),
			{langs:Array(String)}[1 + intDiv(h, 10000) % length({langs:Array(String)})],
			{countries:Array(String)}[1 + intDiv(h, 10000) % length({countries:Array(String)})],
			concat('https://example.com/', source, '/', id),
			'',
			multiIf(s < 30, -0.2 - (s % 8) / 10, s < 70, ((s % 5) - 2) / 20, 0.2 + (s % 8) / 10) AS score,
			multiIf(s < 30, 'negative', s < 70, 'neutral', 'positive'),
			'bench'
		FROM (SELECT number + {offset:UInt64} AS n, cityHash64(n) AS h, cityHash64(n, 'sentiment') % 100 AS s
			FROM numbers({count:UInt64}))
		SETTINGS max_execution_time = 0, max_memory_usage = 8000000000`;
}

async function load(client: ClickHouseClient, startMs: number): Promise<number> {
	const started = performance.now();
	for (let offset = 0; offset < ROWS; offset += LOAD_CHUNK) {
		await client.command({
			query: loadSql(),
			query_params: {
				brands: BRANDS,
				start_ms: startMs,
				span_ms: SPAN_DAYS * DAY_MS,
				rows: ROWS,
				sources: SOURCES,
				vocab: VOCABULARY,
				langs: LANGS,
				countries: COUNTRIES,
				offset,
				count: Math.min(LOAD_CHUNK, ROWS - offset)
			}
		});
		process.stderr.write(`  loaded ${Math.min(ROWS, offset + LOAD_CHUNK).toLocaleString('en-US')} rows\n`);
	}
	return (performance.now() - started) / 1000;
}

async function timeRuns(runs: number, work: (run: number) => Promise<unknown>): Promise<number> {
	await work(-1); // warm-up
	const times: number[] = [];
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		await work(run);
		times.push(performance.now() - started);
	}
	return percentile(
		times.sort((a, b) => a - b),
		95
	);
}

/**
 * Two ways of doing the same work, timed in alternation (A, B, A, B, …) so background merges and other
 * jobs on the machine weigh on both alike, rather than on whichever is measured first.
 */
async function timePaired(
	runs: number,
	a: (run: number) => Promise<unknown>,
	b: (run: number) => Promise<unknown>
): Promise<[number, number]> {
	await a(-1);
	await b(-1);
	const times: [number[], number[]] = [[], []];
	for (let run = 0; run < runs; run++) {
		for (const [index, work] of [a, b].entries()) {
			const started = performance.now();
			await work(run);
			times[index]!.push(performance.now() - started);
		}
	}
	const p95 = (list: number[]) =>
		percentile(
			list.sort((x, y) => x - y),
			95
		);
	return [p95(times[0]), p95(times[1])];
}

/**
 * Settings go into the statement's own SETTINGS clause: the embedded engine's connection applies
 * `clickhouse_settings` as session-wide SET statements, so a baseline's `use_primary_key = 0` would
 * otherwise stay on for every query measured after it.
 */
function sqlQuery(
	client: ClickHouseClient,
	query: string,
	params: Record<string, unknown>,
	settings: Record<string, string | number> = {}
) {
	const clause = Object.entries(settings)
		.map(([name, value]) => `${name} = ${typeof value === 'number' ? value : `'${value}'`}`)
		.join(', ');
	return client
		.query({
			query: clause ? `${query} SETTINGS ${clause}` : query,
			query_params: params,
			format: 'JSONCompactEachRow'
		})
		.then((result) => result.json());
}

/** Lets background merges of the freshly loaded parts finish, so they do not compete with the timings. */
async function settle(client: ClickHouseClient, limitMs: number): Promise<number> {
	const started = performance.now();
	while (performance.now() - started < limitMs) {
		const [[merges, mutations]] = (await sqlQuery(
			client,
			`SELECT (SELECT count() FROM system.merges), (SELECT count() FROM system.mutations WHERE NOT is_done)`,
			{}
		)) as [[number, number]];
		if (!Number(merges) && !Number(mutations)) break;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	return (performance.now() - started) / 1000;
}

const PAGE_COLUMNS =
	'id, source, created_at, text, author, author_followers, lang, country, url, score, label';

/**
 * Drill-down against N synthetic mentions loaded server-side: first page, deep page, text search, the
 * chart snapshot and a streamed export, each against a baseline measured in the same run on the same data.
 */
export const run: BenchRun = async () => {
	const db = await openTestClickHouse();
	const client = db.client;
	const figures: BenchFigure[] = [];
	const notes: string[] = [];
	try {
		const endMs = Math.floor(Date.now() / 60_000) * 60_000;
		const startMs = endMs - SPAN_DAYS * DAY_MS;
		const loadSeconds = await load(client, startMs);
		const settleSeconds = await settle(client, 180_000);
		const [[stored]] = (await sqlQuery(client, `SELECT count() FROM ${TABLES.mentions}`, {})) as [[number]];
		notes.push(
			`loaded ${Number(stored).toLocaleString('en-US')} mentions over ${SPAN_DAYS} days in ${round(loadSeconds, 1)} s ` +
				`(${Math.round(ROWS / loadSeconds).toLocaleString('en-US')} rows/s, rollups and key tables included); ` +
				`waited ${round(settleSeconds, 0)} s for merges to settle`
		);
		const brand = BRANDS[0]!;
		const iso = (ms: number) => new Date(ms).toISOString();
		// A different day per run, as users click different spikes, so no cache answers for the engine.
		const dayWindow = (run: number) => {
			const from = startMs + (10 + ((run + 20) % 70)) * DAY_MS;
			return { brand, from: iso(from), to: iso(from + DAY_MS) };
		};
		const parse = (params: Record<string, string>): MentionsQuery =>
			parseQuery(mentionsQuerySchema, new URLSearchParams(params));

		// 1. First page of a one-day drill-down, with its total.
		const firstPage = await timeRuns(RUNS, (run) => listMentions(client, parse(dayWindow(run))));
		const firstPageBaseline = await timeRuns(RUNS, (run) => {
			const window = dayWindow(run);
			// Same rows and order, but the bounds are hidden from the primary index (as with a table ordered
			// by id, or a predicate wrapped in a function): every granule of the table is read.
			return Promise.all([
				sqlQuery(
					client,
					`SELECT ${PAGE_COLUMNS} FROM ${TABLES.mentions}
					 WHERE brand = {brand:String} AND created_at >= parseDateTime64BestEffort({from:String}, 3)
						AND created_at < parseDateTime64BestEffort({to:String}, 3)
					 ORDER BY created_at DESC, source DESC, id DESC LIMIT 51`,
					window,
					{ use_primary_key: 0, use_skip_indexes: 0, optimize_read_in_order: 0 }
				),
				sqlQuery(
					client,
					`SELECT count() FROM ${TABLES.mentions} WHERE brand = {brand:String}
						AND created_at >= parseDateTime64BestEffort({from:String}, 3) AND created_at < parseDateTime64BestEffort({to:String}, 3)`,
					window,
					{ use_primary_key: 0 }
				)
			]);
		});
		figures.push({
			metric: 'drill-down first page p95 (1-day window, 50 rows + total)',
			value: round(firstPage, 1),
			unit: 'ms',
			baseline: { name: 'same page, primary key unused', value: round(firstPageBaseline, 1) },
			ratio: round(firstPageBaseline / firstPage),
			target: '<= 200 ms',
			pass: firstPage <= 200
		});

		// 2. A deep page: keyset cursor vs OFFSET, 30-day window.
		const DEPTH = Math.min(100_000, Math.floor(ROWS / 200));
		const monthWindow = (run: number) => {
			const from = startMs + (30 + ((run + 20) % 50)) * DAY_MS;
			return { brand, from: iso(from), to: iso(from + 30 * DAY_MS) };
		};
		// The row at DEPTH stands for the last row of the previous page, which is what a cursor carries.
		const cursors = new Map<number, SortKey>();
		for (let run = -1; run < RUNS; run++) {
			const where = mentionsWhere(parse(monthWindow(run)));
			const [row] = (await sqlQuery(
				client,
				`SELECT toUnixTimestamp64Milli(created_at), source, id FROM ${TABLES.mentions} WHERE ${where.sql}
				 ORDER BY created_at DESC, source DESC, id DESC LIMIT 1 OFFSET {depth:UInt32}`,
				{ ...where.params, depth: DEPTH }
			)) as [number, string, string][];
			if (row) cursors.set(run, { lead: null, createdMs: Number(row[0]), source: row[1], id: row[2] });
		}
		const deepPage = await timeRuns(RUNS, (run) => {
			const where = mentionsWhere(parse(monthWindow(run)));
			const key = cursors.get(run);
			if (!key) return Promise.resolve();
			const after = afterKey('time_desc', key);
			return sqlQuery(
				client,
				`SELECT ${PAGE_COLUMNS} FROM ${TABLES.mentions} WHERE ${where.sql} AND ${after.sql}
				 ORDER BY created_at DESC, source DESC, id DESC LIMIT 50`,
				{ ...where.params, ...after.params }
			);
		});
		const deepOffset = await timeRuns(RUNS, (run) => {
			const where = mentionsWhere(parse(monthWindow(run)));
			return sqlQuery(
				client,
				`SELECT ${PAGE_COLUMNS} FROM ${TABLES.mentions} WHERE ${where.sql}
				 ORDER BY created_at DESC, source DESC, id DESC LIMIT 50 OFFSET {depth:UInt32}`,
				{ ...where.params, depth: DEPTH }
			);
		});
		figures.push({
			metric: `deep page p95 (30-day window, rows ${DEPTH.toLocaleString('en-US')}+)`,
			value: round(deepPage, 1),
			unit: 'ms',
			baseline: { name: 'LIMIT … OFFSET', value: round(deepOffset, 1) },
			ratio: round(deepOffset / deepPage),
			target: '<= 200 ms',
			pass: deepPage <= 200
		});

		// 3. Text search, first page over 30 days: the text index vs the same query with skip indexes off.
		const search = await timeRuns(RUNS, (run) =>
			listMentions(client, parse({ ...monthWindow(run), q: RARE_WORD }))
		);
		const searchSql = (run: number, settings: Record<string, number>) => {
			const where = mentionsWhere(parse({ ...monthWindow(run), q: RARE_WORD }));
			return sqlQuery(
				client,
				`SELECT ${PAGE_COLUMNS} FROM ${TABLES.mentions} WHERE ${where.sql}
				 ORDER BY created_at DESC, source DESC, id DESC LIMIT 51`,
				where.params,
				settings
			);
		};
		const searchIndexed = await timeRuns(RUNS, (run) => searchSql(run, {}));
		const searchScan = await timeRuns(RUNS, (run) => searchSql(run, { use_skip_indexes: 0 }));
		figures.push({
			metric: `text search first page p95 (q=${RARE_WORD}, 30 days, + total)`,
			value: round(search, 1),
			unit: 'ms',
			target: '<= 500 ms',
			pass: search <= 500
		});
		figures.push({
			metric: 'text search page query p95, text index',
			value: round(searchIndexed, 1),
			unit: 'ms',
			baseline: { name: 'use_skip_indexes = 0', value: round(searchScan, 1) },
			ratio: round(searchScan / searchIndexed)
		});
		const explain = (await sqlQuery(
			client,
			`EXPLAIN indexes = 1 SELECT id FROM ${TABLES.mentions} WHERE ${mentionsWhere(parse({ ...monthWindow(0), q: RARE_WORD })).sql}`,
			mentionsWhere(parse({ ...monthWindow(0), q: RARE_WORD })).params
		)) as [string][];
		const granules = explain.map(([line]) => line.trim()).filter((line) => /^(Name|Granules):/.test(line));
		notes.push(`EXPLAIN indexes = 1 for the search: ${granules.join('; ')}`);

		if (COMPARE_TOKENBF) await compareTokenBloomFilter(client, figures, notes, (run) => searchSql(run, {}));

		// 4. The 30-day chart snapshot from the rollups vs the same numbers from raw mentions.
		const snapshotRaw = await timeRuns(RUNS, () =>
			sqlQuery(
				client,
				`SELECT intDiv(toUnixTimestamp(created_at), 21600) AS t, countIf(label = 'negative'), countIf(label = 'neutral'),
					countIf(label = 'positive'), sum(score), sum(author_followers)
				 FROM ${TABLES.mentions} WHERE brand = {brand:String}
					AND created_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND created_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
				 GROUP BY t`,
				{ brand, from: endMs - 60 * DAY_MS, to: endMs }
			)
		);
		// The same snapshot query over the per-dimension hour rollup the snapshot read before 0014.
		const bounds = windowBounds('30d', endMs);
		const [snapshot, snapshotDimensioned] = await timePaired(
			RUNS,
			() => buildSnapshot(client, brand, '30d', endMs),
			() =>
				sqlQuery(client, snapshotQuery('hour', TABLES.mentionRollupHour, TABLES.responseRollupHour), {
					brand,
					step: bounds.stepSeconds,
					from: bounds.from / 1000,
					to: bounds.to / 1000,
					previousFrom: bounds.previousFrom / 1000
				})
		);
		figures.push({
			metric: '30-day snapshot query p95, brand-only hour rollup',
			value: round(snapshot, 1),
			unit: 'ms',
			baseline: { name: 'per-source/lang/country hour rollup', value: round(snapshotDimensioned, 1) },
			ratio: round(snapshotDimensioned / snapshot)
		});
		figures.push({
			metric: '30-day metrics snapshot p95 (buildSnapshot, rollups)',
			value: round(snapshot, 1),
			unit: 'ms',
			baseline: { name: 'same series from raw mentions', value: round(snapshotRaw, 1) },
			ratio: round(snapshotRaw / snapshot),
			target: '<= 50 ms',
			pass: snapshot <= 50
		});

		// 5. Export: streamed pages vs one materialised result, with resident memory around each.
		const exportSpanMs = Math.ceil((EXPORT_TARGET_ROWS / (ROWS * 0.35)) * SPAN_DAYS * DAY_MS);
		const exportQuery = parse({ brand, from: iso(endMs - exportSpanMs), to: iso(endMs) });
		const measureMemory = async (work: () => Promise<number>) => {
			global.gc?.();
			const before = process.memoryUsage.rss();
			let peak = before;
			const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
			const started = performance.now();
			const rows = await work();
			const seconds = (performance.now() - started) / 1000;
			clearInterval(timer);
			peak = Math.max(peak, process.memoryUsage.rss());
			global.gc?.();
			return { rows, seconds, before, peak, after: process.memoryUsage.rss() };
		};
		const rssAlong: string[] = [];
		const streamed = await measureMemory(async () => {
			const reader = exportStream(client, exportQuery, 'ndjson', 'UTC', EXPORT_CHUNK).getReader();
			let lines = 0;
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return lines;
				for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) lines++;
				// Resident memory as the export goes: flat means the last samples are no higher than the first.
				rssAlong.push(`${Math.round(lines / 1000)}k: ${Math.round(process.memoryUsage.rss() / 2 ** 20)}`);
			}
		});
		const materialised = await measureMemory(async () => {
			const where = mentionsWhere(exportQuery);
			const result = await client.query({
				query: `SELECT ${PAGE_COLUMNS} FROM ${TABLES.mentions} WHERE ${where.sql} ORDER BY created_at DESC, source DESC, id DESC`,
				query_params: where.params,
				format: 'JSONEachRow'
			});
			const rows = await result.json();
			const text = rows.map((row) => JSON.stringify(row)).join('\n');
			return text.length ? rows.length : 0;
		});
		const mib = (bytes: number) => round(bytes / 2 ** 20, 0);
		const streamRate = streamed.rows / streamed.seconds;
		const materialisedRate = materialised.rows / materialised.seconds;
		figures.push({
			metric: `export rate (NDJSON, ${streamed.rows.toLocaleString('en-US')} rows, streamed pages)`,
			value: Math.round(streamRate),
			unit: 'rows/s',
			baseline: { name: 'one materialised result', value: Math.round(materialisedRate) },
			ratio: round(streamRate / materialisedRate),
			target: '>= 200,000 rows/s',
			pass: streamRate >= 200_000
		});
		figures.push({
			metric: 'export peak RSS growth (streamed)',
			value: mib(streamed.peak - streamed.before),
			unit: 'MiB',
			baseline: { name: 'one materialised result', value: mib(materialised.peak - materialised.before) }
		});
		notes.push(
			`export RSS: streamed ${mib(streamed.before)} -> peak ${mib(streamed.peak)} -> after ${mib(streamed.after)} MiB; ` +
				`materialised ${mib(materialised.before)} -> peak ${mib(materialised.peak)} -> after ${mib(materialised.after)} MiB ` +
				`(engine is in-process); chunks of ${EXPORT_CHUNK.toLocaleString('en-US')} rows; ` +
				`RSS MiB after each chunk ${rssAlong.join(', ')}`
		);
	} finally {
		await db.close();
	}
	return {
		name: 'drilldown',
		description: `drill-down, search, snapshot and export over ${ROWS.toLocaleString('en-US')} synthetic mentions`,
		figures,
		notes
	};
};

/**
 * The alternative the migration did not take: a token bloom filter on the same expression, sized for
 * granules of 8,192 short posts. Same search, each index alone, plus what each costs on disk.
 */
async function compareTokenBloomFilter(
	client: ClickHouseClient,
	figures: BenchFigure[],
	notes: string[],
	searchWithTextIndex: (run: number) => Promise<unknown>
): Promise<void> {
	const started = performance.now();
	await client.command({
		query: `ALTER TABLE ${TABLES.mentions} ADD INDEX IF NOT EXISTS bench_tokenbf lowerUTF8(text) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1`
	});
	await client.command({
		query: `ALTER TABLE ${TABLES.mentions} MATERIALIZE INDEX bench_tokenbf SETTINGS mutations_sync = 2`
	});
	const buildSeconds = (performance.now() - started) / 1000;
	const brand = BRANDS[0]!;
	const [[startMs]] = (await sqlQuery(
		client,
		`SELECT toUnixTimestamp64Milli(min(created_at)) FROM ${TABLES.mentions}`,
		{}
	)) as [[number]];
	// tokenbf_v1 serves hasToken but not hasAllTokens, so the query is spelled for it.
	const bloom = await timeRuns(RUNS, (run) =>
		sqlQuery(
			client,
			`SELECT id FROM ${TABLES.mentions} WHERE brand = {brand:String}
				AND created_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND created_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
				AND hasToken(lowerUTF8(text), {word:String})
			 ORDER BY created_at DESC, source DESC, id DESC LIMIT 51`,
			{
				brand,
				word: RARE_WORD,
				from: Number(startMs) + (30 + ((run + 20) % 50)) * DAY_MS,
				to: Number(startMs) + (60 + ((run + 20) % 50)) * DAY_MS
			},
			{ ignore_data_skipping_indices: 'text_tokens_utf8' }
		)
	);
	const text = await timeRuns(RUNS, searchWithTextIndex);
	figures.push({
		metric: 'text search page query p95, text index vs token bloom filter',
		value: round(text, 1),
		unit: 'ms',
		baseline: { name: 'tokenbf_v1(32768, 3, 0)', value: round(bloom, 1) },
		ratio: round(bloom / text)
	});
	const sizes = (await sqlQuery(
		client,
		`SELECT name, sum(data_compressed_bytes) FROM system.data_skipping_indices
		 WHERE database = currentDatabase() AND table = {table:String} GROUP BY name`,
		{ table: TABLES.mentions }
	)) as [string, number][];
	notes.push(
		`index size on disk: ${sizes.map(([name, bytes]) => `${name} ${round(Number(bytes) / 2 ** 20, 1)} MiB`).join(', ')}; ` +
			`tokenbf_v1 built in ${round(buildSeconds, 1)} s`
	);
}
