import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyKpis, emptyPoint, type MetricsSnapshot, type SpikeInfo } from '../../metrics';
import { openTestClickHouse } from '../testing/clickhouse';
import { SpikeService, spikeServiceFor } from './spike-service';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** A Monday 00:00 UTC; "now" in these tests is 2 days later. */
const T0 = Date.UTC(2026, 2, 2);
const NOW0 = T0 + 2 * 24 * HOUR;

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let seq = 0;

function rows(brand: string, minute: number, count: number, label: 'neutral' | 'negative' = 'neutral') {
	return Array.from({ length: count }, (_, i) => ({
		brand,
		created_at: new Date(minute + Math.floor(((i + 0.5) * MINUTE) / Math.max(1, count))).toISOString(),
		source: i % 3 === 0 ? 'reddit' : 'twitter',
		id: `m${++seq}`,
		text: label === 'negative' ? 'lost my luggage again #acmefail' : 'flight was fine today',
		author: `user${seq % 500}`,
		author_followers: (seq * 7919) % 5000,
		lang: 'en',
		country: 'US',
		url: '',
		in_reply_to: '',
		score: label === 'negative' ? -0.7 : 0,
		label,
		sentiment_version: 'test'
	}));
}

/** Steady minutes: 5-7 mentions, deterministic. */
const steady = (i: number) => 5 + ((i * 7) % 3);

async function insert(values: ReturnType<typeof rows>) {
	if (values.length) await db.client.insert({ table: 'mentions', values, format: 'JSONEachRow' });
}

/** What the ingest pipeline does: store the rows, then tell the running service. */
async function ingest(values: ReturnType<typeof rows>) {
	await insert(values);
	service.recordMentions(values);
}

async function history(brand: string, from: number, to: number) {
	const values: ReturnType<typeof rows> = [];
	for (let t = from, i = 0; t < to; t += MINUTE, i++) {
		const negatives = i % 3 === 0 ? 2 : 1;
		values.push(...rows(brand, t, steady(i) - negatives), ...rows(brand, t, negatives, 'negative'));
	}
	await insert(values);
}

beforeAll(async () => {
	db = await openTestClickHouse();
	await history('acme', T0, NOW0);
}, 120_000);

afterAll(async () => {
	await db?.close();
});

let service: SpikeService;

describe('SpikeService', () => {
	let now = NOW0;
	const events: SpikeInfo[] = [];

	it('warms every brand from history at start and registers itself', async () => {
		service = new SpikeService(db.client, { now: () => now, driversOnResolve: false });
		service.on('spike', (spike) => events.push(spike));
		await service.start();
		expect(service.brands).toEqual(['acme']);
		expect(spikeServiceFor(db.client)).toBe(service);
		const band = service.band('acme', [NOW0, NOW0 + 5 * MINUTE], 5 * MINUTE)!;
		expect(band).toHaveLength(2);
		// Steady 5-7 a minute: five minutes expect about 30.
		expect(band[0]!.expected).toBeGreaterThan(24);
		expect(band[0]!.expected).toBeLessThan(36);
		expect(band[0]!.lower).toBeLessThan(band[0]!.expected);
		expect(band[0]!.upper).toBeGreaterThan(band[0]!.expected);
	}, 60_000);

	it('turns a burst into one forming, one peak and one resolved event, ticking twice a minute', async () => {
		const live = [6, 5, 7, 6, 25, 45, 60, 30, 8, 6, 5, 6, 7, 6, 5, 6];
		for (let i = 0; i < live.length; i++) {
			const minute = NOW0 + i * MINUTE;
			const count = live[i]!;
			const burst = Math.max(0, count - 6);
			// Half the minute's posts, a tick, the rest, another tick: the filling minute is revised.
			// Stored, then told to the service, as the ingest pipeline does: the tick itself reads no table.
			const all = [...rows('acme', minute, count - burst), ...rows('acme', minute, burst, 'negative')];
			now = minute + 20_000;
			await ingest(all.slice(0, Math.floor(all.length / 2)));
			await service.onTick();
			now = minute + 50_000;
			await ingest(all.slice(Math.floor(all.length / 2)));
			await service.onTick();
		}
		const volume = events.filter((e) => e.metric === 'volume' && e.source === null);
		expect(volume.map((e) => e.phase)).toEqual(['forming', 'peak', 'resolved']);
		const [forming, , resolved] = volume as [SpikeInfo, SpikeInfo, SpikeInfo];
		expect(new Set(volume.map((e) => e.id)).size).toBe(1);
		expect(forming.detected_at).toBeLessThanOrEqual(NOW0 + 5 * MINUTE);
		expect(resolved.peak_at).toBe(NOW0 + 6 * MINUTE);
		expect(resolved.severity).toBeGreaterThan(5);
		expect(resolved.ended_at).not.toBeNull();

		const stored = await service.store.listSpikes('acme', NOW0 - HOUR, NOW0 + HOUR);
		const row = stored.find((s) => s.id === forming.id)!;
		expect(row.phase).toBe('resolved');
		expect(row.ended_at).toBe(resolved.ended_at);
	}, 120_000);

	it('decorates a snapshot with the band per step and the spike and note markers', async () => {
		const note = await service.addNote({
			brand: 'acme',
			at: NOW0 + 3 * MINUTE,
			text: 'TV ad aired',
			author: 'master'
		});
		const from = NOW0 - 44 * MINUTE;
		const snapshot: MetricsSnapshot = {
			brand: 'acme',
			window: '1h',
			at: now,
			from,
			to: from + HOUR,
			step_seconds: 60,
			kpis: emptyKpis(),
			series: Array.from({ length: 60 }, (_, i) => emptyPoint(from + i * MINUTE))
		};
		const decorated = await service.decorateSnapshot(snapshot);
		expect(decorated.band).toHaveLength(60);
		expect(decorated.band![0]!.t).toBe(from);
		const kinds = decorated.annotations!.map((a) => a.kind);
		expect(kinds).toContain('spike');
		expect(decorated.annotations!.find((a) => a.kind === 'note')).toMatchObject({
			id: note.id,
			label: 'TV ad aired'
		});
		const spike = decorated.annotations!.find(
			(a) => a.kind === 'spike' && a.label.startsWith('Mentions spike')
		)!;
		expect(spike.phase).toBe('resolved');
		expect(spike.end).toBeGreaterThan(spike.at);

		await service.deleteNote(note.id);
		const after = await service.decorateSnapshot(snapshot);
		expect(after.annotations!.some((a) => a.id === note.id)).toBe(false);
	}, 60_000);

	it('counts rows it was not told of from the rollup, inside the tick with syncMs 0', async () => {
		const reader = new SpikeService(db.client, { now: () => now, driversOnResolve: false, syncMs: 0 });
		const current = Math.floor(now / MINUTE) * MINUTE;
		await insert(rows('echo', current, 4));
		const report = await reader.onTick(now);
		expect(report.rows).toBeGreaterThan(0);
		expect(reader.brands).toContain('echo');
		// The live path reads nothing inside the tick.
		const live = await service.onTick(now);
		expect(live.rows).toBe(0);
	}, 60_000);

	it('learns an imported history at once and records the spikes inside it', async () => {
		const current = Math.floor(now / MINUTE) * MINUTE;
		const from = current - 6 * HOUR;
		const burstAt = current - 2 * HOUR;
		const imported: ReturnType<typeof rows> = [];
		for (let t = from, i = 0; t < current; t += MINUTE, i++) {
			const extra =
				t >= burstAt && t < burstAt + 5 * MINUTE ? [40, 70, 90, 60, 30][(t - burstAt) / MINUTE]! : 0;
			imported.push(...rows('delta', t, steady(i)), ...rows('delta', t, extra, 'negative'));
		}
		const seen: SpikeInfo[] = [];
		const onSpike = (spike: SpikeInfo) => spike.brand === 'delta' && seen.push(spike);
		service.on('spike', onSpike);
		await ingest(imported);
		await service.onTick(now);
		expect(seen).toEqual([]);
		// The import has settled two seconds later: the next tick re-learns the brand from the store.
		now += 2_000;
		await service.onTick(now);
		await service.idle();
		service.off('spike', onSpike);

		const volume = seen.filter((s) => s.metric === 'volume' && s.source === null);
		expect(volume).toHaveLength(1);
		expect(volume[0]!.phase).toBe('resolved');
		expect(Math.abs(volume[0]!.started_at - burstAt)).toBeLessThanOrEqual(2 * MINUTE);
		const stored = await service.store.listSpikes('delta', from, current);
		expect(stored.map((s) => s.id)).toContain(volume[0]!.id);
		const [point] = service.band('delta', [current + MINUTE], MINUTE)!;
		expect(point!.expected).toBeGreaterThan(4);
		expect(point!.expected).toBeLessThan(9);
	}, 60_000);

	it('rewarm(brand) learns a backfilled brand at once', async () => {
		expect(service.band('bravo', [now], MINUTE)).toBeNull();
		await history('bravo', now - 6 * HOUR, Math.floor(now / MINUTE) * MINUTE);
		await service.rewarm('bravo');
		const [point] = service.band('bravo', [now + MINUTE], MINUTE)!;
		expect(point!.expected).toBeGreaterThan(4);
		expect(point!.expected).toBeLessThan(8);
		await service.stop();
		expect(spikeServiceFor(db.client)).toBeNull();
	}, 60_000);
});
