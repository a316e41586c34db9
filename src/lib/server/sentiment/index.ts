import type { SentimentLabel } from '../../metrics';

export interface SentimentResult {
	/** In [-1, 1]. */
	score: number;
	label: SentimentLabel;
	/** ISO 639-1 code of the language the text was scored as. */
	lang: string;
	/** Engine version, stored with each mention so a later engine can re-score. */
	version: string;
}

export const SENTIMENT_ENGINE_VERSION = 'v0-placeholder';

const POSITIVE = new Set(['good', 'great', 'love', 'excellent', 'thanks', 'amazing', 'happy', 'best']);
const NEGATIVE = new Set(['bad', 'awful', 'hate', 'terrible', 'worst', 'broken', 'angry', 'refund', 'never']);

/** Placeholder until the rule engine lands: counts a few English words. */
export function scoreSentiment(text: string, lang?: string): SentimentResult {
	let total = 0;
	for (const word of text.toLowerCase().split(/[^a-z]+/)) {
		if (POSITIVE.has(word)) total += 1;
		if (NEGATIVE.has(word)) total -= 1;
	}
	const score = Math.max(-1, Math.min(1, total / 3));
	const label: SentimentLabel = score <= -0.05 ? 'negative' : score >= 0.05 ? 'positive' : 'neutral';
	return { score, label, lang: lang ?? 'en', version: SENTIMENT_ENGINE_VERSION };
}
