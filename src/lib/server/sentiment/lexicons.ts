/** The bundled lexicons (see lexicons/PROVENANCE.md), keyed by language; '*' holds the emoji valences. */
import vader from './lexicons/vader-lexicon.json' with { type: 'json' };
import afinnEn from './lexicons/afinn-en.json' with { type: 'json' };
import afinnDe from './lexicons/afinn-de.json' with { type: 'json' };
import afinnFr from './lexicons/afinn-fr.json' with { type: 'json' };
import afinnEs from './lexicons/afinn-es.json' with { type: 'json' };
import afinnIt from './lexicons/afinn-it.json' with { type: 'json' };
import afinnPt from './lexicons/afinn-pt.json' with { type: 'json' };
import curated from './lexicons/curated-core.json' with { type: 'json' };
import curatedEs from './lexicons/curated-es.json' with { type: 'json' };
import curatedIt from './lexicons/curated-it.json' with { type: 'json' };
import curatedPt from './lexicons/curated-pt.json' with { type: 'json' };
import emoji from './lexicons/emoji-valence.json' with { type: 'json' };

/** Lexicon valences are on VADER's -4..4 scale; features divide by this to stay near [-1, 1]. */
export const LEXICON_SCALE = 4;

type Lexicon = Record<string, number>;

/** Lexicon files store [word, valence] pairs (cheap for the type checker and the JSON parser). */
function fromPairs(pairs: (string | number)[][]): Lexicon {
	const lexicon: Lexicon = {};
	for (const [word, value] of pairs) lexicon[word as string] = value as number;
	return lexicon;
}

/**
 * Endings swapped to reach the other gender/number forms of an entry: the translated lexicons list one
 * form ("fantastico") while tweets use all of them ("fantastica", "fantastici").
 */
const INFLECTIONS: Record<string, readonly (readonly string[])[]> = {
	de: [['', 'e', 'en', 'er', 'es', 'em']],
	fr: [
		['', 'e', 's', 'es'],
		['eux', 'euse', 'euses'],
		['if', 'ive', 'ifs', 'ives']
	],
	es: [
		['o', 'a', 'os', 'as'],
		['e', 'es'],
		['', 'es']
	],
	it: [
		['o', 'a', 'i', 'e'],
		['e', 'i']
	],
	pt: [
		['o', 'a', 'os', 'as'],
		['e', 'es'],
		['', 's']
	]
};

const COMBINING_MARKS = /\p{M}/gu;

/** Adds missing inflected and unaccented forms of every entry; listed forms always keep their own valence. */
function withInflections(lang: string, ...sources: Lexicon[]): Lexicon {
	const listed: Lexicon = Object.assign({}, ...sources);
	const expanded: Lexicon = {};
	for (const [word, value] of Object.entries(listed)) {
		if (word.length < 4) continue;
		for (const group of INFLECTIONS[lang] ?? []) {
			for (const ending of group) {
				if (!word.endsWith(ending)) continue;
				const stem = word.slice(0, word.length - ending.length);
				for (const other of group) if (!(stem + other in listed)) expanded[stem + other] ??= value;
				break;
			}
		}
	}
	// Tweets often drop accents ("nao", "pessimo", "tres"): the bare spelling gets the entry's valence.
	// German umlauts are not decoration ("schön" vs "schon"), so German keeps them.
	if (lang === 'de') return Object.assign(expanded, listed);
	for (const [word, value] of Object.entries(listed)) {
		const bare = word.normalize('NFD').replace(COMBINING_MARKS, '');
		if (bare !== word && !(bare in listed)) expanded[bare] ??= value;
	}
	return Object.assign(expanded, listed);
}

const core = curated.valence;

/**
 * Each language's main lexicon. Spanish, Italian and Portuguese have their own hand-curated lexicons
 * (engines 1.4.0 and 1.5.0): with the machine-translated AFINN lists as main lexicons their 5-fold CV
 * macro-F1 was 0.570 / 0.642 / 0.604; with the curated ones, and AFINN kept as a second opinion, it is
 * 0.596 / 0.684 / 0.640 (train/train.ts, fifth round).
 */
export const LEXICONS: Readonly<Record<string, Readonly<Lexicon>>> = {
	en: fromPairs(vader.valence),
	de: withInflections('de', fromPairs(afinnDe.valence), fromPairs(core.de)),
	fr: withInflections('fr', fromPairs(afinnFr.valence), fromPairs(core.fr)),
	es: withInflections('es', fromPairs(curatedEs.valence)),
	it: withInflections('it', fromPairs(curatedIt.valence)),
	pt: withInflections('pt', fromPairs(curatedPt.valence)),
	'*': fromPairs(emoji.valence)
};

/**
 * Second-opinion lexicons, entering the model as their own feature with its own learned weight:
 * English has VADER as its main lexicon and AFINN-165 besides; Spanish, Italian and Portuguese their
 * curated lexicons and AFINN's translations besides.
 */
export const SECONDARY_LEXICONS: Readonly<Record<string, Readonly<Lexicon>>> = {
	en: fromPairs(afinnEn.valence),
	es: withInflections('es', fromPairs(afinnEs.valence)),
	it: withInflections('it', fromPairs(afinnIt.valence)),
	pt: withInflections('pt', fromPairs(afinnPt.valence))
};

/** Shape of lexicons/learned-weights.json, written by train/train.ts. */
export interface LearnedWeights {
	provenance: string;
	/**
	 * Multinomial (3-class) logistic regression with neutral as the reference class: a text's negative
	 * and positive logits are the sums of its features' weights; the label is the most probable class.
	 */
	model: 'multinomial';
	/**
	 * [feature name, weight in the negative logit, weight in the positive logit]. Names: `<lang>|w|<word>`,
	 * `<lang>|p|<prefix>`, `<lang>|b|<word> <word>`, `*|w|<emoji or emoticon>`, and the dense `<lang>|lex`,
	 * `<lang>|lex2`, `<lang>|lexen`, `<lang>|bias`, `*|emolex`, `*|excl`, `*|quest`.
	 */
	features: [string, number, number][];
}
