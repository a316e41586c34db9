/** Evaluation measures shared by the eval CLI, the training script and the regression test. */

/** Mean of the per-class F1 over the classes present in `gold`. */
export function macroF1<T>(gold: readonly T[], predicted: readonly T[]): number {
	const classes = [...new Set(gold)];
	let total = 0;
	for (const c of classes) {
		let tp = 0;
		let fp = 0;
		let fn = 0;
		for (let i = 0; i < gold.length; i++) {
			const isGold = gold[i] === c;
			const isPredicted = predicted[i] === c;
			if (isGold && isPredicted) tp++;
			else if (isPredicted) fp++;
			else if (isGold) fn++;
		}
		total += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
	}
	return classes.length === 0 ? 0 : total / classes.length;
}

export function accuracy<T>(gold: readonly T[], predicted: readonly T[]): number {
	let correct = 0;
	for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
	return gold.length === 0 ? 0 : correct / gold.length;
}

export function pearson(xs: readonly number[], ys: readonly number[]): number {
	const n = xs.length;
	let mx = 0;
	let my = 0;
	for (let i = 0; i < n; i++) {
		mx += xs[i] as number;
		my += ys[i] as number;
	}
	mx /= n;
	my /= n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = (xs[i] as number) - mx;
		const dy = (ys[i] as number) - my;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
