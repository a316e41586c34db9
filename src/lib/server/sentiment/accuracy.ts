/** Macro-F1 and accuracy of scoreSentiment per language on the UMSAB validation split. */
import { scoreSentiment } from './index';
import { loadUmsab, UMSAB_LANGUAGES, type UmsabLanguage } from './dataset';
import { accuracy, macroF1 } from './metrics';

export interface LanguageAccuracy {
	macroF1: number;
	accuracy: number;
	n: number;
}

export function measureValidationAccuracy(): Record<string, LanguageAccuracy> {
	const out: Record<string, LanguageAccuracy> = {};
	for (const [folder, lang] of Object.entries(UMSAB_LANGUAGES)) {
		const rows = loadUmsab(folder as UmsabLanguage, 'val');
		const gold = rows.map((r) => r.label);
		const predicted = rows.map((r) => scoreSentiment(r.text, lang).label);
		out[lang] = { macroF1: macroF1(gold, predicted), accuracy: accuracy(gold, predicted), n: rows.length };
	}
	return out;
}
