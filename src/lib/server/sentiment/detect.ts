/**
 * Language identification for mentions that arrive without `lang`.
 *
 * eld (Apache-2.0) was picked over tinyld and franc-min after measuring all three on the UMSAB val
 * tweets (1,944 short texts, six languages, handles and URLs removed; 2-core machine under heavy load
 * from other jobs, Node 20; train/compare-detectors.ts reproduces the run):
 *   eld extrasmall   97.0% correct, 16,900 texts/s  (medium: 96.9%, 8,400/s, twice the memory)
 *   tinyld           89.9% correct,  1,600 texts/s  (94.9% when restricted to the six languages)
 *   franc-min        85.8% correct,  3,100 texts/s  (89.1% restricted)
 * The extrasmall database costs ~33 MB of heap and ~150 ms at import, medium ~68 MB and ~370 ms.
 * Detection is not restricted to the six scored languages, so a mention in another language keeps its
 * own code.
 */
import { eld } from 'eld/extrasmall';

const NOISE = /@[\p{L}\p{N}_]+|#|https?:\/\/\S+|www\.\S+|\bhttp\b/gu;
const HAS_LETTER = /\p{L}/u;

/** ISO 639-1 code of `text`, or 'und' when it has no letters or the detector abstains. */
export function detectLanguage(text: string): string {
	const cleaned = text.replace(NOISE, ' ');
	if (!HAS_LETTER.test(cleaned)) return 'und';
	const language = eld.detect(cleaned).language;
	return language || 'und';
}
