/**
 * 5-fold cross-validation on the UMSAB train split: runs train.ts --fold k for k = 0..4 with the given
 * extra arguments and prints mean holdout macro-F1 per language at the committed decision rule (band
 * x0.65, no shift; for --multinomial/--neutrality, zero offsets), at the best rule common to all
 * languages (chosen on the same holdouts, so slightly optimistic), and nested: for each fold, the rule
 * that scored best on the other four folds' holdouts, scored on that fold.
 *
 * Run: npx tsx src/lib/server/sentiment/train/cv.ts [train.ts arguments, e.g. --ngrams]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const extra = process.argv.slice(2);
type Grid = Record<string, Record<string, number>>;
const grids: Grid[] = [];
let committedCell = '0.65|0.00';
for (let fold = 0; fold < 5; fold++) {
	const out = execFileSync('npx', ['tsx', path.join(here, 'train.ts'), '--fold', String(fold), ...extra], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore']
	});
	const result = JSON.parse(out.trim().split('\n').pop() as string) as { grid: Grid; committed?: string };
	grids.push(result.grid);
	if (result.committed) committedCell = result.committed;
}
const languages = Object.keys(grids[0] as Grid);
const cells = Object.keys((grids[0] as Grid)[languages[0] as string] as Record<string, number>);
function meanAt(lang: string, cell: string): number {
	return grids.reduce((s, g) => s + ((g[lang] as Record<string, number>)[cell] as number), 0) / grids.length;
}
function line(cell: string): string {
	const values = languages.map((lang) => meanAt(lang, cell));
	const mean = values.reduce((a, b) => a + b, 0) / values.length;
	return `${languages.map((l, i) => `${l} ${(values[i] as number).toFixed(3)}`).join('  ')}  mean ${mean.toFixed(3)}  min ${Math.min(...values).toFixed(3)}`;
}
let best = cells[0] as string;
let bestMean = -1;
for (const cell of cells) {
	const m = languages.reduce((s, lang) => s + meanAt(lang, cell), 0);
	if (m > bestMean) {
		bestMean = m;
		best = cell;
	}
}
const committed = cells.includes(committedCell) ? committedCell : committedCell.replace('|', '|-');
/** Spread of the six-language mean over the folds, to tell a change from fold noise. */
const perFold = grids.map(
	(g) =>
		languages.reduce((s, lang) => s + ((g[lang] as Record<string, number>)[committed] as number), 0) /
		languages.length
);
const foldMean = perFold.reduce((a, b) => a + b, 0) / perFold.length;
const foldSd = Math.sqrt(perFold.reduce((s, v) => s + (v - foldMean) ** 2, 0) / (perFold.length - 1));
console.log(`args: ${extra.join(' ') || '(none)'}`);
console.log(
	`folds (mean of six languages, committed rule): ${perFold.map((v) => v.toFixed(3)).join(' ')}  sd ${foldSd.toFixed(3)}`
);
console.log(`committed ${committed}: ${line(committed)}`);
console.log(`best ${best}: ${line(best)}`);
/** Mean over folds of each fold's F1 at the cell that scored best on the other folds, for `langs` together. */
function nestedFor(langs: readonly string[]): { f1: number[]; chosen: string[] } {
	const f1 = langs.map(() => 0);
	const chosen: string[] = [];
	grids.forEach((grid, k) => {
		let pick = cells[0] as string;
		let pickSum = -1;
		for (const cell of cells) {
			let sum = 0;
			grids.forEach((g, j) => {
				if (j !== k) for (const lang of langs) sum += (g[lang] as Record<string, number>)[cell] as number;
			});
			if (sum > pickSum) {
				pickSum = sum;
				pick = cell;
			}
		}
		chosen.push(pick);
		langs.forEach((lang, i) => {
			f1[i] = (f1[i] as number) + ((grid[lang] as Record<string, number>)[pick] as number) / grids.length;
		});
	});
	return { f1, chosen };
}
// Nested: fold k is scored at the cell with the best six-language mean over the other folds.
const nested = nestedFor(languages);
const nestedMean = nested.f1.reduce((a, b) => a + b, 0) / nested.f1.length;
console.log(
	`nested (${nested.chosen.join(', ')}): ${languages.map((l, i) => `${l} ${(nested.f1[i] as number).toFixed(3)}`).join('  ')}  mean ${nestedMean.toFixed(3)}  min ${Math.min(...nested.f1).toFixed(3)}`
);
// Nested per language: each language's own rule, chosen on the other folds by that language alone.
console.log(
	`nested per language: ${languages
		.map((lang) => {
			const own = nestedFor([lang]);
			return `${lang} ${(own.f1[0] as number).toFixed(3)} (${own.chosen.join(', ')})`;
		})
		.join('  ')}`
);
