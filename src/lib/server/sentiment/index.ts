/**
 * Multilingual rule-and-lexicon sentiment engine (English, German, French, Spanish, Italian,
 * Portuguese), in the spirit of VADER: word valences from lexicons plus weights learned on the UMSAB
 * train split, reshaped by negation scope, contrast ("but"), boosters and dampeners, ALL-CAPS, "!"/"?"
 * runs, elongation, emoji and emoticons, and hashtags split into words; @handles and URLs are ignored.
 * See engine.ts for the rules, model.ts for the valences and lexicons/PROVENANCE.md for the sources.
 */
import type { SentimentLabel } from '../../metrics';
import { Analysis, classLogits, KIND_BOUNDARY, KIND_WORD, type Logits } from './engine';
import { LEXICONS } from './lexicons';
import { modelFor } from './model';
import { detectLanguage } from './detect';

export { detectLanguage };

export interface SentimentResult {
	/** In [-1, 1]. */
	score: number;
	label: SentimentLabel;
	/** ISO 639-1 code of the language the text was scored as. */
	lang: string;
	/** Engine version, stored with each mention so a later engine can re-score. */
	version: string;
}

export const SENTIMENT_ENGINE_VERSION = '1.5.0';

export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/**
 * Label thresholds on `score`: <= -LABEL_THRESHOLD negative, >= LABEL_THRESHOLD positive, else neutral.
 * The model is a 3-class (multinomial) logistic regression, and the label is its most probable class;
 * `scoreFromLogits` maps the class logits to a score that crosses ±LABEL_THRESHOLD exactly where a
 * polar class becomes the most probable one.
 */
export const LABEL_THRESHOLD = 0.3;
/** A complaint to the brand stays negative unless the rest of the text is at least this positive. */
const COMPLAINT_OVERRIDE_LIMIT = 0.6;
const COMPLAINT_SCORE = -(LABEL_THRESHOLD + 0.05);

/**
 * Score in [-1, 1] from the negative and positive logits against neutral (neutral = 0).
 * - A polar class is the most probable: ±(T + (1 - T)(1 - e^-m)), T = LABEL_THRESHOLD, where m is its
 *   logit margin over the runner-up class, so |score| grows from T towards 1 with the model's confidence.
 * - Neutral is the most probable: T(P+ - P-) / (Pn - min(P+, P-)), the lean between the polar classes,
 *   0 when they are equally likely, ±T where one of them ties with neutral and near 0 when neutral is
 *   far ahead of both.
 * The score rises with the positive logit and falls with the negative one; it jumps only where the
 * two polar classes tie ahead of neutral (a text that is strongly both). An exact tie of a polar class
 * with neutral scores ±T, so the label goes to the polar class.
 */
export function scoreFromLogits(negative: number, positive: number): number {
	if (positive > negative && positive > 0) {
		return LABEL_THRESHOLD + (1 - LABEL_THRESHOLD) * -Math.expm1(Math.max(negative, 0) - positive);
	}
	if (negative > positive && negative > 0) {
		return -LABEL_THRESHOLD - (1 - LABEL_THRESHOLD) * -Math.expm1(Math.max(positive, 0) - negative);
	}
	// Neutral leads (both logits <= 0); in units of P(neutral): P+ = e^positive, P- = e^negative.
	const gap = -Math.expm1(Math.min(negative, positive));
	return gap === 0 ? 0 : (LABEL_THRESHOLD * (Math.exp(positive) - Math.exp(negative))) / gap;
}

/** VADER's normalisation of a valence sum into [-1, 1]: sum / sqrt(sum² + alpha). */
const VADER_ALPHA = 15;
const EMOJI_VALENCE = LEXICONS['*'] ?? {};
const EMOTICON_VALENCE = LEXICONS.en ?? {};

/**
 * A text of emoji and emoticons only (besides @handles and URLs), scored from their lexicon valences as
 * VADER scores them; undefined as soon as the text holds a word. The learned model saw almost no such
 * texts (its tweets are words), so there its bias decided: "@brand 😍" came out neutral, while a reply
 * of only "😍" or "👍" is as clear a signal as a brand gets.
 */
function symbolsOnlyScore(analysis: Analysis): number | undefined {
	let sum = 0;
	for (let i = 0; i < analysis.length; i++) {
		const kind = analysis.kinds[i];
		if (kind === KIND_WORD) return undefined;
		if (kind === KIND_BOUNDARY) continue;
		const key = analysis.keys[i] as string;
		sum += (EMOJI_VALENCE[key] ?? EMOTICON_VALENCE[key] ?? 0) * (analysis.unigramWeight[i] as number);
	}
	return sum / Math.sqrt(sum * sum + VADER_ALPHA);
}

const supported: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGES);
const analysis = new Analysis();
const logits: Logits = { negative: 0, positive: 0 };

/** 'pt-BR' -> 'pt', 'EN' -> 'en'. */
function primaryLanguage(tag: string): string {
	const cut = tag.search(/[-_]/);
	return (cut > 0 ? tag.slice(0, cut) : tag).toLowerCase();
}

function normalizeBrand(brand: string | undefined): string | undefined {
	if (!brand) return undefined;
	const handle = brand.startsWith('@') ? brand.slice(1) : brand;
	return handle ? handle.toLowerCase() : undefined;
}

/**
 * Scores one mention. `lang` (ISO 639-1) skips detection; an unsupported language is scored with the
 * English model (emoji, emoticons and English words still count) and reported under its own code.
 */
export function scoreSentiment(text: string, lang?: string, context?: { brand?: string }): SentimentResult {
	const language =
		lang === undefined || lang === ''
			? detectLanguage(text)
			: supported.has(lang)
				? lang
				: primaryLanguage(lang);
	const model = modelFor(supported.has(language) ? language : 'en');
	analysis.analyze(text, model.rules, model.known, normalizeBrand(context?.brand));
	// Nothing to read (empty, only handles or URLs): neutral rather than the learned prior.
	let score = 0;
	if (analysis.length > 0) {
		const symbols = symbolsOnlyScore(analysis);
		if (symbols !== undefined) {
			score = symbols;
		} else {
			classLogits(analysis, model, logits);
			score = scoreFromLogits(logits.negative, logits.positive);
		}
	}
	if (analysis.addressedToBrand && analysis.complaintCues > 0 && score < COMPLAINT_OVERRIDE_LIMIT) {
		score = Math.min(score, COMPLAINT_SCORE);
	}
	const label: SentimentLabel =
		score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral';
	return { score, label, lang: language, version: SENTIMENT_ENGINE_VERSION };
}
