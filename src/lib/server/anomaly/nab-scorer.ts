/**
 * Numenta Anomaly Benchmark scoring (NAB v1.x `sweeper.py` semantics), reimplemented so the evaluation needs
 * no Python. Every scorable row gets a "sweep score": inside a labelled window the scaled sigmoid of its
 * relative position (earlier = better, normalised so a detection on the window's first row is worth exactly
 * A_TP); outside a window the scaled sigmoid of its distance past the preceding window times A_FP. At a given
 * threshold a window is worth the best sweep score among its detected rows (its first detection) or -A_FN if
 * none; false positives add up; true negatives are worth nothing, as in NAB.
 */

export interface CostProfile {
	tpWeight: number;
	/** Positive magnitude; false positives always subtract. */
	fpWeight: number;
	/** Positive magnitude; a missed window subtracts it. */
	fnWeight: number;
	tnWeight: number;
}

export const STANDARD_PROFILE: CostProfile = { tpWeight: 1.0, fpWeight: 0.11, fnWeight: 1.0, tnWeight: 1.0 };

/** NAB scores no detection within the first 15% of a file (capped at 750 rows): the detector is learning. */
export const PROBATION_PERCENT = 0.15;

export interface ScoredRow {
	/** The detector's score for this row; a detection is `anomalyScore >= threshold`. */
	anomalyScore: number;
	sweepScore: number;
	/** Unique window id (file-qualified) or null outside windows. */
	window: string | null;
}

export interface ThresholdScore {
	threshold: number;
	score: number;
	tp: number;
	fp: number;
	fn: number;
	tn: number;
}

export function scaledSigmoid(relativePosition: number): number {
	if (relativePosition >= 3) return -1;
	return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

export function probationaryLength(rows: number, probationPercent = PROBATION_PERCENT): number {
	return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/**
 * Sweep scores for one file. `windows` are [startMs, endMs] sorted by start; their limits must coincide with
 * row timestamps as in NAB's label files (a window whose start matches no row is never entered, as in NAB).
 * Probationary rows are dropped.
 */
export function sweepRows(
	timestamps: readonly number[],
	anomalyScores: ArrayLike<number>,
	windows: readonly (readonly [number, number])[],
	fileName: string,
	profile: CostProfile = STANDARD_PROFILE,
	probationPercent = PROBATION_PERCENT
): ScoredRow[] {
	if (timestamps.length !== anomalyScores.length) throw new Error('timestamps and scores differ in length');
	const maxTp = scaledSigmoid(-1);
	const probation = probationaryLength(timestamps.length, probationPercent);
	const indexOf = new Map<number, number>();
	timestamps.forEach((t, i) => {
		if (!indexOf.has(t)) indexOf.set(t, i);
	});

	const pending = [...windows];
	const rows: ScoredRow[] = [];
	let current: { name: string; end: number; rightIndex: number; width: number } | null = null;
	let prevRightIndex: number | null = null;
	let prevWidth = 0;

	for (let i = 0; i < timestamps.length; i++) {
		const t = timestamps[i]!;
		const next = pending[0];
		if (next && t === next[0]) {
			pending.shift();
			const rightIndex = indexOf.get(next[1]);
			if (rightIndex === undefined) throw new Error(`${fileName}: window end matches no row`);
			current = { name: `${fileName}|${next[0]}`, end: next[1], rightIndex, width: rightIndex - i + 1 };
		}
		let sweepScore: number;
		if (current) {
			const position = -(current.rightIndex - i + 1) / current.width;
			sweepScore = (scaledSigmoid(position) * profile.tpWeight) / maxTp;
		} else {
			const position = prevRightIndex === null ? 3 : Math.abs(prevRightIndex - i) / (prevWidth - 1);
			sweepScore = scaledSigmoid(position) * profile.fpWeight;
		}
		if (i >= probation)
			rows.push({ anomalyScore: anomalyScores[i]!, sweepScore, window: current?.name ?? null });
		if (current && t === current.end) {
			prevRightIndex = i;
			prevWidth = current.width;
			current = null;
		}
	}
	return rows;
}

/**
 * Score at every distinct threshold, highest first; the first entry (threshold +Infinity) is the null detector.
 * Rows from several files may be pooled: window ids are file-qualified, so the totals are the corpus totals.
 */
export function scoresByThreshold(rows: readonly ScoredRow[], profile: CostProfile = STANDARD_PROFILE) {
	const sorted = [...rows].sort((a, b) => b.anomalyScore - a.anomalyScore);
	const windowValue = new Map<string, number>();
	for (const row of sorted) if (row.window !== null) windowValue.set(row.window, -profile.fnWeight);
	let windowSum = -profile.fnWeight * windowValue.size;
	let fpSum = 0;
	let tp = 0;
	let fp = 0;
	let fn = sorted.filter((r) => r.window !== null).length;
	let tn = sorted.length - fn;
	const out: ThresholdScore[] = [];
	let threshold = Number.POSITIVE_INFINITY;
	for (const row of sorted) {
		if (row.anomalyScore !== threshold) {
			out.push({ threshold, score: windowSum + fpSum, tp, fp, fn, tn });
			threshold = row.anomalyScore;
		}
		if (row.window === null) {
			fp++;
			tn--;
			fpSum += row.sweepScore;
		} else {
			tp++;
			fn--;
			const before = windowValue.get(row.window)!;
			if (row.sweepScore > before) {
				windowValue.set(row.window, row.sweepScore);
				windowSum += row.sweepScore - before;
			}
		}
	}
	out.push({ threshold, score: windowSum + fpSum, tp, fp, fn, tn });
	return out;
}

/** Raw score of one file's (or a pool's) rows with detections at `anomalyScore >= threshold`. */
export function scoreAtThreshold(
	rows: readonly ScoredRow[],
	threshold: number,
	profile: CostProfile = STANDARD_PROFILE
): ThresholdScore {
	const best = new Map<string, number>();
	let fpSum = 0;
	let tp = 0;
	let fp = 0;
	let fn = 0;
	let tn = 0;
	for (const row of rows) {
		const detected = row.anomalyScore >= threshold;
		if (row.window === null) {
			if (detected) {
				fp++;
				fpSum += row.sweepScore;
			} else tn++;
			continue;
		}
		if (!best.has(row.window)) best.set(row.window, -profile.fnWeight);
		if (detected) {
			tp++;
			best.set(row.window, Math.max(best.get(row.window)!, row.sweepScore));
		} else fn++;
	}
	let score = fpSum;
	for (const value of best.values()) score += value;
	return { threshold, score, tp, fp, fn, tn };
}

/** The best threshold of a sweep; ties go to the higher threshold (fewer alerts for the same score). */
export function bestThreshold(sweep: readonly ThresholdScore[]): ThresholdScore {
	let best = sweep[0];
	if (!best) throw new Error('empty sweep');
	for (const entry of sweep) if (entry.score > best.score) best = entry;
	return best;
}

/** Sum over windows a perfect detector gets (a detection on each window's first scorable row). */
export function perfectScore(rows: readonly ScoredRow[]): number {
	const best = new Map<string, number>();
	for (const row of rows) {
		if (row.window === null) continue;
		best.set(row.window, Math.max(best.get(row.window) ?? Number.NEGATIVE_INFINITY, row.sweepScore));
	}
	let sum = 0;
	for (const value of best.values()) sum += value;
	return sum;
}

/** Score with no detections at all: every scorable window missed. */
export function nullScore(rows: readonly ScoredRow[], profile: CostProfile = STANDARD_PROFILE): number {
	return -profile.fnWeight * new Set(rows.filter((r) => r.window !== null).map((r) => r.window)).size;
}

/** NAB's normalisation: 0 = null detector, 100 = perfect detector. */
export function normalisedScore(raw: number, nullRaw: number, perfectRaw: number): number {
	if (perfectRaw === nullRaw) return 0;
	return (100 * (raw - nullRaw)) / (perfectRaw - nullRaw);
}
