/**
 * Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words",
 * eq. 16-22): which terms are used more in the spike window than in the baseline window, with the noise of
 * rare terms shrunk by a prior taken from both windows together. Raw counts would rank the brand's name and
 * everyday words first; plain log-odds would rank every term seen once in the spike first.
 *
 * The drivers query computes the same thing in ClickHouse (see drivers.ts); this is the reference, and the
 * tests hold the two to each other.
 */

export interface TermCounts {
	term: string;
	/** Posts in the spike window that contain the term. */
	spike: number;
	/** Posts in the baseline window that contain the term. */
	baseline: number;
}

export interface ScoredTerm extends TermCounts {
	/** Log-odds ratio, spike vs baseline, with the prior. */
	delta: number;
	/** delta divided by its estimated standard deviation: the ranking score. */
	z: number;
}

/**
 * `priorScale` is alpha_0, the prior's total pseudo-count; each term's pseudo-count alpha_w is its share of
 * both windows' counts times alpha_0. The default (the two windows' total) makes alpha_w the term's own
 * combined count: strong shrinkage, which is what keeps a one-off term out of the top.
 */
export function scoreLogOdds(counts: readonly TermCounts[], priorScale?: number): ScoredTerm[] {
	let n1 = 0;
	let n0 = 0;
	for (const c of counts) {
		n1 += c.spike;
		n0 += c.baseline;
	}
	const total = n1 + n0;
	if (total === 0) return [];
	const a0 = priorScale ?? total;
	return counts
		.map((c) => {
			const aw = (a0 * (c.spike + c.baseline)) / total;
			const delta =
				Math.log((c.spike + aw) / (n1 + a0 - c.spike - aw)) -
				Math.log((c.baseline + aw) / (n0 + a0 - c.baseline - aw));
			const variance = 1 / (c.spike + aw) + 1 / (c.baseline + aw);
			return { ...c, delta, z: delta / Math.sqrt(variance) };
		})
		.sort((a, b) => b.z - a.z || a.term.localeCompare(b.term));
}
