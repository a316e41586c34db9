/**
 * `npm run bench` runs every benchmark in src/bench/ (or `npm run bench -- NAME [NAME…]` the named ones),
 * prints a table and writes a JSON report with the machine it ran on. Each figure carries the baseline
 * measured in the same run, so the ratio is what to compare across machines, not the raw number.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult, BenchRun } from '../bench/types';

const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const available = readdirSync(benchDir)
	.filter(
		(file) =>
			file.endsWith('.ts') && file !== 'types.ts' && !file.startsWith('_') && !file.endsWith('.test.ts')
	)
	.map((file) => file.replace(/\.ts$/, ''))
	.sort();

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length) {
	console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
	process.exit(2);
}
const selected = requested.length ? requested : available;

export const machine = {
	cpu: os.cpus()[0]?.model ?? 'unknown',
	cores: os.cpus().length,
	memory_gib: Math.round(os.totalmem() / 2 ** 30),
	node: process.version,
	platform: `${os.platform()} ${os.release()}`
};

const format = (value: number) =>
	Math.abs(value) >= 100
		? Math.round(value).toLocaleString('en-US')
		: Number(value.toPrecision(3)).toString();

const results: BenchResult[] = [];
console.log(
	`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}\n`
);
for (const name of selected) {
	const module = (await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href)) as { run: BenchRun };
	process.stdout.write(`running ${name}…\n`);
	const result = await module.run();
	results.push(result);
	console.log(`\n## ${result.name} — ${result.description}`);
	console.log('| metric | value | baseline | ratio | target | pass |');
	console.log('| --- | --- | --- | --- | --- | --- |');
	for (const figure of result.figures) {
		const baseline = figure.baseline ? `${figure.baseline.name}: ${format(figure.baseline.value)}` : '';
		const pass = figure.pass === undefined ? '' : figure.pass ? 'yes' : 'NO';
		console.log(
			`| ${figure.metric} | ${format(figure.value)} ${figure.unit} | ${baseline} | ${figure.ratio ?? ''} | ${figure.target ?? ''} | ${pass} |`
		);
	}
	for (const note of result.notes ?? []) console.log(`- ${note}`);
}

const outDir = path.resolve('bench-results');
mkdirSync(outDir, { recursive: true });
const report = { at: new Date().toISOString(), machine, results };
const file = path.join(outDir, `bench-${report.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(report, null, 2));
writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(report, null, 2));
console.log(`\nreport: ${path.relative(process.cwd(), file)}`);
process.exit(results.some((result) => result.figures.some((figure) => figure.pass === false)) ? 1 : 0);
