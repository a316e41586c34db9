import { describe, expect, it } from 'vitest';
import {
	bestThreshold,
	normalisedScore,
	nullScore,
	perfectScore,
	probationaryLength,
	scaledSigmoid,
	scoreAtThreshold,
	scoresByThreshold,
	sweepRows
} from './nab-scorer';

// 100 rows one minute apart; probation is the first 15 rows; one window over rows 40..49 (10 rows).
const MINUTE = 60_000;
const times = Array.from({ length: 100 }, (_, i) => i * MINUTE);
const windows = [[40 * MINUTE, 49 * MINUTE] as const];

function detectionsAt(...rows: number[]): number[] {
	const scores = new Array<number>(100).fill(0);
	for (const row of rows) scores[row] = 1;
	return scores;
}

function scoreOf(scores: number[]) {
	const rows = sweepRows(times, scores, windows, 'f.csv');
	return { rows, result: scoreAtThreshold(rows, 1) };
}

const maxTp = 2 / (1 + Math.exp(-5)) - 1; // scaledSigmoid(-1) = 0.98661

describe('scaledSigmoid', () => {
	it('matches the values NAB documents', () => {
		expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
		expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
		expect(scaledSigmoid(0)).toBeCloseTo(0, 10);
		expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
		expect(scaledSigmoid(3)).toBe(-1);
	});
});

describe('NAB standard-profile scoring', () => {
	it('ignores the probationary 15% (capped at 750 rows)', () => {
		expect(probationaryLength(100)).toBe(15);
		expect(probationaryLength(10_000)).toBe(750);
		const { rows, result } = scoreOf(detectionsAt(10));
		expect(rows).toHaveLength(85);
		expect(result.score).toBeCloseTo(-1, 10); // the window is missed, the early detection does not count
	});

	it('gives a detection on the first row of a window the full A_TP', () => {
		expect(scoreOf(detectionsAt(40)).result.score).toBeCloseTo(1, 10);
	});

	it('gives a detection on the last row of a window the sigmoid of -1/width, scaled', () => {
		// position -(49 - 49 + 1) / 10 = -0.1
		const expected = (2 / (1 + Math.exp(-0.5)) - 1) / maxTp;
		expect(scoreOf(detectionsAt(49)).result.score).toBeCloseTo(expected, 10);
		expect(expected).toBeCloseTo(0.24824, 4);
	});

	it('counts only the earliest detection in a window', () => {
		// row 41: position -(49 - 41 + 1) / 10 = -0.9
		const expected = (2 / (1 + Math.exp(-4.5)) - 1) / maxTp;
		expect(scoreOf(detectionsAt(45, 41, 47)).result.score).toBeCloseTo(expected, 10);
	});

	it('charges a false positive before any window the full A_FP, plus the missed window', () => {
		expect(scoreOf(detectionsAt(20)).result.score).toBeCloseTo(-1 - 0.11, 10);
	});

	it('charges a false positive after a window by its distance from the window end', () => {
		// row 58: |49 - 58| / (10 - 1) = 1 -> scaledSigmoid(1) = -0.98661, times 0.11; the window is missed
		expect(scoreOf(detectionsAt(58)).result.score).toBeCloseTo(-1 + 0.11 * -0.98661, 5);
		// row 50, just after the end: |49 - 50| / 9 -> a small penalty
		const nearPenalty = 0.11 * (2 / (1 + Math.exp(5 / 9)) - 1);
		expect(scoreOf(detectionsAt(40, 50)).result.score).toBeCloseTo(1 + nearPenalty, 10);
		// far past the window (position >= 3) the full penalty applies again
		expect(scoreOf(detectionsAt(40, 90)).result.score).toBeCloseTo(1 - 0.11, 10);
	});

	it('normalises between the null and the perfect detector', () => {
		const { rows } = scoreOf(detectionsAt());
		expect(nullScore(rows)).toBe(-1);
		expect(perfectScore(rows)).toBeCloseTo(1, 10);
		expect(normalisedScore(1, -1, 1)).toBe(100);
		expect(normalisedScore(-1, -1, 1)).toBe(0);
		expect(normalisedScore(-1.11, -1, 1)).toBeCloseTo(-5.5, 10);
	});

	it('sweeps thresholds and picks the best one', () => {
		const scores = new Array<number>(100).fill(0.1);
		scores[20] = 0.95; // false positive before the window
		scores[42] = 0.9; // inside the window: -(49 - 42 + 1) / 10 = -0.8
		scores[70] = 0.5; // false positive after the window: |49 - 70| / 9 > 2.33
		const rows = sweepRows(times, scores, windows, 'f.csv');
		const sweep = scoresByThreshold(rows);
		const tp = (2 / (1 + Math.exp(-4)) - 1) / maxTp;
		const farFp = 0.11 * (2 / (1 + Math.exp(5 * (21 / 9))) - 1);
		expect(sweep.map((s) => s.threshold)).toEqual([Number.POSITIVE_INFINITY, 0.95, 0.9, 0.5, 0.1]);
		expect(sweep[0]!.score).toBeCloseTo(-1, 10);
		expect(sweep[1]!.score).toBeCloseTo(-1.11, 10);
		expect(sweep[2]!.score).toBeCloseTo(tp - 0.11, 10);
		expect(sweep[3]!.score).toBeCloseTo(tp - 0.11 + farFp, 10);
		const best = bestThreshold(sweep);
		expect(best.threshold).toBe(0.9);
		expect(scoreAtThreshold(rows, 0.9).score).toBeCloseTo(best.score, 10);
	});

	it('pools files: one threshold, windows kept apart', () => {
		const a = sweepRows(times, detectionsAt(40), windows, 'a.csv');
		const b = sweepRows(times, detectionsAt(), windows, 'b.csv');
		const pooled = [...a, ...b];
		expect(nullScore(pooled)).toBe(-2);
		expect(scoreAtThreshold(pooled, 1).score).toBeCloseTo(0, 10);
		expect(normalisedScore(0, -2, perfectScore(pooled))).toBeCloseTo(50, 10);
	});
});
