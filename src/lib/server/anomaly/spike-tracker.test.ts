import { describe, expect, it } from 'vitest';
import { SpikeTracker, type SpikeTransition, type TrackedPoint } from './spike-tracker';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12);

/** A point `sigmas` robust sigmas from an expected value of 100 (one sigma = 10). */
function point(sigmas: number, anomaly = false): TrackedPoint {
	return { expected: 100, sigmas, anomaly };
}

function feed(tracker: SpikeTracker, sequence: [number, boolean?][], start = T0) {
	const transitions: (SpikeTransition & { at: number })[] = [];
	sequence.forEach(([sigmas, anomaly], i) => {
		const at = start + i * MINUTE;
		for (const transition of tracker.update(at, 100 + 10 * sigmas, point(sigmas, anomaly ?? false))) {
			transitions.push({ ...transition, at });
		}
	});
	return transitions;
}

describe('SpikeTracker', () => {
	it('goes forming -> peak -> resolved with severity and times', () => {
		const tracker = new SpikeTracker({ direction: 'up' });
		const transitions = feed(tracker, [
			[0.5],
			[2.5], // minute 1: the excursion starts, not yet an alert
			[5, true], // minute 2: detected
			[9], // minute 3: the top
			[8],
			[6], // minute 5: a quarter below the top -> peak confirmed
			[3],
			[1], // minute 7: calm...
			[0.5],
			[-0.2], // minute 9: third calm point -> resolved, ended when the calm began
			[0]
		]);
		expect(transitions.map((t) => [t.phase, (t.at - T0) / MINUTE])).toEqual([
			['forming', 2],
			['peak', 5],
			['resolved', 9]
		]);
		const resolved = transitions[2]!.spike;
		expect(resolved).toMatchObject({
			id: 1,
			phase: 'resolved',
			direction: 'up',
			startedAt: T0 + 1 * MINUTE,
			detectedAt: T0 + 2 * MINUTE,
			peakAt: T0 + 3 * MINUTE,
			severity: 9,
			peakValue: 190,
			peakExpected: 100,
			endedAt: T0 + 7 * MINUTE
		});
		expect(tracker.current).toBeNull();
	});

	it('tracks a downward series (average sentiment) and ignores upward anomalies there', () => {
		const tracker = new SpikeTracker({ direction: 'down' });
		expect(feed(tracker, [[0], [7, true], [0], [0], [0]])).toEqual([]);
		const later = T0 + 10 * MINUTE;
		const transitions = feed(tracker, [[0], [-3], [-6, true], [-4], [-1], [-1], [-1]], later);
		expect(transitions.map((t) => t.phase)).toEqual(['forming', 'peak', 'resolved']);
		expect(transitions[0]!.spike).toMatchObject({
			direction: 'down',
			severity: 6,
			startedAt: later + MINUTE
		});
	});

	it('climbs back to forming when a confirmed peak is topped, keeping the spike id', () => {
		const tracker = new SpikeTracker({ direction: 'up' });
		const transitions = feed(tracker, [[6, true], [4], [12], [8], [1], [1], [1]]);
		expect(transitions.map((t) => [t.phase, t.spike.id, t.spike.severity])).toEqual([
			['forming', 1, 6],
			['peak', 1, 6],
			['forming', 1, 12],
			['peak', 1, 12],
			['resolved', 1, 12]
		]);
	});

	it('passes through peak when a spike calms down before its top was confirmed', () => {
		const tracker = new SpikeTracker({ direction: 'up', peakDrop: 0.9 });
		const transitions = feed(tracker, [[5, true], [4.9], [1.9], [1.9], [1.9]]);
		expect(transitions.map((t) => t.phase)).toEqual(['forming', 'peak', 'resolved']);
	});

	it('numbers successive spikes', () => {
		const tracker = new SpikeTracker({ direction: 'up' });
		const transitions = feed(tracker, [[5, true], [0], [0], [0], [0], [7, true], [0], [0], [0]]);
		expect(transitions.filter((t) => t.phase === 'resolved').map((t) => t.spike.id)).toEqual([1, 2]);
	});

	it('replays a revised last minute instead of counting it twice', () => {
		const tracker = new SpikeTracker({ direction: 'up' });
		feed(tracker, [[5, true], [1]]);
		// The filling minute is re-sent every tick: three calm revisions of one minute are one calm point.
		const at = T0 + 2 * MINUTE;
		for (let tick = 0; tick < 3; tick++) expect(tracker.update(at, 101, point(0.1))).toEqual([]);
		expect(tracker.current?.phase).toBe('peak');
		// A revision can also change the outcome: the minute turned out to be a new top.
		const revised = tracker.update(at, 200, point(10));
		expect(revised.map((t) => [t.phase, t.spike.severity])).toEqual([['forming', 10]]);
		expect(tracker.update(T0 + MINUTE, 100, point(0))).toEqual([]); // stale: ignored
	});

	it('survives a JSON round trip mid-spike', () => {
		const original = new SpikeTracker({ direction: 'up' });
		feed(original, [[5, true], [8]]);
		const restored = SpikeTracker.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
		const rest: [number, boolean?][] = [[4], [1], [1], [1]];
		const a = rest.map(([s], i) => original.update(T0 + (2 + i) * MINUTE, 100 + 10 * s, point(s)));
		const b = rest.map(([s], i) => restored.update(T0 + (2 + i) * MINUTE, 100 + 10 * s, point(s)));
		expect(b).toEqual(a);
		expect(a.flat().map((t) => t.phase)).toEqual(['peak', 'resolved']);
	});
});
