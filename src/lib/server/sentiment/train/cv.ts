/**
 * 5-fold cross-validation on the UMSAB train split: runs train.ts --fold k for k = 0..4 with the given
 * extra arguments and prints mean holdout macro-F1 per language at the committed band (x0.65, no
 * shift) and at the best band common to all languages.
 *
 * Run: npx tsx src/lib/server/sentiment/train/cv.ts [train.ts arguments, e.g. --ngrams]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const extra = process.argv.slice(2);
type Grid = Record<string, Record<string, number>>;
const grids: Grid[] = [];
for (let fold = 0; fold < 5; fold++) {
	const out = execFileSync('npx', ['tsx', path.join(here, 'train.ts'), '--fold', String(fold), ...extra], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore']
	});
	grids.push((JSON.parse(out.trim().split('\n').pop() as string) as { grid: Grid }).grid);
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
const committed = cells.includes('0.65|0.00') ? '0.65|0.00' : '0.65|-0.00';
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
	`folds (mean of six languages, band 0.65): ${perFold.map((v) => v.toFixed(3)).join(' ')}  sd ${foldSd.toFixed(3)}`
);
console.log(`band 0.65|0.00: ${line(committed)}`);
console.log(`best ${best}: ${line(best)}`);
