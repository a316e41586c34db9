/**
 * Single-thread throughput of scoreSentiment on the UMSAB validation tweets of all six languages (with
 * the language given, and with detection), against vader-sentiment on the same texts in the same run.
 */
import { createRequire } from 'node:module';
import { scoreSentiment } from '../lib/server/sentiment/index';
import {
	hasSentimentData,
	loadUmsab,
	sentimentDataDir,
	UMSAB_LANGUAGES,
	type UmsabLanguage
} from '../lib/server/sentiment/dataset';
import type { BenchFigure, BenchRun } from './types';

const require = createRequire(import.meta.url);
const vader = require('vader-sentiment') as {
	SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
};

const TARGET_TEXTS_PER_SECOND = 100_000;
const TARGET_RATIO = 5;
/** Warm-up before timing: V8 needs a few hundred thousand calls to reach its optimising tier. */
const WARM_UP_MS = 1500;
/** Each measurement runs for at least this long, so timer resolution and GC pauses average out. */
const MIN_MEASURE_MS = 3000;

/**
 * Texts per CPU-second of `score` over `texts` (repeated until MIN_MEASURE_MS of wall time has passed).
 * CPU time rather than wall time: on a shared machine the process is descheduled now and then, and the
 * target is per core.
 */
function throughput(texts: readonly string[], score: (text: string, index: number) => number): number {
	let sink = 0;
	const warmUpEnd = performance.now() + WARM_UP_MS;
	while (performance.now() < warmUpEnd) {
		for (let i = 0; i < texts.length; i++) sink += score(texts[i] as string, i);
	}
	let count = 0;
	const wallStart = performance.now();
	const cpuStart = process.cpuUsage();
	do {
		for (let i = 0; i < texts.length; i++) sink += score(texts[i] as string, i);
		count += texts.length;
	} while (performance.now() - wallStart < MIN_MEASURE_MS);
	const cpu = process.cpuUsage(cpuStart);
	if (Number.isNaN(sink)) throw new Error('unreachable: keeps the results alive');
	return count / ((cpu.user + cpu.system) / 1e6);
}

export const run: BenchRun = async () => {
	if (!hasSentimentData()) {
		return {
			name: 'sentiment',
			description: 'scoreSentiment throughput vs vader-sentiment',
			figures: [],
			notes: [`skipped: no sentiment data under ${sentimentDataDir()}`]
		};
	}
	const texts: string[] = [];
	const langs: string[] = [];
	for (const [folder, lang] of Object.entries(UMSAB_LANGUAGES)) {
		for (const row of loadUmsab(folder as UmsabLanguage, 'val')) {
			texts.push(row.text);
			langs.push(lang);
		}
	}

	const vaderRate = throughput(
		texts,
		(text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound
	);
	const givenRate = throughput(texts, (text, i) => scoreSentiment(text, langs[i]).score);
	const detectedRate = throughput(texts, (text) => scoreSentiment(text).score);

	const baseline = { name: 'vader-sentiment', value: Math.round(vaderRate) };
	const figures: BenchFigure[] = [
		{
			metric: 'scoreSentiment throughput, lang given',
			value: Math.round(givenRate),
			unit: 'texts/s/core',
			baseline,
			ratio: Math.round((givenRate / vaderRate) * 10) / 10,
			target: `>= ${TARGET_TEXTS_PER_SECOND} texts/s and >= ${TARGET_RATIO}x vader-sentiment`,
			pass: givenRate >= TARGET_TEXTS_PER_SECOND && givenRate >= TARGET_RATIO * vaderRate
		},
		{
			metric: 'scoreSentiment throughput, lang detected',
			value: Math.round(detectedRate),
			unit: 'texts/s/core',
			baseline,
			ratio: Math.round((detectedRate / vaderRate) * 10) / 10
		}
	];
	return {
		name: 'sentiment',
		description: `scoreSentiment vs vader-sentiment, single thread, ${texts.length} UMSAB val tweets (6 languages)`,
		figures,
		notes: [
			'vader-sentiment scores every text as English (it has no other language); same texts, same process.',
			'Detection uses eld (extrasmall database); it dominates the detected-language figure.',
			'Rates are texts per CPU-second of this process (user + system), after a warm-up.'
		]
	};
};
