/**
 * Scores one text per stdin line; writes one JSON object per line on stdout, in input order.
 * Usage: npm run --silent sentiment -- [--lang xx] < texts.txt
 */
import readline from 'node:readline';
import { scoreSentiment } from '../lib/server/sentiment/index';

function parseLang(argv: readonly string[]): string | undefined {
	const flag = argv.indexOf('--lang');
	if (flag === -1) return undefined;
	const value = argv[flag + 1];
	if (!value || !/^[a-z]{2,3}$/i.test(value)) {
		process.stderr.write('usage: sentiment [--lang xx] < texts\n');
		process.exit(2);
	}
	return value.toLowerCase();
}

const lang = parseLang(process.argv.slice(2));
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
// Output is gathered per chunk of lines: one write per line would dominate the run time.
const FLUSH_EVERY = 512;
let pending: string[] = [];

async function flush(): Promise<void> {
	if (pending.length === 0) return;
	const chunk = pending.join('');
	pending = [];
	if (!process.stdout.write(chunk))
		await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

for await (const line of lines) {
	const { score, label, lang: scoredAs } = scoreSentiment(line, lang);
	pending.push(JSON.stringify({ score: Math.round(score * 10000) / 10000, label, lang: scoredAs }) + '\n');
	if (pending.length >= FLUSH_EVERY) await flush();
}
await flush();
