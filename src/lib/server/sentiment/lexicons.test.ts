import { describe, expect, it } from 'vitest';
import curatedEs from './lexicons/curated-es.json' with { type: 'json' };
import curatedIt from './lexicons/curated-it.json' with { type: 'json' };
import curatedPt from './lexicons/curated-pt.json' with { type: 'json' };
import { LEXICONS, SECONDARY_LEXICONS } from './lexicons';
import { LANGUAGE_RULES } from './rules';
import { scoreSentiment } from './index';

const CURATED = { es: curatedEs.valence, it: curatedIt.valence, pt: curatedPt.valence } as const;

describe.each(Object.entries(CURATED))('curated %s lexicon', (lang, pairs) => {
	const words = pairs.map(([word]) => word as string);

	it('lists each word once, as one lower-case token with a non-zero valence on VADER scale', () => {
		expect(new Set(words).size).toBe(words.length);
		for (const [word, valence] of pairs) {
			expect(word, String(word)).toMatch(/^[^\s\p{Lu}]+$/u);
			expect(Math.abs(valence as number), String(word)).toBeGreaterThan(0);
			expect(Math.abs(valence as number), String(word)).toBeLessThanOrEqual(4);
		}
	});

	it('leaves negation, degree and contrast words to the rules', () => {
		const rules = LANGUAGE_RULES[lang]!;
		const functionWords = [...rules.negators, ...rules.boosters, ...rules.dampeners, ...rules.contrast];
		expect(functionWords.filter((word) => words.includes(word))).toEqual([]);
	});

	it('holds no elongated spellings: the engine undoes elongation itself', () => {
		// A word longer than three letters with a letter three times in a row is never looked up as written.
		expect(words.filter((word) => word.length > 3 && /(.)\1\1/u.test(word))).toEqual([]);
	});

	it('is the main lexicon, with the translated AFINN list as a second opinion', () => {
		const lexicon = LEXICONS[lang]!;
		for (const [word, valence] of pairs) expect(lexicon[word as string], String(word)).toBe(valence);
		expect(Object.keys(SECONDARY_LEXICONS[lang] ?? {}).length).toBeGreaterThan(1000);
	});
});

describe('curated words the translated lists missed', () => {
	it.each([
		['es', 'me han hecho una estafa con el envío'],
		['it', "l'ennesima fregatura di questa compagnia"],
		['pt', 'que perrengue com esse aplicativo']
	])('%s: "%s" is negative', (lang, text) => {
		expect(scoreSentiment(text, lang).label).toBe('negative');
	});
});
