/**
 * Turns the lexicons and the learned corrections into one valence map per language, so scoring a word
 * is a single Map lookup. The merge reproduces exactly the linear model train/train.ts fitted.
 */
import learnedJson from './lexicons/learned-weights.json' with { type: 'json' };
import { EMOTICONS, PREFIX_LENGTH, rulesFor, type CompiledModel, type TokenEntry } from './engine';
import { LEXICONS, LEXICON_SCALE, SECONDARY_LEXICONS, type LearnedWeights } from './lexicons';

const learned = learnedJson as unknown as LearnedWeights;
const FEATURES: Readonly<Record<string, number>> = Object.fromEntries(learned.features);

function add(map: Map<string, number>, key: string, value: number): void {
	if (value !== 0) map.set(key, (map.get(key) ?? 0) + value);
}

function compile(lang: string): CompiledModel {
	const features = FEATURES;
	const [lowCut, highCut] = learned.cutPoints[lang] ?? [-1, 1];
	const lexicon = LEXICONS[lang] ?? {};
	const english = LEXICONS.en ?? {};
	const emoji = LEXICONS['*'] ?? {};
	const lexWeight = (features[`${lang}|lex`] ?? 0) / LEXICON_SCALE;
	const englishWeight = lang === 'en' ? 0 : (features[`${lang}|lexen`] ?? 0) / LEXICON_SCALE;
	const symbolWeight = (features['*|emolex'] ?? 0) / LEXICON_SCALE;

	const valence = new Map<string, number>();
	const prefixValence = new Map<string, number>();
	const bigrams = new Map<string, Map<string, number>>();
	const wordPrefix = `${lang}|w|`;
	const stemPrefix = `${lang}|p|`;
	const pairPrefix = `${lang}|b|`;
	for (const [name, weight] of Object.entries(features)) {
		if (name.startsWith(wordPrefix)) {
			add(valence, name.slice(wordPrefix.length), weight);
		} else if (name.startsWith(stemPrefix)) {
			prefixValence.set(name.slice(stemPrefix.length), weight);
		} else if (name.startsWith(pairPrefix)) {
			const [first, second] = name.slice(pairPrefix.length).split(' ') as [string, string];
			let next = bigrams.get(first);
			if (!next) bigrams.set(first, (next = new Map()));
			next.set(second, weight);
		}
	}
	for (const [word, value] of Object.entries(lexicon))
		if (!EMOTICONS.has(word)) add(valence, word, lexWeight * value);
	const secondWeight = (features[`${lang}|lex2`] ?? 0) / LEXICON_SCALE;
	for (const [word, value] of Object.entries(SECONDARY_LEXICONS[lang] ?? {}))
		add(valence, word, secondWeight * value);
	if (englishWeight !== 0) {
		for (const [word, value] of Object.entries(english))
			if (!EMOTICONS.has(word)) add(valence, word, englishWeight * value);
	}
	// Training gave every long word its prefix feature too; fold it in for the words the map knows.
	for (const [word, value] of valence) {
		if (word.length > PREFIX_LENGTH) {
			const stem = prefixValence.get(word.slice(0, PREFIX_LENGTH));
			if (stem !== undefined) valence.set(word, value + stem);
		}
	}
	for (const [name, weight] of Object.entries(features))
		if (name.startsWith('*|w|')) add(valence, name.slice(4), weight);
	for (const [symbol, value] of Object.entries(emoji)) add(valence, symbol, symbolWeight * value);
	for (const symbol of EMOTICONS) add(valence, symbol, symbolWeight * (english[symbol] ?? 0));

	const entries = new Map<string, TokenEntry>();
	for (const [key, value] of valence)
		entries.set(key, { valence: value, next: bigrams.get(key), flags: 0, known: true });
	for (const [first, next] of bigrams) {
		if (entries.has(first)) continue;
		// A bigram's first word may have no valence of its own; it still scores by its prefix, as in training.
		const stem = first.length > PREFIX_LENGTH ? prefixValence.get(first.slice(0, PREFIX_LENGTH)) : undefined;
		entries.set(first, { valence: stem ?? 0, next, flags: 0, known: true });
	}
	const rules = rulesFor(lang);
	for (const [word, ruleEntry] of rules.vocabulary) {
		const entry = entries.get(word);
		if (entry !== undefined) entry.flags = ruleEntry.flags;
		else entries.set(word, { ...ruleEntry });
	}

	return {
		rules: { vocabulary: entries, splitsElision: rules.splitsElision },
		entries,
		prefixValence,
		exclamation: features['*|excl'] ?? 0,
		question: features['*|quest'] ?? 0,
		// Shifted so that 0 sits midway between the label cut points.
		bias: (features[`${lang}|bias`] ?? 0) - (lowCut + highCut) / 2,
		neutralHalfWidth: (highCut - lowCut) / 2,
		known: (word) => entries.get(word)?.known === true
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
