import { describe, expect, it } from 'vitest';
import {
	AFTER_CONTRAST,
	Analysis,
	BEFORE_CONTRAST,
	BOOSTER_FACTOR,
	CAPS_FACTOR,
	DAMPENER_FACTOR,
	ELONGATION_FACTOR,
	EXCLAMATION_STEP,
	KIND_EMOJI,
	KIND_EMOTICON,
	KIND_WORD,
	NEGATION_FACTOR,
	rulesFor,
	TokenEntry,
	Vocabulary
} from './engine';
import { modelFor } from './model';

interface Token {
	key: string;
	kind: number;
	weight: number;
}

function tokens(text: string, lang: string, brand?: string): Token[] {
	const model = modelFor(lang);
	const analysis = new Analysis().analyze(text, rulesFor(lang), model.known, brand);
	const out: Token[] = [];
	for (let i = 0; i < analysis.length; i++) {
		if (analysis.keys[i] === '') continue;
		out.push({
			key: analysis.keys[i] as string,
			kind: analysis.kinds[i] as number,
			weight: analysis.unigramWeight[i] as number
		});
	}
	return out;
}

function weightOf(text: string, lang: string, key: string): number {
	const token = tokens(text, lang).find((t) => t.key === key);
	if (!token) throw new Error(`no token ${key} in ${JSON.stringify(tokens(text, lang).map((t) => t.key))}`);
	return token.weight;
}

describe('negation and its scope', () => {
	const cases: [lang: string, text: string, negated: string, outOfScope: string][] = [
		['en', 'the app is not good, the support team rocks', 'good', 'rocks'],
		['en', 'I never liked the new design. Brilliant support though', 'liked', 'brilliant'],
		['de', 'Die App ist nicht gut, der Support ist toll', 'gut', 'toll'],
		['de', 'Das war kein schöner Tag. Morgen wird super', 'schöner', 'super'],
		['de', 'Ich habe nie Glück gehabt. Heute Freude', 'glück', 'freude'],
		['fr', "Je n'aime pas cette appli, le support est génial", 'aime', 'génial'],
		['fr', "Ce n'est jamais bon. Le reste est parfait", 'bon', 'parfait'],
		['es', 'La app no es buena, el soporte es genial', 'buena', 'genial'],
		['es', 'Nunca funciona bien. El resto es perfecto', 'funciona', 'perfecto'],
		['it', "L'app non è buona, il supporto è fantastico", 'buona', 'fantastico'],
		['it', 'Mai stato contento. Oggi felice', 'contento', 'felice'],
		['pt', 'O app não é bom, o suporte é ótimo', 'bom', 'ótimo'],
		['pt', 'Nunca fiquei feliz. Hoje contente', 'feliz', 'contente']
	];
	it.each(cases)('%s: "%s" flips "%s" but not "%s"', (lang, text, negated, outOfScope) => {
		expect(weightOf(text, lang, negated)).toBeLessThan(0);
		expect(weightOf(text, lang, outOfScope)).toBeGreaterThan(0);
	});

	it('reaches three words forward only', () => {
		const text = 'not a single one good';
		expect(weightOf(text, 'en', 'single')).toBeCloseTo(NEGATION_FACTOR);
		expect(weightOf(text, 'en', 'good')).toBeCloseTo(1);
	});

	it('lets the French "ne" wrap the verb up to "pas" without flipping twice', () => {
		expect(weightOf("je ne l'aime pas", 'fr', 'aime')).toBeCloseTo(NEGATION_FACTOR);
	});

	it('lets a clause-final German "nicht" reach back', () => {
		expect(weightOf('Ich mag das nicht.', 'de', 'mag')).toBeCloseTo(NEGATION_FACTOR);
		expect(weightOf('Ich mag das.', 'de', 'mag')).toBeCloseTo(1);
	});
});

describe('contrast', () => {
	const cases: [lang: string, text: string][] = [
		['en', 'good price but awful service'],
		['de', 'guter Preis aber schlechter Service'],
		['fr', 'bon prix mais service horrible'],
		['es', 'buen precio pero servicio horrible'],
		['it', 'buon prezzo ma servizio orribile'],
		['pt', 'bom preço mas serviço horrível']
	];
	it.each(cases)('%s: "%s" halves the clause before and raises the clause after', (lang, text) => {
		const list = tokens(text, lang);
		expect(list[0]?.weight).toBeCloseTo(BEFORE_CONTRAST);
		expect(list[list.length - 1]?.weight).toBeCloseTo(AFTER_CONTRAST);
	});
});

describe('boosters and dampeners', () => {
	const cases: [lang: string, boosted: string, dampened: string][] = [
		['en', 'very good', 'slightly good'],
		['de', 'sehr gut', 'etwas gut'],
		['fr', 'très bon', 'peu bon'],
		['es', 'muy bueno', 'poco bueno'],
		['it', 'molto buono', 'poco buono'],
		['pt', 'muito bom', 'pouco bom']
	];
	it.each(cases)('%s: "%s" / "%s"', (lang, boosted, dampened) => {
		const boostedTokens = tokens(boosted, lang);
		const dampenedTokens = tokens(dampened, lang);
		expect(boostedTokens[1]?.weight).toBeCloseTo(BOOSTER_FACTOR);
		expect(dampenedTokens[1]?.weight).toBeCloseTo(DAMPENER_FACTOR);
	});
});

describe('emphasis', () => {
	it.each(['en', 'de', 'fr', 'es', 'it', 'pt'])('%s: a shouted word in mixed case weighs more', (lang) => {
		expect(weightOf('the app is GREAT today', lang, 'great')).toBeCloseTo(CAPS_FACTOR);
	});

	it('does not treat an all-caps text as shouting one word', () => {
		expect(weightOf('THE APP IS GREAT', 'en', 'great')).toBeCloseTo(1);
	});

	it('amplifies with "!" runs, up to four', () => {
		expect(weightOf('great!!', 'en', 'great')).toBeCloseTo(1 + 2 * EXCLAMATION_STEP);
		expect(weightOf('great!!!!!!!', 'en', 'great')).toBeCloseTo(1 + 4 * EXCLAMATION_STEP);
	});

	it.each([
		['en', 'soooo goooood', 'good'],
		['de', 'suuuuper', 'super'],
		['es', 'buenisimoooo', 'buenisimo'],
		['pt', 'lindooooo', 'lindo']
	])('%s: undoes and rewards elongation in "%s"', (lang, text, key) => {
		const token = tokens(text, lang).find((t) => t.key === key);
		expect(token?.weight ?? 0).toBeGreaterThanOrEqual(ELONGATION_FACTOR - 1e-9);
	});
});

describe('symbols, hashtags, handles and URLs', () => {
	it('keeps emoji and emoticons as tokens, counting a run of one emoji at most three times', () => {
		const list = tokens('ok 😍😍😍😍😍 :) <3', 'en');
		expect(list.filter((t) => t.kind === KIND_EMOJI)).toHaveLength(3);
		expect(list.filter((t) => t.kind === KIND_EMOTICON).map((t) => t.key)).toEqual([':)', '<3']);
	});

	it.each([
		['#EpicFail', ['epic', 'fail']],
		['#fail', ['fail']],
		['#epicfail', ['epic', 'fail']],
		['#Servicio_Malo', ['servicio', 'malo']]
	])('splits %s into words', (text, expected) => {
		expect(tokens(text, 'en').map((t) => t.key)).toEqual(expected);
	});

	it('ignores @handles and URLs', () => {
		expect(tokens('@someone loves https://t.co/abc www.example.com', 'en').map((t) => t.key)).toEqual([
			'loves'
		]);
	});

	it('splits Romance elisions', () => {
		expect(tokens("l'amour", 'fr').map((t) => t.key)).toEqual(["l'", 'amour']);
		expect(tokens("l'amore", 'it').map((t) => t.key)).toEqual(["l'", 'amore']);
		expect(tokens("don't", 'en').map((t) => t.kind)).toEqual([KIND_WORD]);
	});

	it('lower-cases, de-elongates and splits whatever the case and apostrophe', () => {
		expect(tokens('Ça NE va pas, c’est NUL', 'fr').map((t) => t.key)).toEqual([
			'ça',
			'ne',
			'va',
			'pas',
			"c'",
			'est',
			'nul'
		]);
		expect(weightOf('das ist SCHÖN heute', 'de', 'schön')).toBeCloseTo(CAPS_FACTOR);
		expect(weightOf('das ist Schön heute', 'de', 'schön')).toBeCloseTo(1);
		// Mixed-case elongation is only visible after lower-casing ("GOoOod" -> "good").
		expect(tokens('so GOoOod', 'en').map((t) => t.key)).toEqual(['so', 'good']);
	});
});

describe('Vocabulary', () => {
	it('answers as its map does, through lookups that evict each other from the cache', () => {
		const entries = new Map<string, TokenEntry>();
		for (let i = 0; i < 20_000; i++) entries.set(`word${i}`, new TokenEntry(i, -i, undefined, 0, true));
		const long = 'incomprehensibilities';
		entries.set(long, new TokenEntry(-1, 1, undefined, 0, true));
		const vocabulary = new Vocabulary(entries);
		// A long word is looked up past the cache, from a slice of a text as the tokenizer cuts it.
		expect(vocabulary.get(`Such ${long}!`.slice(5, 5 + long.length))?.positive).toBe(1);
		// Twenty thousand words in 4,096 slots: many share a slot, so a lookup often replaces the one before.
		for (let round = 0; round < 2; round++) {
			for (let i = 0; i < 20_000; i += 7) {
				expect(vocabulary.get(`word${i}`)?.negative).toBe(i);
				expect(vocabulary.get(`unknown${i}`)).toBeUndefined();
				// A key equal to a cached one but a different string object.
				expect(vocabulary.get(['word', i].join(''))?.positive).toBe(-i);
			}
		}
	});
});
