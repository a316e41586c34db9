/**
 * Live spike detection for every brand, once per realtime tick: each brand's monitors (volume, negative
 * share, average sentiment, and the volume of each source busy enough to have a rhythm) are fed the latest
 * minutes, and lifecycle transitions become spike events: persisted, emitted (`spike`), alerted on,
 * explained (drivers, when a spike resolves).
 *
 * The tick reads no table: the ingest pipeline hands every stored mention to `recordMentions`, which keeps
 * per-brand minute counts in memory (the same sums the minute rollup holds). A query over all brands' latest
 * minutes in the rollup still runs every `syncMs`, behind the tick, so rows this node did not ingest (another
 * node, a direct insert) are counted too; `syncMs: 0` reads the rollup inside every tick instead.
 * Mentions older than the minutes the monitors are at (an import, a late crawler) are backfill: once they
 * settle, the brand is re-learned from the store and the spikes inside the backfilled range are recorded.
 *
 * Integration (the app owns the wiring):
 *   const spikes = new SpikeService(client, { alerts: new AlertDispatcher(new AlertStore(client)) });
 *   await spikes.start();                      // warms every brand from 14 days of rollups
 *   ingest pipeline, after each insert: spikes.recordMentions(rows);
 *   attachSpikeBroadcast(spikes, io);          // spike / annotation events to the brand's view rooms
 *   hub tick: await spikes.onTick();           // or onTick(now) with an injected clock
 *   snapshot path: snapshot = await spikes.decorateSnapshot(snapshot);
 *   after an offline import into the store: await spikes.rewarm(brand);
 *   shutdown: await spikes.stop();
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ClickHouseClient } from '@clickhouse/client';
import type { BandPoint, MetricsSnapshot, SnapshotAnnotation, SpikeInfo, SpikeMetric } from '../../metrics';
import { createSpikeMonitor, type Spike, type SpikeMonitor } from '../anomaly/index';
import { MINUTE_MONITOR_OPTIONS, minuteValue, type MinuteMonitorOptions } from '../anomaly/minute-options';
import type { AlertDispatcher } from '../alerts/dispatcher';
import { TABLES } from '../db/tables';
import { log } from '../log';
import { computeDrivers, type SpikeDrivers } from './drivers';
import { noteAnnotation, spikeAnnotation, SpikeStore, type Note } from './store';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const METRICS: readonly SpikeMetric[] = ['volume', 'negative_share', 'avg_sentiment'];
/** Mentions at most this many minutes behind the monitors are late, not backfill (see recordMentions). */
const LATE_MINUTES = 5;

export interface SpikeServiceOptions {
	/** Clock, for tests and replays. */
	now: () => number;
	/** History the monitors learn from at start and on rewarm. */
	historyDays: number;
	/** The most recent part of it is read per minute (noise level and today's rhythm); older per hour. */
	minuteHistoryHours: number;
	monitors: MinuteMonitorOptions;
	/** A source gets its own volume monitor when it averages at least this many mentions a minute. */
	sourceMinPerMinute: number;
	/** After a stall (suspended process), at most this many minutes are caught up in one tick. */
	maxCatchUpMinutes: number;
	/** Spikes and notes kept in memory for snapshot decoration (the longest window is 30 days). */
	timelineDays: number;
	alerts: AlertDispatcher | null;
	/** Compute and cache drivers when a spike resolves. */
	driversOnResolve: boolean;
	/**
	 * How often the rollup is read behind the tick for rows this node did not ingest itself; 0 reads it
	 * inside every tick (for callers that write to the store directly and do not call `recordMentions`).
	 */
	syncMs: number;
	/** A brand's backfill is learned once no older mention has arrived for this long... */
	backfillSettleMs: number;
	/** ...or after this long, if an import keeps going; and a brand is re-learned at most this often. */
	backfillMaxWaitMs: number;
}

const DEFAULTS: SpikeServiceOptions = {
	now: Date.now,
	historyDays: 14,
	minuteHistoryHours: 24,
	monitors: MINUTE_MONITOR_OPTIONS,
	sourceMinPerMinute: 2,
	maxCatchUpMinutes: 60,
	timelineDays: 31,
	alerts: null,
	driversOnResolve: true,
	syncMs: 10_000,
	backfillSettleMs: 2_000,
	backfillMaxWaitMs: 30_000
};

export interface AnnotationEvent {
	brand: string;
	action: 'added' | 'deleted';
	annotation: SnapshotAnnotation;
}

export interface SpikeServiceEvents {
	spike: [SpikeInfo];
	annotation: [AnnotationEvent];
}

export interface TickReport {
	at: number;
	brands: number;
	/** Rollup rows read inside this tick (only with `syncMs: 0`). */
	rows: number;
	transitions: number;
	queryMs: number;
	detectMs: number;
	totalMs: number;
}

interface MonitorSlot {
	metric: SpikeMetric;
	source: string | null;
	monitor: SpikeMonitor;
	/** Ratio series are fed complete minutes only: a filling minute's share can fall back and un-open a spike. */
	fillingMinute: boolean;
	minMentions: number;
}

interface BrandState {
	brand: string;
	slots: MonitorSlot[];
	/** Last minute fed (re-fed on the next tick as a revision). */
	lastMinute: number;
}

interface MinuteCounts {
	mentions: number;
	negative: number;
	sentimentSum: number;
	bySource: Map<string, number>;
}

/** What `recordMentions` needs of a stored mention (the ingest pipeline's row has more). */
export interface RecordedMention {
	brand: string;
	/** ISO 8601 (or ClickHouse's `YYYY-MM-DD hh:mm:ss[.fff]`, read as UTC). */
	created_at: string;
	source: string;
	label: string;
	score: number;
}

interface PendingBackfill {
	/** Oldest minute among the backfilled mentions. */
	from: number;
	firstAt: number;
	lastAt: number;
}

function parseCreatedAt(text: string): number {
	// The pipeline writes ISO with an offset; ClickHouse's own format has no zone and means UTC.
	const t = Date.parse(text);
	if (Number.isFinite(t) && /[zZ]|[+-]\d\d:?\d\d$/.test(text)) return t;
	return Date.parse(text.replace(' ', 'T') + 'Z');
}

function addCounts(
	counts: Map<number, MinuteCounts>,
	minute: number,
	mentions: number,
	negative: number,
	sentimentSum: number,
	source: string
): void {
	let c = counts.get(minute);
	if (!c) counts.set(minute, (c = { mentions: 0, negative: 0, sentimentSum: 0, bySource: new Map() }));
	c.mentions += mentions;
	c.negative += negative;
	c.sentimentSum += sentimentSum;
	c.bySource.set(source, (c.bySource.get(source) ?? 0) + mentions);
}

type TickRow = [
	brand: string,
	minute: number,
	source: string,
	mentions: number,
	negative: number,
	sentiment: number
];
type WarmRow = [
	kind: 'h' | 'm',
	t: number,
	source: string,
	mentions: number,
	negative: number,
	sentiment: number
];

const registry = new WeakMap<ClickHouseClient, SpikeService>();

/** The running service for this database client, if the app started one (routes use it to notify). */
export function spikeServiceFor(client: ClickHouseClient): SpikeService | null {
	return registry.get(client) ?? null;
}

export function spikeId(
	brand: string,
	metric: SpikeMetric,
	source: string | null,
	startedAt: number
): string {
	// Derived, not counted: the same spike gets the same id after a restart or a rewarm, so rows upsert.
	return createHash('sha256')
		.update(`${brand}|${metric}|${source ?? ''}|${startedAt}`)
		.digest('hex')
		.slice(0, 16);
}

function toInfo(brand: string, slot: MonitorSlot, spike: Spike): SpikeInfo {
	return {
		id: spikeId(brand, slot.metric, slot.source, spike.startedAt),
		brand,
		metric: slot.metric,
		source: slot.source,
		phase: spike.phase,
		direction: spike.direction,
		started_at: spike.startedAt,
		detected_at: spike.detectedAt,
		peak_at: spike.peakAt,
		ended_at: spike.endedAt,
		severity: spike.severity,
		peak_value: spike.peakValue,
		peak_expected: spike.peakExpected
	};
}

const round = (x: number) => Math.round(x * 100) / 100;

function hashSeed(text: string): number {
	return createHash('sha256').update(text).digest().readUInt32LE(0);
}

/** mulberry32: small, fast, good enough to scatter posts over minutes. */
function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function gaussian(random: () => number): number {
	return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export class SpikeService extends EventEmitter<SpikeServiceEvents> {
	readonly store: SpikeStore;
	readonly #client: ClickHouseClient;
	readonly #options: SpikeServiceOptions;
	readonly #brands = new Map<string, BrandState>();
	/** Per brand: spikes (by id) and notes (by id) for the timeline. */
	readonly #timeline = new Map<string, { spikes: Map<string, SpikeInfo>; notes: Map<string, Note> }>();
	/** Last phase and severity emitted per spike id, so a revised minute does not re-announce a transition. */
	readonly #announced = new Map<string, { phase: string; severity: number; at: number }>();
	readonly #background = new Set<Promise<unknown>>();
	/** Bands computed this minute, per brand state (a rewarm replaces the state, and so drops them). */
	readonly #bandCache = new WeakMap<BrandState, { minute: number; bands: Map<string, BandPoint[]> }>();
	/** Per brand, minute counts not yet fed for good: from this node's ingest, topped up by the rollup sync. */
	readonly #counts = new Map<string, Map<number, MinuteCounts>>();
	readonly #backfills = new Map<string, PendingBackfill>();
	readonly #learnedAt = new Map<string, number>();
	#queue: Promise<unknown> = Promise.resolve();
	#writes: Promise<unknown> = Promise.resolve();
	#pendingTick: Promise<TickReport> | null = null;
	#sync: Promise<unknown> | null = null;
	#lastSyncAt = -Infinity;
	#started = false;

	constructor(client: ClickHouseClient, options: Partial<SpikeServiceOptions> = {}) {
		super();
		this.#client = client;
		this.#options = { ...DEFAULTS, ...options };
		this.store = new SpikeStore(client);
	}

	get brands(): string[] {
		return [...this.#brands.keys()];
	}

	/** Loads the timeline and warms every brand seen in the history window. */
	async start(): Promise<void> {
		if (this.#started) return;
		this.#started = true;
		registry.set(this.#client, this);
		const now = this.#options.now();
		await this.#exclusive(async () => {
			const since = now - this.#options.timelineDays * DAY;
			const [spikes, notes] = await Promise.all([
				this.store.recentSpikes(since),
				this.store.listNotes(null, since, now + DAY)
			]);
			for (const spike of spikes) this.#timelineOf(spike.brand).spikes.set(spike.id, spike);
			for (const note of notes) this.#timelineOf(note.brand).notes.set(note.id, note);
			for (const brand of await this.#knownBrands(now))
				this.#brands.set(brand, (await this.#warm(brand, now)).state);
		});
		await this.#options.alerts?.start();
	}

	async stop(): Promise<void> {
		if (!this.#started) return;
		this.#started = false;
		await this.#queue.catch(() => {});
		while (this.#background.size) await Promise.allSettled([...this.#background]);
		await this.#options.alerts?.stop();
		if (registry.get(this.#client) === this) registry.delete(this.#client);
	}

	/** Waits for background work (drivers, alert deliveries) to finish: for tests and shutdown. */
	async idle(): Promise<void> {
		await this.#queue.catch(() => {});
		while (this.#background.size) await Promise.allSettled([...this.#background]);
		await this.#options.alerts?.idle();
	}

	/**
	 * Re-learns a brand from its stored history, e.g. after an import backfilled it: the baselines reflect the
	 * backfill at once instead of over the next days.
	 */
	rewarm(brand: string): Promise<void> {
		return this.#exclusive(async () => {
			this.#brands.set(brand, (await this.#warm(brand, this.#options.now())).state);
		});
	}

	/**
	 * Mentions just stored by this node (the ingest pipeline calls it after each insert). Counted per brand and
	 * minute in memory, so the tick needs no query. Mentions older than the minutes the monitors are at are
	 * backfill: the brand is re-learned from the store once they stop coming (see `backfillSettleMs`).
	 */
	recordMentions(rows: readonly RecordedMention[]): void {
		const now = this.#options.now();
		const current = Math.floor(now / MINUTE) * MINUTE;
		for (const row of rows) {
			const t = parseCreatedAt(row.created_at);
			if (!Number.isFinite(t)) continue;
			const minute = Math.floor(t / MINUTE) * MINUTE;
			if (minute > current + HOUR) continue;
			const fedFrom = this.#brands.get(row.brand)?.lastMinute ?? current - MINUTE;
			if (minute < fedFrom) {
				// A few minutes late is a slow crawler, not history: too little to re-learn a brand for.
				if (minute >= fedFrom - LATE_MINUTES * MINUTE) continue;
				const pending = this.#backfills.get(row.brand);
				if (pending) {
					pending.from = Math.min(pending.from, minute);
					pending.lastAt = now;
				} else this.#backfills.set(row.brand, { from: minute, firstAt: now, lastAt: now });
				continue;
			}
			let counts = this.#counts.get(row.brand);
			if (!counts) this.#counts.set(row.brand, (counts = new Map()));
			addCounts(counts, minute, 1, row.label === 'negative' ? 1 : 0, Number(row.score), row.source);
		}
	}

	/** One detection pass over all brands; overlapping calls share the pass that is waiting to run. */
	onTick(now = this.#options.now()): Promise<TickReport> {
		this.#pendingTick ??= this.#exclusive(() => {
			this.#pendingTick = null;
			return this.#tick(now);
		});
		return this.#pendingTick;
	}

	#exclusive<T>(task: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(task, task);
		this.#queue = run.catch(() => {});
		return run;
	}

	#timelineOf(brand: string) {
		let entry = this.#timeline.get(brand);
		if (!entry) this.#timeline.set(brand, (entry = { spikes: new Map(), notes: new Map() }));
		return entry;
	}

	async #knownBrands(now: number): Promise<string[]> {
		const result = await this.#client.query({
			query: `SELECT DISTINCT brand FROM ${TABLES.mentionRollupHour}
				WHERE hour >= toDateTime({from:UInt32}) ORDER BY brand`,
			query_params: { from: Math.floor((now - this.#options.historyDays * DAY) / 1000) },
			format: 'JSONEachRow'
		});
		return (await result.json<{ brand: string }>()).map((r) => r.brand);
	}

	#newSlots(sources: readonly string[]): MonitorSlot[] {
		const slot = (metric: SpikeMetric, source: string | null): MonitorSlot => {
			const o = this.#options.monitors[metric];
			return {
				metric,
				source,
				monitor: createSpikeMonitor(metric, o.detector, o.tracker),
				fillingMinute: metric === 'volume',
				minMentions: o.minMentionsForRatio
			};
		};
		return [...METRICS.map((m) => slot(m, null)), ...sources.map((s) => slot('volume', s))];
	}

	/**
	 * Monitors for one brand, trained on its history up to (not including) the current minute. From
	 * `recordFrom` on (a backfilled range), the spikes the monitors find are returned, last version per id.
	 */
	async #warm(
		brand: string,
		now: number,
		recordFrom?: number
	): Promise<{ state: BrandState; found: SpikeInfo[] }> {
		const current = Math.floor(now / MINUTE) * MINUTE;
		const from = Math.floor((current - this.#options.historyDays * DAY) / HOUR) * HOUR;
		const split = Math.floor((current - this.#options.minuteHistoryHours * HOUR) / HOUR) * HOUR;
		const result = await this.#client.query({
			query: `
				SELECT 'h', toUInt32(toUnixTimestamp(hour)) AS t, source, sum(mentions), sum(negative), sum(sentiment_sum)
				FROM ${TABLES.mentionRollupHour}
				WHERE brand = {brand:String} AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({split:UInt32})
				GROUP BY t, source
				UNION ALL
				SELECT 'm', toUInt32(toUnixTimestamp(minute)) AS t, source, sum(mentions), sum(negative), sum(sentiment_sum)
				FROM ${TABLES.mentionRollupMinute}
				WHERE brand = {brand:String} AND minute >= toDateTime({split:UInt32}) AND minute < toDateTime({to:UInt32})
				GROUP BY t, source`,
			query_params: { brand, from: from / 1000, split: split / 1000, to: current / 1000 },
			format: 'JSONCompactEachRow'
		});
		const rows = await result.json<WarmRow>();
		let first = Infinity;
		for (const row of rows) first = Math.min(first, Number(row[1]) * 1000);
		if (!Number.isFinite(first))
			return { state: { brand, slots: this.#newSlots([]), lastMinute: current - MINUTE }, found: [] };

		// Hours are spread over their minutes the way a Poisson stream would fill them (each post lands in a random
		// minute, seeded, so a rewarm is reproducible): spread evenly, they would teach the model that minutes have
		// no noise, and the first real minutes would read as a spike. Shape and level come from two weeks, the
		// noise level from the day of real minutes fed last.
		const minutes = Math.max(0, Math.round((current - first) / MINUTE));
		const mentions = new Float64Array(minutes);
		const negative = new Float64Array(minutes);
		const sentiment = new Float64Array(minutes);
		const bySource = new Map<string, Float64Array>();
		const sourceTotals = new Map<string, number>();
		const random = seededRandom(hashSeed(brand));
		for (const [kind, tSeconds, source, m, n, s] of rows) {
			const start = Math.round((Number(tSeconds) * 1000 - first) / MINUTE);
			let series = bySource.get(source);
			if (!series) bySource.set(source, (series = new Float64Array(minutes)));
			const count = Number(m);
			sourceTotals.set(source, (sourceTotals.get(source) ?? 0) + count);
			if (count === 0 || start < 0) continue;
			const put = (i: number, posts: number, negatives: number, sum: number) => {
				if (i >= minutes) return;
				mentions[i] = mentions[i]! + posts;
				negative[i] = negative[i]! + negatives;
				sentiment[i] = sentiment[i]! + sum;
				series[i] = series[i]! + posts;
			};
			if (kind === 'm') {
				put(start, count, Number(n), Number(s));
				continue;
			}
			const negativeShare = Number(n) / count;
			const meanScore = Number(s) / count;
			if (count <= 20_000) {
				for (let k = 0; k < count; k++) {
					put(start + Math.floor(random() * 60), 1, random() < negativeShare ? 1 : 0, meanScore);
				}
			} else {
				// Busy hours: the normal approximation of the same thing, per minute.
				const mean = count / 60;
				for (let i = 0; i < 60; i++) {
					const posts = Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
					put(start + i, posts, posts * negativeShare, posts * meanScore);
				}
			}
		}
		const busySources = [...sourceTotals]
			.filter(
				([source, total]) => source !== '' && total / Math.max(1, minutes) >= this.#options.sourceMinPerMinute
			)
			.map(([source]) => source)
			.sort();
		const slots = this.#newSlots(busySources);
		const found = new Map<string, SpikeInfo>();
		const recordIndex =
			recordFrom === undefined
				? minutes
				: Math.min(minutes, Math.max(0, Math.ceil((recordFrom - first) / MINUTE)));
		for (const slot of slots) {
			const sourceSeries = slot.source === null ? null : bySource.get(slot.source)!;
			const valueAt = (i: number) =>
				sourceSeries
					? sourceSeries[i]!
					: minuteValue(slot.metric, mentions[i]!, negative[i]!, sentiment[i]!, slot.minMentions);
			const points = function* () {
				for (let i = 0; i < recordIndex; i++) yield { timestamp: first + i * MINUTE, value: valueAt(i) };
			};
			slot.monitor.warmUp(points());
			for (let i = recordIndex; i < minutes; i++) {
				for (const transition of slot.monitor.update(first + i * MINUTE, valueAt(i)).transitions) {
					const info = toInfo(brand, slot, transition.spike);
					found.set(info.id, info);
				}
			}
		}
		return { state: { brand, slots, lastMinute: current - MINUTE }, found: [...found.values()] };
	}

	/** The rollup's minutes of every brand from `from`, merged into the counts (the larger count wins). */
	async #syncFromStore(from: number, current: number): Promise<number> {
		const result = await this.#client.query({
			query: `SELECT brand, toUInt32(toUnixTimestamp(minute)) AS m, source,
					sum(mentions), sum(negative), sum(sentiment_sum)
				FROM ${TABLES.mentionRollupMinute}
				WHERE minute >= toDateTime({from:UInt32}) AND minute <= toDateTime({to:UInt32})
				GROUP BY brand, m, source`,
			query_params: { from: from / 1000, to: current / 1000 },
			format: 'JSONCompactEachRow'
		});
		const rows = await result.json<TickRow>();
		const stored = new Map<string, Map<number, MinuteCounts>>();
		for (const [brand, mSeconds, source, m, n, s] of rows) {
			let minutes = stored.get(brand);
			if (!minutes) stored.set(brand, (minutes = new Map()));
			addCounts(minutes, Number(mSeconds) * 1000, Number(m), Number(n), Number(s), source);
		}
		// What this node counted is a subset of what the store holds once its insert has landed, so per minute
		// the larger count is the truer one: the store's when another writer added rows, ours while a row is
		// counted here but the query started before it was inserted.
		for (const [brand, minutes] of stored) {
			let counts = this.#counts.get(brand);
			if (!counts) this.#counts.set(brand, (counts = new Map()));
			for (const [minute, fromStore] of minutes) {
				const mine = counts.get(minute);
				if (!mine) {
					counts.set(minute, fromStore);
					continue;
				}
				if (fromStore.mentions > mine.mentions) {
					mine.mentions = fromStore.mentions;
					mine.negative = fromStore.negative;
					mine.sentimentSum = fromStore.sentimentSum;
				}
				for (const [source, n] of fromStore.bySource)
					if (n > (mine.bySource.get(source) ?? 0)) mine.bySource.set(source, n);
			}
		}
		return rows.length;
	}

	/** Re-learns a brand whose history was backfilled and records the spikes inside the backfilled range. */
	async #learnBackfill(brand: string, from: number): Promise<void> {
		const now = this.#options.now();
		// Trained outside the tick's lock: a brand's two weeks take a while, the other brands' ticks go on.
		const { state, found } = await this.#warm(brand, now, from);
		await this.#exclusive(() => {
			this.#brands.set(brand, state);
			const fresh = found.filter((spike) => this.#announced.get(spike.id)?.phase !== spike.phase);
			for (const spike of fresh)
				this.#announced.set(spike.id, { phase: spike.phase, severity: spike.severity, at: now });
			this.#publish(fresh, []);
			return Promise.resolve();
		});
		log.info(
			{ brand, from: new Date(from).toISOString(), spikes: found.length },
			'baselines re-learned from backfill'
		);
	}

	async #tick(now: number): Promise<TickReport> {
		const started = performance.now();
		const current = Math.floor(now / MINUTE) * MINUTE;
		const floor = current - this.#options.maxCatchUpMinutes * MINUTE;
		let from = current;
		for (const state of this.#brands.values()) from = Math.min(from, Math.max(state.lastMinute, floor));

		let rows = 0;
		if (this.#options.syncMs <= 0) {
			rows = await this.#syncFromStore(from, current);
		} else if (!this.#sync && now - this.#lastSyncAt >= this.#options.syncMs) {
			// Behind the tick: its result tops up the counts for a later tick; this one does not wait for it.
			this.#lastSyncAt = now;
			const sync = this.#syncFromStore(from, current)
				.catch((err: unknown) => log.error({ err }, 'spike rollup sync failed'))
				.finally(() => (this.#sync = null));
			this.#sync = sync;
			this.#inBackground(sync);
		}
		const queryMs = performance.now() - started;

		for (const brand of this.#counts.keys()) {
			// A brand first seen live starts cold: it has no history to learn from.
			if (!this.#brands.has(brand))
				this.#brands.set(brand, { brand, slots: this.#newSlots([]), lastMinute: current - MINUTE });
		}

		const changed: SpikeInfo[] = [];
		const escalated: SpikeInfo[] = [];
		let transitions = 0;
		for (const state of this.#brands.values()) {
			const minutes = this.#counts.get(state.brand);
			const start = Math.max(state.lastMinute, floor);
			for (const slot of state.slots) {
				const last = slot.fillingMinute ? current : current - MINUTE;
				for (let t = start; t <= last; t += MINUTE) {
					const counts = minutes?.get(t);
					const value = slot.source
						? (counts?.bySource.get(slot.source) ?? 0)
						: minuteValue(
								slot.metric,
								counts?.mentions ?? 0,
								counts?.negative ?? 0,
								counts?.sentimentSum ?? 0,
								slot.minMentions
							);
					for (const transition of slot.monitor.update(t, value).transitions) {
						transitions++;
						const info = toInfo(state.brand, slot, transition.spike);
						const seen = this.#announced.get(info.id);
						if (seen?.phase === info.phase) continue;
						this.#announced.set(info.id, { phase: info.phase, severity: info.severity, at: now });
						changed.push(info);
					}
				}
				const active = slot.monitor.tracker.current;
				if (active) {
					const info = toInfo(state.brand, slot, active);
					const seen = this.#announced.get(info.id);
					if (seen && info.severity > seen.severity + 0.5) {
						seen.severity = info.severity;
						escalated.push(info);
					}
				}
			}
			state.lastMinute = current;
		}
		// Minutes are kept for the catch-up span: a re-learned brand re-feeds the minute before it was trained to.
		for (const [brand, minutes] of this.#counts) {
			for (const minute of minutes.keys()) if (minute < floor) minutes.delete(minute);
			if (minutes.size === 0) this.#counts.delete(brand);
		}
		const detectMs = performance.now() - started - queryMs;

		this.#publish(changed, escalated);
		this.#learnBackfills(now);
		this.#pruneTimeline(now);
		// A resolved spike is remembered a while: re-sending its last minute replays (and re-reports) the transition.
		for (const [id, seen] of this.#announced) {
			if (seen.phase === 'resolved' && now - seen.at > HOUR) this.#announced.delete(id);
		}
		return {
			at: now,
			brands: this.#brands.size,
			rows,
			transitions,
			queryMs,
			detectMs,
			totalMs: performance.now() - started
		};
	}

	/** Persists, emits and alerts on spike changes; escalations only update the timeline and the alerts. */
	#publish(changed: readonly SpikeInfo[], escalated: readonly SpikeInfo[]) {
		if (changed.length) {
			// Written behind the tick, in order (a later version must not land first): a slow insert must not hold
			// up the screens. The event goes out now; readers of the row see it within the insert's latency.
			const batch = [...changed];
			this.#writes = this.#writes
				.then(() => this.store.saveSpikes(batch))
				.catch((err: unknown) => log.error({ err }, 'spike write failed'));
			this.#inBackground(this.#writes);
			for (const spike of changed) {
				this.#timelineOf(spike.brand).spikes.set(spike.id, spike);
				this.emit('spike', spike);
				if (spike.phase === 'resolved') {
					if (this.#options.driversOnResolve) this.#inBackground(this.#cacheDrivers(spike));
				}
			}
		}
		for (const spike of escalated) this.#timelineOf(spike.brand).spikes.set(spike.id, spike);
		const alerts = this.#options.alerts;
		if (alerts) {
			for (const spike of [...changed, ...escalated])
				this.#inBackground(
					alerts.consider(spike).catch((err: unknown) => log.error({ err }, 'alert failed'))
				);
		}
	}

	/** Starts re-learning the brands whose backfill has settled (or waited long enough), behind the tick. */
	#learnBackfills(now: number) {
		const { backfillSettleMs, backfillMaxWaitMs } = this.#options;
		for (const [brand, pending] of this.#backfills) {
			const settled = now - pending.lastAt >= backfillSettleMs || now - pending.firstAt >= backfillMaxWaitMs;
			if (!settled || now - (this.#learnedAt.get(brand) ?? -Infinity) < backfillMaxWaitMs) continue;
			this.#backfills.delete(brand);
			this.#learnedAt.set(brand, now);
			this.#inBackground(
				this.#learnBackfill(brand, pending.from).catch((err: unknown) =>
					log.error({ err, brand }, 'learning a backfill failed')
				)
			);
		}
	}

	#inBackground(task: Promise<unknown>) {
		const tracked = task.finally(() => this.#background.delete(tracked));
		this.#background.add(tracked);
	}

	async #cacheDrivers(spike: SpikeInfo): Promise<void> {
		try {
			const drivers = await computeDrivers(this.#client, spike, this.#options.now());
			const write = this.#writes.then(() =>
				this.store.saveSpikes([spike], new Map([[spike.id, JSON.stringify(drivers)]]))
			);
			this.#writes = write.catch(() => {});
			await write;
		} catch (err) {
			log.error({ err, spike: spike.id }, 'spike drivers failed');
		}
	}

	#pruneTimeline(now: number) {
		const horizon = now - this.#options.timelineDays * DAY;
		for (const entry of this.#timeline.values()) {
			for (const [id, spike] of entry.spikes) if ((spike.ended_at ?? now) < horizon) entry.spikes.delete(id);
			for (const [id, note] of entry.notes) if (note.at < horizon) entry.notes.delete(id);
		}
	}

	/**
	 * Expected mention volume per step: the sum of the volume monitor's minute expectations over each step
	 * (any step size), with a band of `bandSigmas` per minute widened by sqrt(minutes) for the sum. Projected
	 * from the current baseline (level + time-of-day/week slots), so it also covers past and future steps.
	 * Null for a brand the service does not watch.
	 */
	band(brand: string, stepStarts: readonly number[], stepMs: number): BandPoint[] | null {
		const state = this.#brands.get(brand);
		const slot = state?.slots.find((s) => s.metric === 'volume' && s.source === null);
		if (!state || !slot) return null;
		// Recomputed once a minute per view: the baseline moves with every revision of the filling minute, and a
		// band that changed every tick would make every snapshot look new to the hub.
		const minute = Math.floor(this.#options.now() / MINUTE);
		const key = `${stepMs}|${stepStarts[0] ?? ''}|${stepStarts.length}`;
		let cache = this.#bandCache.get(state);
		if (!cache || cache.minute !== minute) this.#bandCache.set(state, (cache = { minute, bands: new Map() }));
		const cached = cache.bands.get(key);
		if (cached) return cached;

		const detector = slot.monitor.detector;
		const minutes = Math.max(1, Math.round(stepMs / MINUTE));
		const fraction = Math.min(1, stepMs / MINUTE);
		const band = stepStarts.map((t) => {
			let expected = 0;
			let half = 0;
			for (let i = 0; i < minutes; i++) {
				const p = detector.expectedAt(t + i * MINUTE);
				expected += Math.max(0, p.expected);
				half = Math.max(half, (p.upper - p.lower) / 2);
			}
			expected *= fraction;
			const width = half * Math.sqrt(minutes) * fraction;
			return {
				t,
				expected: round(expected),
				lower: round(Math.max(0, expected - width)),
				upper: round(expected + width)
			};
		});
		cache.bands.set(key, band);
		return band;
	}

	/** Spikes and notes of a brand that overlap [from, to), oldest first. */
	annotations(brand: string, from: number, to: number): SnapshotAnnotation[] {
		const entry = this.#timeline.get(brand);
		if (!entry) return [];
		const out: SnapshotAnnotation[] = [];
		for (const spike of entry.spikes.values()) {
			if (spike.started_at < to && (spike.ended_at ?? Infinity) >= from) out.push(spikeAnnotation(spike));
		}
		for (const note of entry.notes.values())
			if (note.at >= from && note.at < to) out.push(noteAnnotation(note));
		return out.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
	}

	/** The snapshot with the expected-volume band and the timeline markers for its brand and window. */
	decorateSnapshot(snapshot: MetricsSnapshot): Promise<MetricsSnapshot> {
		const band = this.band(
			snapshot.brand,
			snapshot.series.map((p) => p.t),
			snapshot.step_seconds * 1000
		);
		const decorated: MetricsSnapshot = {
			...snapshot,
			annotations: this.annotations(snapshot.brand, snapshot.from, snapshot.to)
		};
		if (band) decorated.band = band;
		return Promise.resolve(decorated);
	}

	async addNote(input: { brand: string; at: number; text: string; author: string }): Promise<Note> {
		const note = await this.store.addNote(input);
		this.#timelineOf(note.brand).notes.set(note.id, note);
		this.emit('annotation', { brand: note.brand, action: 'added', annotation: noteAnnotation(note) });
		return note;
	}

	async deleteNote(id: string): Promise<Note | null> {
		const note = await this.store.deleteNote(id);
		if (!note) return null;
		this.#timelineOf(note.brand).notes.delete(note.id);
		this.emit('annotation', { brand: note.brand, action: 'deleted', annotation: noteAnnotation(note) });
		return note;
	}

	drivers(id: string): Promise<{ spike: SpikeInfo; drivers: SpikeDrivers } | null> {
		return spikeDrivers(this.#client, id, this.#options.now());
	}
}

/**
 * A spike's drivers: the cached ones once it resolved, else computed now (and cached if it has resolved in
 * the meantime). Works without a running service, for the read API on any node.
 */
export async function spikeDrivers(
	client: ClickHouseClient,
	id: string,
	now = Date.now()
): Promise<{ spike: SpikeInfo; drivers: SpikeDrivers } | null> {
	const store = new SpikeStore(client);
	const found = await store.getSpike(id);
	if (!found) return null;
	if (found.drivers) return { spike: found.spike, drivers: JSON.parse(found.drivers) as SpikeDrivers };
	const drivers = await computeDrivers(client, found.spike, now);
	if (found.spike.phase === 'resolved')
		await store.saveSpikes([found.spike], new Map([[id, JSON.stringify(drivers)]]));
	return { spike: found.spike, drivers };
}
