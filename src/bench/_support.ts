import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time of the files under `dir`. */
function newestMtimeMs(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

/**
 * Benchmarks drive the production server, so they need the build; make it if it is missing or older than
 * the sources (a stale build once measured code that had already changed).
 */
export function ensureBuild(): void {
	const built = 'build/handler.js';
	if (!existsSync(built) || statSync(built).mtimeMs < newestMtimeMs('src'))
		execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
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
	return { rssBytes: rssKb * 1024, cpuSeconds: statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8')) };
}

/** User + system CPU seconds from a /proc stat line (fields 14 and 15; the name may hold spaces). */
function statCpuSeconds(stat: string): number {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds per thread of a process, by thread id, with the thread's name (Linux). ClickHouse names its
 * threads (ThreadPool, MergeMutate, ...); Node's main thread is the one whose id is the pid, and its other
 * threads (V8's GC helpers, libuv's pool, where chDB's calls wait) are all called "node".
 */
export function threadCpu(pid: number): Map<number, { name: string; cpuSeconds: number }> {
	const threads = new Map<number, { name: string; cpuSeconds: number }>();
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		let stat: string;
		try {
			stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
		} catch {
			continue; // the thread ended between the listing and the read
		}
		const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
		threads.set(Number(tid), { name, cpuSeconds: statCpuSeconds(stat) });
	}
	return threads;
}

/**
 * Where a process's CPU went between two `threadCpu` readings, in groups: the main JS thread, ClickHouse's
 * query threads, its merges, and the rest (GC helpers, libuv pool, other engine threads).
 */
export function cpuByGroup(
	pid: number,
	before: ReturnType<typeof threadCpu>,
	after: ReturnType<typeof threadCpu>
): { main: number; engine: number; merges: number; other: number; total: number } {
	const groups = { main: 0, engine: 0, merges: 0, other: 0, total: 0 };
	for (const [tid, { name, cpuSeconds }] of after) {
		const spent = cpuSeconds - (before.get(tid)?.cpuSeconds ?? 0);
		if (spent <= 0) continue;
		groups.total += spent;
		if (tid === pid) groups.main += spent;
		else if (name.startsWith('ThreadPool') || name.startsWith('QueryPipeline')) groups.engine += spent;
		else if (name.startsWith('MergeMutate') || name.startsWith('BgMergeMutate')) groups.merges += spent;
		else groups.other += spent;
	}
	return groups;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
