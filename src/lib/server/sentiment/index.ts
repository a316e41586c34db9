/**
 * Multilingual rule-and-lexicon sentiment engine (English, German, French, Spanish, Italian,
 * Portuguese), in the spirit of VADER: word valences from lexicons plus weights learned on the UMSAB
 * train split, reshaped by negation scope, contrast ("but"), boosters and dampeners, ALL-CAPS, "!"/"?"
 * runs, elongation, emoji and emoticons, and hashtags split into words; @handles and URLs are ignored.
 * See engine.ts for the rules, model.ts for the valences and lexicons/PROVENANCE.md for the sources.
 */
import type { SentimentLabel } from '../../metrics';
import { Analysis, linearScore } from './engine';
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

export const SENTIMENT_ENGINE_VERSION = '1.1.0';

export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/**
 * Label thresholds on `score`: <= -LABEL_THRESHOLD negative, >= LABEL_THRESHOLD positive, else neutral.
 * The score is tanh of the linear valence, scaled so that the learned label cut points land exactly on
 * ±0.3. Those cut points are the ordinal model's likelihood-optimal ones narrowed to 0.65 of their width,
 * the width that maximised 5-fold cross-validated macro-F1 on the train split; see NEUTRAL_BAND_SCALE in
 * train/train.ts. (VADER's ±0.05 would be a band of a sixth of that width.)
 */
export const LABEL_THRESHOLD = 0.3;
const THRESHOLD_LOGIT = Math.atanh(LABEL_THRESHOLD);
/** A complaint to the brand stays negative unless the rest of the text is at least this positive. */
const COMPLAINT_OVERRIDE_LIMIT = 0.6;
const COMPLAINT_SCORE = -(LABEL_THRESHOLD + 0.05);

const supported: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGES);
const analysis = new Analysis();

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
	let score =
		analysis.length === 0
			? 0
			: Math.tanh((THRESHOLD_LOGIT / model.neutralHalfWidth) * linearScore(analysis, model));
	if (analysis.addressedToBrand && analysis.complaintCues > 0 && score < COMPLAINT_OVERRIDE_LIMIT) {
		score = Math.min(score, COMPLAINT_SCORE);
	}
	const label: SentimentLabel =
		score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral';
	return { score, label, lang: language, version: SENTIMENT_ENGINE_VERSION };
}
