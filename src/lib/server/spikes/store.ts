import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { SnapshotAnnotation, SpikeInfo, SpikeMetric, SpikePhase } from '../../metrics';

export const SPIKES_TABLE = 'spikes';
export const ANNOTATIONS_TABLE = 'annotations';

export interface Note {
	id: string;
	brand: string;
	at: number;
	text: string;
	author: string;
	created_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Times are read as `*_ms`: an alias named like its column would shadow the column in WHERE. */
type NoteRow = Omit<Note, 'at' | 'created_at'> & { at_ms: number; created_ms: number };
const fromNoteRow = ({ at_ms, created_ms, ...rest }: NoteRow): Note => ({
	...rest,
	at: Number(at_ms),
	created_at: Number(created_ms)
});

type SpikeRow = [
	brand: string,
	id: string,
	metric: string,
	source: string,
	phase: string,
	direction: string,
	startedAt: number,
	detectedAt: number,
	peakAt: number,
	endedAt: number | null,
	severity: number,
	peakValue: number,
	peakExpected: number,
	drivers: string
];

const SPIKE_COLUMNS = `brand, id, metric, source, phase, direction, toUnixTimestamp64Milli(started_at),
	toUnixTimestamp64Milli(detected_at), toUnixTimestamp64Milli(peak_at),
	if(isNull(ended_at), NULL, toUnixTimestamp64Milli(assumeNotNull(ended_at))), severity, peak_value, peak_expected,
	drivers`;

function fromRow(row: SpikeRow): { spike: SpikeInfo; drivers: string } {
	const [brand, id, metric, source, phase, direction, startedAt, detectedAt, peakAt, endedAt] = row;
	return {
		spike: {
			id,
			brand,
			metric: metric as SpikeMetric,
			source: source === '' ? null : source,
			phase: phase as SpikePhase,
			direction: direction === 'down' ? 'down' : 'up',
			started_at: Number(startedAt),
			detected_at: Number(detectedAt),
			peak_at: Number(peakAt),
			ended_at: endedAt === null ? null : Number(endedAt),
			severity: Number(row[10]),
			peak_value: Number(row[11]),
			peak_expected: Number(row[12])
		},
		drivers: row[13]
	};
}

/** Spike events and analyst notes in ClickHouse. Every write is a new row version; reads use FINAL. */
export class SpikeStore {
	constructor(private readonly client: ClickHouseClient) {}

	async saveSpikes(spikes: readonly SpikeInfo[], drivers: ReadonlyMap<string, string> = new Map()) {
		if (spikes.length === 0) return;
		await this.client.insert({
			table: SPIKES_TABLE,
			format: 'JSONEachRow',
			values: spikes.map((s) => ({
				brand: s.brand,
				started_at: iso(s.started_at),
				id: s.id,
				metric: s.metric,
				source: s.source ?? '',
				phase: s.phase,
				direction: s.direction,
				detected_at: iso(s.detected_at),
				peak_at: iso(s.peak_at),
				ended_at: s.ended_at === null ? null : iso(s.ended_at),
				severity: s.severity,
				peak_value: s.peak_value,
				peak_expected: s.peak_expected,
				drivers: drivers.get(s.id) ?? '',
				// Explicit, so two versions written in the same millisecond still order by intent (later wins).
				updated_at: iso(Date.now())
			}))
		});
	}

	/** Spikes of a brand that overlap [from, to). */
	async listSpikes(brand: string, from: number, to: number, limit = 1000): Promise<SpikeInfo[]> {
		// A spike lasts hours at most; starting the scan a day early finds those already running at `from`.
		const result = await this.client.query({
			query: `SELECT ${SPIKE_COLUMNS} FROM ${SPIKES_TABLE} FINAL
				WHERE brand = {brand:String}
					AND started_at >= fromUnixTimestamp64Milli({scanFrom:Int64}, 'UTC')
					AND started_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
					AND (ended_at IS NULL OR ended_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC'))
				ORDER BY started_at LIMIT {limit:UInt32}`,
			query_params: { brand, scanFrom: from - 86_400_000, from, to, limit },
			format: 'JSONCompactEachRow'
		});
		return (await result.json<SpikeRow>()).map((row) => fromRow(row).spike);
	}

	/** Every brand's spikes started since `from`: the service's timeline cache at start. */
	async recentSpikes(from: number): Promise<SpikeInfo[]> {
		const result = await this.client.query({
			query: `SELECT ${SPIKE_COLUMNS} FROM ${SPIKES_TABLE} FINAL
				WHERE started_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') ORDER BY brand, started_at`,
			query_params: { from },
			format: 'JSONCompactEachRow'
		});
		return (await result.json<SpikeRow>()).map((row) => fromRow(row).spike);
	}

	/**
	 * One spike by id with its cached drivers ('' until it resolved). The id embeds no brand, so this is the
	 * one read that cannot start with the brand; the table is small (a few spikes per brand-day).
	 */
	async getSpike(id: string): Promise<{ spike: SpikeInfo; drivers: string } | null> {
		const result = await this.client.query({
			query: `SELECT ${SPIKE_COLUMNS} FROM ${SPIKES_TABLE} FINAL WHERE id = {id:String} LIMIT 1`,
			query_params: { id },
			format: 'JSONCompactEachRow'
		});
		const [row] = await result.json<SpikeRow>();
		return row ? fromRow(row) : null;
	}

	async addNote(input: { brand: string; at: number; text: string; author: string }): Promise<Note> {
		const note: Note = { id: randomBytes(8).toString('hex'), created_at: Date.now(), ...input };
		await this.#writeNote(note, false);
		return note;
	}

	async #writeNote(note: Note, deleted: boolean) {
		await this.client.insert({
			table: ANNOTATIONS_TABLE,
			format: 'JSONEachRow',
			values: [
				{
					brand: note.brand,
					id: note.id,
					at: iso(note.at),
					text: note.text,
					author: note.author,
					created_at: iso(note.created_at),
					deleted: deleted ? 1 : 0,
					updated_at: iso(Date.now())
				}
			]
		});
	}

	async getNote(id: string): Promise<Note | null> {
		const result = await this.client.query({
			query: `SELECT brand, id, toUnixTimestamp64Milli(at) AS at_ms, text, author,
					toUnixTimestamp64Milli(created_at) AS created_ms
				FROM ${ANNOTATIONS_TABLE} FINAL WHERE id = {id:String} AND deleted = 0 LIMIT 1`,
			query_params: { id },
			format: 'JSONEachRow'
		});
		const [row] = await result.json<NoteRow>();
		return row ? fromNoteRow(row) : null;
	}

	/** Tombstones the note; null if there was none (or it was deleted already). */
	async deleteNote(id: string): Promise<Note | null> {
		const note = await this.getNote(id);
		if (!note) return null;
		await this.#writeNote(note, true);
		return note;
	}

	async listNotes(brand: string | null, from: number, to: number): Promise<Note[]> {
		const result = await this.client.query({
			query: `SELECT brand, id, toUnixTimestamp64Milli(at) AS at_ms, text, author,
					toUnixTimestamp64Milli(created_at) AS created_ms
				FROM ${ANNOTATIONS_TABLE} FINAL
				WHERE ${brand === null ? '' : 'brand = {brand:String} AND'}
					at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
					AND deleted = 0
				ORDER BY brand, at`,
			query_params: { brand: brand ?? '', from, to },
			format: 'JSONEachRow'
		});
		return (await result.json<NoteRow>()).map(fromNoteRow);
	}
}

const METRIC_LABEL: Record<SpikeMetric, string> = {
	volume: 'Mentions',
	negative_share: 'Negative share',
	avg_sentiment: 'Sentiment'
};

export function spikeAnnotation(spike: SpikeInfo): SnapshotAnnotation {
	const what = METRIC_LABEL[spike.metric] + (spike.source ? ` on ${spike.source}` : '');
	const annotation: SnapshotAnnotation = {
		id: spike.id,
		kind: 'spike',
		at: spike.started_at,
		label: `${what} ${spike.direction === 'up' ? 'spike' : 'drop'}, ${spike.severity.toFixed(1)}σ`,
		severity: spike.severity,
		phase: spike.phase
	};
	if (spike.ended_at !== null) annotation.end = spike.ended_at;
	return annotation;
}

export function noteAnnotation(note: Note): SnapshotAnnotation {
	return { id: note.id, kind: 'note', at: note.at, label: note.text };
}
