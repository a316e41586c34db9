/**
 * Spike data as the browser reads it from the spike API and the socket. Parsed loosely on purpose: the
 * spike service is young and still growing fields, and a screen nobody watches must not go blank because a
 * field was added or renamed. Whatever does not parse is left out rather than thrown.
 */
import { z } from 'zod';
import type { SnapshotAnnotation, SpikeInfo } from '../metrics';

const phase = z.enum(['forming', 'peak', 'resolved']);
const finite = z.number().refine(Number.isFinite);

export const spikeInfoSchema = z.looseObject({
	id: z.string().min(1).max(200),
	brand: z.string().min(1).max(64),
	metric: z.string().max(64).catch('volume'),
	source: z.string().nullable().catch(null),
	phase,
	direction: z.enum(['up', 'down']).catch('up'),
	started_at: finite,
	detected_at: finite.catch(0),
	peak_at: finite.catch(0),
	ended_at: finite.nullable().catch(null),
	severity: finite.catch(0),
	peak_value: finite.catch(0),
	peak_expected: finite.catch(0)
});

/** A spike as the screens show it; `metric` stays a string so a new metric shows rather than breaks. */
export type WallSpike = Omit<SpikeInfo, 'metric'> & { metric: string };

export function parseSpike(value: unknown): WallSpike | null {
	const parsed = spikeInfoSchema.safeParse(value);
	return parsed.success ? parsed.data : null;
}

/** `GET /api/v1/spikes`: `{ spikes: [...] }` (or a bare array); items that do not parse are dropped. */
export function parseSpikeList(value: unknown): WallSpike[] | null {
	const list = Array.isArray(value)
		? value
		: typeof value === 'object' && value !== null && 'spikes' in value && Array.isArray(value.spikes)
			? (value.spikes as unknown[])
			: null;
	if (!list) return null;
	return list.flatMap((item) => {
		const spike = parseSpike(item);
		return spike ? [spike] : [];
	});
}

const term = z.looseObject({
	term: z.string(),
	spike: finite.catch(0),
	baseline: finite.catch(0),
	z: finite.catch(0)
});
const post = z.looseObject({
	id: z.string().catch(''),
	source: z.string().catch(''),
	author: z.string().catch(''),
	author_followers: finite.catch(0),
	created_at: finite.catch(0),
	text: z.string().catch(''),
	url: z.string().catch(''),
	label: z.string().catch('')
});
const shift = z.looseObject({
	dimension: z.string(),
	value: z.string(),
	spike_share: finite.catch(0),
	baseline_share: finite.catch(0),
	shift: finite.catch(0)
});
const listOf = <T extends z.ZodType>(item: T) =>
	z
		.array(z.unknown())
		.catch([])
		.transform((items) =>
			items.flatMap((raw) => {
				const parsed = item.safeParse(raw);
				return parsed.success ? [parsed.data as z.output<T>] : [];
			})
		);

export const driversSchema = z.looseObject({
	mentions: z
		.looseObject({ spike: finite.catch(0), baseline: finite.catch(0) })
		.catch({ spike: 0, baseline: 0 }),
	terms: listOf(term),
	hashtags: listOf(term),
	top_posts: listOf(post),
	shifts: listOf(shift),
	representative: listOf(post),
	computed_at: finite.catch(0)
});
export type WallDrivers = z.output<typeof driversSchema>;
export type WallDriverPost = z.output<typeof post>;

/** `GET /api/v1/spikes/{id}/drivers`: `{ spike, drivers }`. */
export function parseDrivers(value: unknown): { spike: WallSpike | null; drivers: WallDrivers } | null {
	if (typeof value !== 'object' || value === null) return null;
	const record = value as Record<string, unknown>;
	const drivers = driversSchema.safeParse('drivers' in record ? record.drivers : record);
	if (!drivers.success) return null;
	return { spike: parseSpike(record.spike), drivers: drivers.data };
}

/** Spikes a snapshot marks as still under way, for screens that only have the snapshot. */
export function activeSpikeMarks(
	annotations: readonly SnapshotAnnotation[] | undefined
): SnapshotAnnotation[] {
	if (!Array.isArray(annotations)) return [];
	return annotations.filter(
		(mark) => mark?.kind === 'spike' && (mark.phase === 'forming' || mark.phase === 'peak')
	);
}

export const METRIC_LABELS: Record<string, string> = {
	volume: 'Mention volume',
	negative_share: 'Negative share',
	avg_sentiment: 'Average sentiment'
};

export function metricLabel(metric: string): string {
	return METRIC_LABELS[metric] ?? metric.replace(/_/g, ' ');
}
