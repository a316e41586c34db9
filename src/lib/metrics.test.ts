import { describe, expect, it } from 'vitest';
import {
	applyMetricsDelta,
	diffSnapshots,
	emptyKpis,
	type MetricsSnapshot,
	type SeriesPoint
} from './metrics';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 2, 10);

function point(t: number, negative = 0): SeriesPoint {
	return {
		t,
		negative,
		neutral: 1,
		positive: 0,
		avg_sentiment: negative ? -0.5 : 0,
		reach: 10,
		responses: 0,
		latency_p50_s: null,
		latency_p90_s: null
	};
}

function view(from: number, negatives: number[], extra: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
	const series = negatives.map((n, i) => point(from + i * MINUTE, n));
	return {
		brand: 'acme',
		window: '15m',
		at: from + negatives.length * MINUTE - 1,
		from,
		to: from + negatives.length * MINUTE,
		step_seconds: 60,
		kpis: { ...emptyKpis(), mentions: series.reduce((sum, p) => sum + p.negative + p.neutral, 0) },
		series,
		band: series.map((p) => ({ t: p.t, expected: 1, lower: 0, upper: 2 })),
		annotations: [],
		...extra
	};
}

describe('metrics deltas', () => {
	it('carries only the changed and new steps, and applies back to the same snapshot', () => {
		const before = {
			...view(
				T0,
				Array.from({ length: 15 }, () => 0)
			),
			seq: 4
		};
		// The window moved one step and the last step filled: one step dropped, one changed, one new.
		const after = view(T0 + MINUTE, [...Array.from({ length: 13 }, () => 0), 3, 1]);
		const delta = diffSnapshots(before, after, 4, 5, 123)!;
		expect(delta.series.map((p) => p.t)).toEqual([T0 + 14 * MINUTE, T0 + 15 * MINUTE]);
		expect(delta.band!.map((p) => p.t)).toEqual([T0 + 15 * MINUTE]);
		expect(delta.annotations).toBeUndefined();
		expect(JSON.stringify(delta).length).toBeLessThan(JSON.stringify(after).length / 3);

		const applied = applyMetricsDelta(before, delta)!;
		expect(applied).toEqual({ ...after, seq: 5, sent_at: 123 });
	});

	it('refuses a delta that does not follow the snapshot, or a step that neither has', () => {
		const before = { ...view(T0, [0, 0, 0]), seq: 4 };
		const after = view(T0, [0, 0, 2]);
		const delta = diffSnapshots(before, after, 4, 5, 0)!;
		expect(applyMetricsDelta({ ...before, seq: 3 }, delta)).toBeNull();
		expect(applyMetricsDelta({ ...before, seq: undefined }, delta)).toBeNull();
		expect(applyMetricsDelta({ ...before, series: before.series.slice(0, 1) }, delta)).toBeNull();
	});

	it('sends a whole snapshot when most steps changed, and annotations whole when they changed', () => {
		const before = view(T0, [0, 0, 0, 0]);
		expect(diffSnapshots(before, view(T0, [1, 1, 1, 0]), 1, 2, 0)).toBeNull();
		const noted = view(T0, [0, 0, 0, 0], {
			annotations: [{ id: 'n1', kind: 'note', at: T0, label: 'press release' }]
		});
		expect(diffSnapshots(before, noted, 1, 2, 0)!.annotations).toEqual(noted.annotations);
	});
});
