import { describe, expect, it } from 'vitest';
import baseline from './accuracy-baseline.json' with { type: 'json' };
import { hasSentimentData, sentimentDataDir } from './dataset';
import { measureValidationAccuracy } from './accuracy';

const recorded = baseline.macroF1 as Record<string, number>;
const dataPresent = hasSentimentData();

describe('accuracy regression on the UMSAB validation split', () => {
	if (!dataPresent) {
		it.skip(`skipped: no sentiment data under ${sentimentDataDir()} (set BRANDPULSE_SHARED_DATA)`, () => {});
		return;
	}
	const measured = measureValidationAccuracy();
	it.each(Object.keys(recorded))('%s macro-F1 stays within tolerance of the baseline', (lang) => {
		const floor = (recorded[lang] as number) - baseline.tolerance;
		expect(measured[lang]?.macroF1 ?? 0).toBeGreaterThanOrEqual(floor);
	});
});
