/**
 * Runs the spike detector (the same code the server runs) over one `timestamp,value` CSV and prints one JSON
 * object per input row: {"timestamp", "score", "anomaly"}. Timestamps without an offset are read as UTC and
 * echoed exactly as written.
 *
 *   npm run --silent detect -- --input FILE.csv [--threshold 0.3] [--direction both|up|down]
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDetector, type Direction } from '../lib/server/anomaly/detector';
import { parseSeriesCsv } from '../lib/server/anomaly/series-csv';

const { values: args } = parseArgs({
	options: {
		input: { type: 'string', short: 'i' },
		threshold: { type: 'string' },
		direction: { type: 'string' }
	}
});

if (!args.input) {
	console.error('usage: detect --input FILE.csv [--threshold T] [--direction both|up|down]');
	process.exit(2);
}
const direction = (args.direction ?? 'both') as Direction;
if (!['both', 'up', 'down'].includes(direction)) {
	console.error(`--direction must be both, up or down (got ${direction})`);
	process.exit(2);
}

const series = parseSeriesCsv(readFileSync(args.input, 'utf8'));
const detector = createDetector({
	direction,
	...(args.threshold === undefined ? {} : { threshold: Number(args.threshold) })
});

// Rows are written in chunks, waiting for the pipe to drain: stdout may be a non-blocking pipe to a slow reader.
const lines: string[] = [];
for (let i = 0; i < series.times.length; i++) {
	const { score, anomaly } = detector.update(series.times[i]!, series.values[i]!);
	lines.push(JSON.stringify({ timestamp: series.labels[i], score, anomaly }));
	if (lines.length >= 4096) await flush();
}
await flush();

async function flush() {
	if (lines.length === 0) return;
	const chunk = lines.join('\n') + '\n';
	lines.length = 0;
	if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
