import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Benchmarks drive the production server, so they need the build; make it if it is missing. */
export function ensureBuild(): void {
	if (!existsSync('build/handler.js')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
}

export { freePort } from '../lib/server/testing/server-process';

export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident memory and CPU seconds of a process, from /proc (Linux). */
export function processStats(pid: number): { rssBytes: number; cpuSeconds: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return { rssBytes: rssKb * 1024, cpuSeconds: ticks / 100 };
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
