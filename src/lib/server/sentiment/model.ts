/**
 * Turns the lexicons and the learned corrections into one map per language from each word to its
 * weights in the negative and positive logits, so scoring a word is a single Map lookup. The merge
 * reproduces exactly the multinomial model train/train.ts fitted.
 */
import learnedJson from './lexicons/learned-weights.json' with { type: 'json' };
import {
	EMOTICONS,
	PREFIX_LENGTH,
	rulesFor,
	TokenEntry,
	Vocabulary,
	type CompiledModel,
	type Logits
} from './engine';
import { LEXICONS, LEXICON_SCALE, SECONDARY_LEXICONS, type LearnedWeights } from './lexicons';

const learned = learnedJson as unknown as LearnedWeights;
const FEATURES: ReadonlyMap<string, Logits> = new Map(
	learned.features.map(([name, negative, positive]) => [name, { negative, positive }])
);
const ZERO: Logits = { negative: 0, positive: 0 };

function weightsOf(name: string): Logits {
	return FEATURES.get(name) ?? ZERO;
}

/** A known token's weights, without bigrams or rule flags yet. */
function entryOf(weights: Logits, scale = 1): TokenEntry {
	return new TokenEntry(scale * weights.negative, scale * weights.positive, undefined, 0, true);
}

/** Adds `scale` times `weights` to the entry of `key`. */
function add(map: Map<string, TokenEntry>, key: string, weights: Logits, scale = 1): void {
	if (scale === 0 || (weights.negative === 0 && weights.positive === 0)) return;
	const current = map.get(key);
	if (current) {
		current.negative += scale * weights.negative;
		current.positive += scale * weights.positive;
	} else {
		map.set(key, entryOf(weights, scale));
	}
}

function compile(lang: string): CompiledModel {
	const lexicon = LEXICONS[lang] ?? {};
	const english = LEXICONS.en ?? {};
	const emoji = LEXICONS['*'] ?? {};
	// Lexicon valences enter training as one feature per language and lexicon, divided by LEXICON_SCALE.
	const lexWeight = weightsOf(`${lang}|lex`);
	// and, for the languages trained with it, their magnitudes (a sentiment word of either sign is not neutral).
	const lexMagnitudeWeight = weightsOf(`${lang}|lexabs`);
	const englishWeight = lang === 'en' ? ZERO : weightsOf(`${lang}|lexen`);
	const symbolWeight = weightsOf('*|emolex');
	const secondWeight = weightsOf(`${lang}|lex2`);

	// Every token's entry, built up from the features below; bigrams and rule flags are attached last.
	const entries = new Map<string, TokenEntry>();
	const prefixes = new Map<string, TokenEntry>();
	const bigrams = new Map<string, Map<string, TokenEntry>>();
	const wordPrefix = `${lang}|w|`;
	const stemPrefix = `${lang}|p|`;
	const pairPrefix = `${lang}|b|`;
	for (const [name, weights] of FEATURES) {
		if (name.startsWith(wordPrefix)) {
			add(entries, name.slice(wordPrefix.length), weights);
		} else if (name.startsWith(stemPrefix)) {
			prefixes.set(name.slice(stemPrefix.length), entryOf(weights));
		} else if (name.startsWith(pairPrefix)) {
			const [first, second] = name.slice(pairPrefix.length).split(' ') as [string, string];
			let next = bigrams.get(first);
			if (!next) bigrams.set(first, (next = new Map()));
			next.set(second, entryOf(weights));
		}
	}
	for (const [word, value] of Object.entries(lexicon)) {
		if (EMOTICONS.has(word)) continue;
		add(entries, word, lexWeight, value / LEXICON_SCALE);
		add(entries, word, lexMagnitudeWeight, Math.abs(value) / LEXICON_SCALE);
	}
	for (const [word, value] of Object.entries(SECONDARY_LEXICONS[lang] ?? {}))
		add(entries, word, secondWeight, value / LEXICON_SCALE);
	if (englishWeight !== ZERO) {
		for (const [word, value] of Object.entries(english))
			if (!EMOTICONS.has(word)) add(entries, word, englishWeight, value / LEXICON_SCALE);
	}
	// Training gave every long word its prefix feature too; fold it in for the words the map knows.
	for (const [word, weights] of entries) {
		if (word.length > PREFIX_LENGTH) {
			const stem = prefixes.get(word.slice(0, PREFIX_LENGTH));
			if (stem !== undefined) {
				weights.negative += stem.negative;
				weights.positive += stem.positive;
			}
		}
	}
	for (const [name, weights] of FEATURES) if (name.startsWith('*|w|')) add(entries, name.slice(4), weights);
	for (const [symbol, value] of Object.entries(emoji))
		add(entries, symbol, symbolWeight, value / LEXICON_SCALE);
	for (const symbol of EMOTICONS) add(entries, symbol, symbolWeight, (english[symbol] ?? 0) / LEXICON_SCALE);

	for (const [first, next] of bigrams) {
		const entry = entries.get(first);
		if (entry !== undefined) {
			entry.next = next;
		} else {
			// A bigram's first word may have no weights of its own; it still scores by its prefix, as in training.
			const stem = first.length > PREFIX_LENGTH ? prefixes.get(first.slice(0, PREFIX_LENGTH)) : undefined;
			const own = entryOf(stem ?? ZERO);
			own.next = next;
			entries.set(first, own);
		}
	}
	const rules = rulesFor(lang);
	for (const [word, ruleEntry] of rules.vocabulary.entries) {
		const entry = entries.get(word);
		if (entry !== undefined) entry.flags = ruleEntry.flags;
		else entries.set(word, new TokenEntry(0, 0, undefined, ruleEntry.flags, false));
	}

	const vocabulary = new Vocabulary(entries);
	return {
		rules: { vocabulary, splitsElision: rules.splitsElision },
		prefixes,
		exclamation: { ...weightsOf('*|excl') },
		question: { ...weightsOf('*|quest') },
		bias: { ...weightsOf(`${lang}|bias`) },
		known: (word) => vocabulary.get(word)?.known === true
	};
}

const MODEL_LANGUAGES = new Set(Object.keys(LEXICONS).filter((lang) => lang !== '*'));
const compiled = new Map<string, CompiledModel>();

/** The model for `lang`, compiled on first use; languages without one get the English model. */
export function modelFor(lang: string): CompiledModel {
	const key = MODEL_LANGUAGES.has(lang) ? lang : 'en';
	let model = compiled.get(key);
	if (!model) compiled.set(key, (model = compile(key)));
	return model;
}
