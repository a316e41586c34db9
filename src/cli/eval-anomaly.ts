/**
 * Scores the spike detector on the NAB dev set with NAB's standard profile (one threshold for the whole corpus,
 * swept to maximise the score as NAB's optimiser does), also at the shipped default threshold, and measures
 * detection delay on the simulator's labelled spikes.
 *
 *   npm run eval:anomaly -- [--out FILE] [--params '{"levelHalfLife":40}'] [--threshold 0.3] [--sim-days 10]
 *                           [--quiet]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from '../lib/server/anomaly/detector';
import { evaluateNab, loadNabCorpus, type GroupScore } from '../lib/server/anomaly/nab-benchmark';
import { evaluateOnSimulator } from '../lib/server/anomaly/simulator-eval';

const { values: args } = parseArgs({
	options: {
		out: { type: 'string' },
		params: { type: 'string' },
		threshold: { type: 'string' },
		'sim-days': { type: 'string', default: '10' },
		quiet: { type: 'boolean', default: false }
	}
});

const sharedData = process.env.BRANDPULSE_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data');
const nabRoot = path.join(sharedData, 'anomaly-dev', 'nab');
const outFile = args.out ?? path.resolve(process.cwd(), 'bench-results', 'anomaly-eval.json');
const overrides = (args.params ? JSON.parse(args.params) : {}) as Partial<DetectorOptions>;

const started = performance.now();
const corpus = loadNabCorpus(nabRoot);
const swept = evaluateNab(
	corpus,
	overrides,
	args.threshold === undefined ? undefined : Number(args.threshold)
);
const defaultThreshold = overrides.threshold ?? DEFAULT_DETECTOR_OPTIONS.threshold;
const atDefault = evaluateNab(corpus, overrides, defaultThreshold);
const seconds = (performance.now() - started) / 1000;

const simStarted = performance.now();
const simulator = evaluateOnSimulator(overrides, { days: Number(args['sim-days']) });
const simSeconds = (performance.now() - simStarted) / 1000;

const report = {
	generatedAt: new Date().toISOString(),
	profile: 'standard',
	files: corpus.length,
	points: corpus.reduce((n, s) => n + s.times.length, 0),
	nab: swept,
	atDefaultThreshold: {
		threshold: defaultThreshold,
		total: atDefault.total,
		categories: atDefault.categories
	},
	simulator,
	detectorOptions: { ...DEFAULT_DETECTOR_OPTIONS, ...overrides },
	seconds
};
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');

const row = (g: GroupScore) => ({
	score: g.score === null ? '-' : +g.score.toFixed(1),
	raw: +g.raw.toFixed(2),
	windows: g.windows,
	detected: g.detectedWindows,
	fpPoints: g.falsePositivePoints
});

if (args.quiet) {
	console.log(
		`${swept.total.score?.toFixed(2)} threshold=${swept.threshold.toFixed(4)} ` +
			`default(${defaultThreshold})=${atDefault.total.score?.toFixed(2)}`
	);
} else {
	console.log(
		`NAB standard profile: ${corpus.length} files, ${report.points} points, ${seconds.toFixed(1)} s\n` +
			`threshold ${swept.threshold.toFixed(4)}${args.threshold === undefined ? ' (swept)' : ' (given)'}`
	);
	console.table({
		...Object.fromEntries(swept.categories.map((c) => [c.category, row(c)])),
		TOTAL: row(swept.total)
	});
	console.log(`at the shipped default threshold ${defaultThreshold}: ${atDefault.total.score?.toFixed(1)}`);
	console.log(
		`\nsimulator: ${simulator.brands} brands, ${simulator.days} days (first ${simulator.warmupDays} warm-up), ` +
			`labelled viral complaints on minute mention volume, ${simSeconds.toFixed(1)} s`
	);
	console.table({ volume: simulator.summary });
	console.log(`wrote ${path.relative(process.cwd(), outFile)}`);
}
