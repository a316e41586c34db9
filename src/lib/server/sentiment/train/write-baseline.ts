/**
 * Records the current validation macro-F1 per language in ../accuracy-baseline.json, which the
 * regression test (accuracy.test.ts) holds the engine to. Run after retraining.
 */
import fs from 'node:fs';
import path from 'node:path';
import { measureValidationAccuracy } from '../accuracy';
import { SENTIMENT_ENGINE_VERSION } from '../index';

const measured = measureValidationAccuracy();
const macroF1: Record<string, number> = {};
for (const [lang, result] of Object.entries(measured))
	macroF1[lang] = Math.round(result.macroF1 * 1000) / 1000;
const baseline = {
	engineVersion: SENTIMENT_ENGINE_VERSION,
	split: 'UMSAB validation',
	tolerance: 0.01,
	macroF1
};
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../accuracy-baseline.json');
fs.writeFileSync(out, JSON.stringify(baseline, null, '\t') + '\n');
console.log(JSON.stringify(baseline));
