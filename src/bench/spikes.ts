/**
 * The spike service's realtime tick, whole, for 100 brands (3 brand series + busy sources each), with posts
 * arriving between ticks: stored in the real embedded ClickHouse and handed to the service as the ingest
 * pipeline does, so the tick counts them in memory; the service's rollup sync still runs behind it every 10 s.
 * Baselines, same data and monitors: the previous design (one rollup query over all brands inside every tick,
 * `syncMs: 0`) and one query per brand per tick, the obvious way to write it.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../lib/server/db/tables';
import { SpikeService } from '../lib/server/spikes/spike-service';
import { openTestClickHouse } from '../lib/server/testing/clickhouse';
import type { BenchResult, BenchRun } from './types';

const BRANDS = 100;
const MINUTE = 60_000;
const HISTORY_HOURS = 6;
const TICKS = 150;
const TICK_MS = 2000;
const TARGET_MS = 100;
const SOURCES = ['twitter', 'facebook', 'reddit'];

function mentionRows(brand: number, from: number, count: number, seq: { n: number }) {
	return Array.from({ length: count }, (_, i) => {
		const n = seq.n++;
		return {
			brand: `brand-${String(brand).padStart(3, '0')}`,
			created_at: new Date(from + ((i * 7919 + n) % MINUTE)).toISOString(),
			source: SOURCES[n % SOURCES.length]!,
			id: `b${n}`,
			text: 'bench',
			author: `a${n % 1000}`,
			author_followers: n % 3000,
			lang: 'en',
			country: 'US',
			url: '',
			in_reply_to: '',
			score: n % 4 === 0 ? -0.6 : 0.1,
			label: n % 4 === 0 ? 'negative' : 'neutral',
			sentiment_version: 'bench'
		};
	});
}

async function insert(client: ClickHouseClient, values: ReturnType<typeof mentionRows>) {
	if (values.length) await client.insert({ table: TABLES.mentions, values, format: 'JSONEachRow' });
}

const sortedPercentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

export const run: BenchRun = async (): Promise<BenchResult> => {
	const db = await openTestClickHouse();
	try {
		const seq = { n: 0 };
		const start = Math.floor(Date.UTC(2026, 0, 6, 12) / MINUTE) * MINUTE;
		// History: 6 hours of 6-10 posts a minute per brand, so every brand has a baseline and its three sources
		// are busy enough for their own monitors.
		for (let brand = 0; brand < BRANDS; brand++) {
			const rows: ReturnType<typeof mentionRows> = [];
			for (let m = HISTORY_HOURS * 60; m > 0; m--)
				rows.push(...mentionRows(brand, start - m * MINUTE, 6 + ((m * 13 + brand) % 5), seq));
			await insert(db.client, rows);
		}

		let now = start;
		const service = new SpikeService(db.client, { now: () => now, driversOnResolve: false });
		let began = performance.now();
		await service.start();
		const warmMs = performance.now() - began;

		// The baselines' monitors are services warmed the same way; only the tick's reads differ.
		const baseline = new SpikeService(db.client, { now: () => now, driversOnResolve: false, syncMs: 0 });
		await baseline.start();
		const queryInTick = new SpikeService(db.client, { now: () => now, driversOnResolve: false, syncMs: 0 });
		await queryInTick.start();
		const perBrandTick = async (at: number) => {
			const from = Math.floor(at / MINUTE) * MINUTE - MINUTE;
			for (let brand = 0; brand < BRANDS; brand++) {
				const result = await db.client.query({
					query: `SELECT toUInt32(toUnixTimestamp(minute)) AS m, source, sum(mentions), sum(negative), sum(sentiment_sum)
						FROM ${TABLES.mentionRollupMinute}
						WHERE brand = {brand:String} AND minute >= toDateTime({from:UInt32}) AND minute <= toDateTime({to:UInt32})
						GROUP BY m, source`,
					query_params: {
						brand: `brand-${String(brand).padStart(3, '0')}`,
						from: from / 1000,
						to: at / 1000
					},
					format: 'JSONCompactEachRow'
				});
				await result.json();
			}
			// Same detection work as the service's own tick, without its query.
			await baseline.onTick(at);
		};

		const ours: number[] = [];
		const queryMs: number[] = [];
		const detectMs: number[] = [];
		const naive: number[] = [];
		const inTick: number[] = [];
		let transitions = 0;
		for (let tick = 0; tick < TICKS; tick++) {
			now = start + tick * TICK_MS;
			// About 8 posts a minute per brand arrive between ticks (one insert per tick for all brands).
			const rows: ReturnType<typeof mentionRows> = [];
			for (let brand = 0; brand < BRANDS; brand++) {
				if ((tick + brand) % 4 === 0)
					rows.push(...mentionRows(brand, Math.floor(now / MINUTE) * MINUTE, 1, seq));
			}
			await insert(db.client, rows);
			service.recordMentions(rows);
			began = performance.now();
			const report = await service.onTick(now);
			ours.push(performance.now() - began);
			queryMs.push(report.queryMs);
			detectMs.push(report.detectMs);
			transitions += report.transitions;
			began = performance.now();
			await queryInTick.onTick(now);
			inTick.push(performance.now() - began);
			if (tick % 5 === 0) {
				began = performance.now();
				await perBrandTick(now);
				naive.push(performance.now() - began);
			}
		}
		await service.stop();
		await baseline.stop();
		await queryInTick.stop();

		const p50 = sortedPercentile(ours, 0.5);
		const p99 = sortedPercentile(ours, 0.99);
		const naive50 = sortedPercentile(naive, 0.5);
		const naive99 = sortedPercentile(naive, 0.99);
		const inTick50 = sortedPercentile(inTick, 0.5);
		const inTick99 = sortedPercentile(inTick, 0.99);
		return {
			name: 'spikes',
			description: `spike service tick: ${BRANDS} brands, counts from ingest + detection (${service.brands.length} brands watched)`,
			figures: [
				{
					metric: 'tick p50',
					value: +p50.toFixed(2),
					unit: 'ms',
					baseline: { name: 'one query per brand', value: +naive50.toFixed(2) },
					ratio: +(naive50 / p50).toFixed(2),
					target: `<= ${TARGET_MS} ms`,
					pass: p50 <= TARGET_MS
				},
				{
					metric: 'tick p99',
					value: +p99.toFixed(2),
					unit: 'ms',
					baseline: { name: 'one query per brand', value: +naive99.toFixed(2) },
					ratio: +(naive99 / p99).toFixed(2),
					target: `<= ${TARGET_MS} ms`,
					pass: p99 <= TARGET_MS
				},
				{
					metric: 'tick p99 vs rollup query in the tick',
					value: +p99.toFixed(2),
					unit: 'ms',
					baseline: { name: 'one query for all brands per tick', value: +inTick99.toFixed(2) },
					ratio: +(inTick99 / p99).toFixed(2)
				},
				{
					metric: 'tick p50 vs rollup query in the tick',
					value: +p50.toFixed(2),
					unit: 'ms',
					baseline: { name: 'one query for all brands per tick', value: +inTick50.toFixed(2) },
					ratio: +(inTick50 / p50).toFixed(2)
				},
				{ metric: 'query in tick p50', value: +sortedPercentile(queryMs, 0.5).toFixed(2), unit: 'ms' },
				{ metric: 'detection p50', value: +sortedPercentile(detectMs, 0.5).toFixed(3), unit: 'ms' },
				{ metric: 'start (warm 100 brands)', value: Math.round(warmMs), unit: 'ms' }
			],
			notes: [
				`${TICKS} ticks ${TICK_MS / 1000} s apart on an injected clock, posts inserted between ticks`,
				`history: ${HISTORY_HOURS} h per brand, ${seq.n.toLocaleString('en-US')} posts in all; ${transitions} transitions`
			]
		};
	} finally {
		await db.close();
	}
};
