import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createDetector, type DetectorOptions } from './detector';
import {
	bestThreshold,
	normalisedScore,
	nullScore,
	perfectScore,
	scoreAtThreshold,
	scoresByThreshold,
	sweepRows,
	type ScoredRow
} from './nab-scorer';
import { parseSeriesCsv, parseTimestamp } from './series-csv';

export interface NabSeries {
	file: string;
	category: string;
	times: number[];
	values: number[];
	windows: (readonly [number, number])[];
}

/** Loads the NAB files listed in the label file (either NAB's `labels/` layout or a flat copy). */
export function loadNabCorpus(nabRoot: string): NabSeries[] {
	const labelFile = ['labels/combined_windows.json', 'combined_windows.json']
		.map((candidate) => path.join(nabRoot, candidate))
		.find((file) => existsSync(file));
	if (!labelFile) throw new Error(`no combined_windows.json under ${nabRoot}`);
	const labels = JSON.parse(readFileSync(labelFile, 'utf8')) as Record<string, [string, string][]>;
	return Object.entries(labels)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([file, windowLabels]) => {
			const series = parseSeriesCsv(readFileSync(path.join(nabRoot, 'data', file), 'utf8'));
			return {
				file,
				category: file.split('/')[0] ?? '',
				times: series.times,
				values: series.values,
				windows: windowLabels.map(([a, b]) => [parseTimestamp(a), parseTimestamp(b)] as const)
			};
		});
}

export interface GroupScore {
	/** Normalised 0..100; null for a group without windows (null and perfect detectors coincide there). */
	score: number | null;
	raw: number;
	windows: number;
	detectedWindows: number;
	falsePositivePoints: number;
}

export interface NabEvaluation {
	threshold: number;
	total: GroupScore;
	categories: (GroupScore & { category: string })[];
	files: (GroupScore & { file: string; points: number })[];
}

/**
 * Runs a fresh detector over every file and scores it like NAB: one threshold for the whole corpus, chosen to
 * maximise the pooled score unless `threshold` is given.
 */
export function evaluateNab(
	corpus: readonly NabSeries[],
	options: Partial<DetectorOptions> = {},
	threshold?: number
): NabEvaluation {
	const scored = corpus.map((series) => {
		const detector = createDetector(options);
		const scores = new Float64Array(series.times.length);
		for (let i = 0; i < series.times.length; i++) {
			scores[i] = detector.update(series.times[i]!, series.values[i]!).score;
		}
		return { series, rows: sweepRows(series.times, scores, series.windows, series.file) };
	});
	const chosen = threshold ?? bestThreshold(scoresByThreshold(scored.flatMap((s) => s.rows))).threshold;

	const group = (rows: ScoredRow[], windows: number): GroupScore => {
		const result = scoreAtThreshold(rows, chosen);
		const detected = new Set(
			rows.filter((r) => r.window !== null && r.anomalyScore >= chosen).map((r) => r.window)
		);
		return {
			score: windows === 0 ? null : normalisedScore(result.score, nullScore(rows), perfectScore(rows)),
			raw: result.score,
			windows,
			detectedWindows: detected.size,
			falsePositivePoints: result.fp
		};
	};
	const of = (list: typeof scored) =>
		group(
			list.flatMap((s) => s.rows),
			list.reduce((n, s) => n + s.series.windows.length, 0)
		);

	return {
		threshold: chosen,
		total: of(scored),
		categories: [...new Set(corpus.map((s) => s.category))].map((category) => ({
			category,
			...of(scored.filter((s) => s.series.category === category))
		})),
		files: scored.map((s) => ({ file: s.series.file, points: s.series.times.length, ...of([s]) }))
	};
}
