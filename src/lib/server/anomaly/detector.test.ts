import { describe, expect, it } from 'vitest';
import { createDetector, restoreDetector, type DetectorOutput } from './detector';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5); // a Monday, midnight UTC

function gaussian(seed: number) {
	let a = seed >>> 0;
	const uniform = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
	};
	return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Mentions per minute with a strong daily rhythm: busy at 20:00 (~180), quiet at 08:00 (~20). */
function rhythm(t: number): number {
	const hours = (t % DAY) / HOUR;
	return 100 + 80 * Math.cos(((hours - 20) / 24) * 2 * Math.PI);
}

function copy(output: DetectorOutput): DetectorOutput {
	return { ...output };
}

describe('baseline', () => {
	const noise = gaussian(1);
	const history = Array.from({ length: 9 * 24 * 60 }, (_, i) => {
		const timestamp = START + i * MINUTE;
		return { timestamp, value: rhythm(timestamp) + 5 * noise() };
	});

	it('learns the daily rhythm: the evening peak is normal, an off-rhythm burst is not', () => {
		const detector = createDetector({ direction: 'up' });
		detector.warmUp(history);
		const day10 = START + 9 * DAY;
		const flagged: number[] = [];
		let eveningExpected = 0;
		for (let m = 0; m < 24 * 60; m++) {
			const t = day10 + m * MINUTE;
			const out = detector.update(t, rhythm(t) + 5 * noise());
			if (out.anomaly) flagged.push(t);
			if (m === 20 * 60) eveningExpected = out.expected;
		}
		expect(flagged).toEqual([]);
		expect(eveningExpected).toBeGreaterThan(160);

		// At 08:00 the rhythm says ~20 mentions; 110 is well below the evening peak but far off the rhythm.
		const burstAt = START + 10 * DAY + 8 * HOUR;
		const burst = copy(detector.update(burstAt, 110));
		expect(burst.expected).toBeLessThan(40);
		expect(burst.anomaly).toBe(true);
		expect(burst.sigmas).toBeGreaterThan(6);
	});

	it('is not inflated by a past spike', () => {
		// Twin detectors see the same data, except that one also sees ten minutes of a huge burst.
		const spiked = createDetector({ direction: 'up' });
		const calm = createDetector({ direction: 'up' });
		spiked.warmUp(history.slice(0, 3 * 24 * 60));
		calm.warmUp(history.slice(0, 3 * 24 * 60));
		const t0 = START + 3 * DAY;
		const widthBefore = (() => {
			const out = calm.toJSON() && spiked.update(t0, rhythm(t0));
			calm.update(t0, rhythm(t0));
			return out.upper - out.lower;
		})();
		for (let m = 1; m <= 10; m++) {
			const t = t0 + m * MINUTE;
			spiked.update(t, rhythm(t) + 1000);
			calm.update(t, rhythm(t) + 5 * noise());
		}
		let after: DetectorOutput | null = null;
		let twin: DetectorOutput | null = null;
		for (let m = 11; m <= 30; m++) {
			const t = t0 + m * MINUTE;
			const value = rhythm(t) + 5 * noise();
			after = copy(spiked.update(t, value));
			twin = copy(calm.update(t, value));
		}
		// Within one noise sigma (5) of the twin, band less than a quarter wider.
		expect(Math.abs(after!.expected - twin!.expected)).toBeLessThan(5);
		expect(after!.upper - after!.lower).toBeLessThan(1.25 * widthBefore);
		expect(after!.anomaly).toBe(false);
	});

	it('draws a band that holds ordinary noise', () => {
		const detector = createDetector({ direction: 'up' });
		detector.warmUp(history.slice(0, 3 * 24 * 60));
		let inside = 0;
		let total = 0;
		for (const p of history.slice(3 * 24 * 60)) {
			const out = detector.update(p.timestamp, p.value);
			expect(out.lower).toBeLessThanOrEqual(out.expected);
			expect(out.upper).toBeGreaterThanOrEqual(out.expected);
			if (p.value >= out.lower && p.value <= out.upper) inside++;
			total++;
		}
		expect(inside / total).toBeGreaterThan(0.97);
		// and is not absurdly wide: 3 sigmas of noise with sd 5 is 15
		const last = detector.update(START + 9 * DAY, rhythm(START + 9 * DAY));
		expect(last.upper - last.expected).toBeGreaterThan(8);
		expect(last.upper - last.expected).toBeLessThan(40);
	});
});

describe('direction', () => {
	const noise = gaussian(2);
	const flat = Array.from({ length: 2000 }, (_, i) => ({
		timestamp: START + i * MINUTE,
		value: 0.1 + 0.02 * noise()
	}));

	it('a downward series (average sentiment) flags a drop and ignores a rise', () => {
		const down = createDetector({ direction: 'down' });
		down.warmUp(flat);
		const t = START + 2000 * MINUTE;
		expect(down.update(t, 0.5).anomaly).toBe(false);
		for (let m = 1; m < 30; m++) down.update(t + m * MINUTE, 0.1 + 0.02 * noise());
		const drop = down.update(t + 30 * MINUTE, -0.4);
		expect(drop.anomaly).toBe(true);
		expect(drop.sigmas).toBeLessThan(-6);
	});

	it('an upward series ignores a drop', () => {
		const up = createDetector({ direction: 'up' });
		up.warmUp(flat);
		expect(up.update(START + 2000 * MINUTE, -0.4).anomaly).toBe(false);
		expect(up.update(START + 2001 * MINUTE, 0.6).anomaly).toBe(true);
	});
});

describe('state', () => {
	const noise = gaussian(3);
	const points = Array.from({ length: 3000 }, (_, i) => {
		const timestamp = START + i * 5 * MINUTE; // any regular interval works
		return { timestamp, value: rhythm(timestamp) + 4 * noise() };
	});

	it('warmUp equals feeding the points one by one', () => {
		const a = createDetector();
		a.warmUp(points);
		const b = createDetector();
		for (const p of points) b.update(p.timestamp, p.value);
		expect(a.toJSON()).toEqual(b.toJSON());
	});

	it('survives a JSON round trip', () => {
		const original = createDetector({ direction: 'up' });
		original.warmUp(points.slice(0, 2000));
		const restored = restoreDetector(JSON.parse(JSON.stringify(original.toJSON())));
		for (const p of points.slice(2000)) {
			expect(restored.update(p.timestamp, p.value)).toEqual(original.update(p.timestamp, p.value));
		}
	});

	it('treats a repeated timestamp as a revision of the last point', () => {
		const revised = createDetector();
		const direct = createDetector();
		for (const p of points.slice(0, 500)) {
			revised.update(p.timestamp, p.value * 0.3); // the minute while it fills up
			revised.update(p.timestamp, p.value * 0.7);
			const final = { ...revised.update(p.timestamp, p.value) };
			expect(final).toEqual({ ...direct.update(p.timestamp, p.value) });
		}
		expect(revised.toJSON().scalars).toEqual(direct.toJSON().scalars);
		expect(revised.toJSON().daily).toEqual(direct.toJSON().daily);
	});

	it('ignores stale timestamps and empty minutes', () => {
		const detector = createDetector();
		detector.warmUp(points.slice(0, 100));
		const before = detector.toJSON();
		detector.update(points[50]!.timestamp, 1e9);
		expect(detector.update(points[100]!.timestamp, Number.NaN).score).toBe(0);
		expect(detector.toJSON().scalars).toEqual(before.scalars);
	});
});
