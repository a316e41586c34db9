import { describe, expect, it } from 'vitest';
import { createDetector } from './detector';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('detector.expectedAt', () => {
	const rhythm = (t: number) => 50 + 30 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);

	it('projects what the next update will expect, without changing the model', () => {
		const detector = createDetector({ direction: 'up' });
		const start = Date.UTC(2026, 0, 5);
		for (let t = start; t < start + 3 * DAY; t += MINUTE)
			detector.update(t, rhythm(t) + ((t / MINUTE) % 5) - 2);
		const next = start + 3 * DAY;
		const before = JSON.stringify(detector.toJSON());
		const projected = detector.expectedAt(next);
		expect(JSON.stringify(detector.toJSON())).toBe(before);
		const output = detector.update(next, 60);
		expect(projected.expected).toBeCloseTo(output.expected, 9);
		expect(projected.lower).toBeCloseTo(output.lower, 9);
		expect(projected.upper).toBeCloseTo(output.upper, 9);
	});

	it('follows the learnt daily rhythm into the past and the future', () => {
		const detector = createDetector({ direction: 'up' });
		const start = Date.UTC(2026, 0, 5);
		for (let t = start; t < start + 4 * DAY; t += MINUTE) detector.update(t, rhythm(t));
		const peak = start + 5 * DAY + DAY / 4;
		const trough = start + 5 * DAY + (3 * DAY) / 4;
		// The level follows part of the rhythm within the day, so the slots hold most but not all of it.
		expect(detector.expectedAt(peak).expected).toBeGreaterThan(60);
		expect(detector.expectedAt(trough).expected).toBeLessThan(40);
		expect(detector.expectedAt(peak).expected - detector.expectedAt(trough).expected).toBeGreaterThan(30);
		expect(detector.expectedAt(peak - 2 * DAY).expected).toBeCloseTo(detector.expectedAt(peak).expected, 6);
	});

	it('is flat zero before any point', () => {
		expect(createDetector().expectedAt(Date.now())).toEqual({ expected: 0, lower: 0, upper: 0 });
	});
});
