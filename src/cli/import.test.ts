import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../lib/server/import';

/** The CLI as a user runs it (`npm run import -- …`), on its own embedded store in a temp directory. */
const CLI = ['--import', 'tsx', '--max-semi-space-size=64', 'src/cli/import.ts'];

let dir: string;
let dataDir: string;
beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-cli-import-'));
	dataDir = path.join(dir, 'data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function runCli(args: string[]): Promise<Run> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[...CLI, ...args],
			{ env: { ...process.env, BRANDPULSE_DATA_DIR: dataDir }, encoding: 'utf8' },
			(error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
		);
	});
}

function mentionLine(brand: string, index: number, fields: Record<string, unknown> = {}): string {
	return JSON.stringify({
		id: `${brand}-${index}`,
		brand,
		source: 'twitter',
		text: `Mention ${index} of ${brand}: quick delivery, thanks`,
		created_at: new Date(Date.UTC(2026, 9, 1) + index * 60_000).toISOString(),
		...fields
	});
}

function readRejects(file: string) {
	return readFileSync(file, 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as { line: number; field: string; message: string });
}

describe('npm run import', () => {
	it('imports a gzip file with a progress bar, writes bad rows to the rejects file and counts nothing twice', async () => {
		const lines = Array.from({ length: 300 }, (_, index) => mentionLine('cli', index));
		lines.splice(10, 0, '{not json');
		lines.splice(20, 0, mentionLine('cli', 1000, { text: '' }));
		lines.splice(30, 0, mentionLine('cli', 1001, { author_followers: 'many' }));
		const file = path.join(dir, 'history.ndjson.gz');
		writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
		const rejects = path.join(dir, 'rejects.ndjson');

		const first = await runCli(['--rejects', rejects, file]);
		expect(first.code).toBe(0);
		expect(JSON.parse(first.stdout)).toMatchObject({
			rows: 303,
			accepted: 300,
			duplicates: 0,
			rejected: 3,
			interrupted: false
		});
		// Not a terminal, so the bar is drawn as lines: the last one is the finished import.
		const bars = first.stderr.split('\n').filter((line) => line.startsWith('import |'));
		expect(bars.at(-1)).toMatch(/\| 100% \| 303 rows \| [\d,]+ rows\/s \| 3 rejected \| ETA 0 s$/);
		expect(first.stderr).not.toMatch(/NULL|LLs|NaN|undefined/);
		expect(readRejects(rejects)).toEqual([
			expect.objectContaining({
				line: 11,
				field: '(row)',
				message: expect.stringMatching(/^is not valid JSON/)
			}),
			expect.objectContaining({ line: 21, field: 'text', message: 'is required' }),
			expect.objectContaining({
				line: 31,
				field: 'author_followers',
				message: 'must be a number, not a string'
			})
		]);

		const again = await runCli(['--quiet', '--rejects', rejects, file]);
		expect(again.code).toBe(0);
		expect(JSON.parse(again.stdout)).toMatchObject({ rows: 303, accepted: 0, duplicates: 300, rejected: 3 });
		expect(again.stderr).toBe('');
	});

	it('maps a CSV export with constants for brand and source', async () => {
		const file = path.join(dir, 'reviews.csv');
		writeFileSync(
			file,
			'review_id,posted,body,stars\n' +
				'r1,2026-10-02T10:00:00Z,"Great phone, ""love"" it",5\n' +
				'r2,1759400000,Screen cracked in a week,1\n' +
				'r3,,No date here,3\n'
		);
		const rejects = path.join(dir, 'reviews-rejects.ndjson');
		const run = await runCli([
			'--quiet',
			'--map',
			'id=review_id,created_at=posted,text=body',
			'--brand',
			'cli-csv',
			'--source',
			'review',
			'--rejects',
			rejects,
			file
		]);
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout)).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
		expect(readRejects(rejects)).toEqual([
			expect.objectContaining({ line: 4, field: 'created_at', message: 'is required' })
		]);
	});

	it('stops after the batch in flight on Ctrl-C, and --resume stores the rest once', async () => {
		const rows = 60_000;
		const file = path.join(dir, 'long.ndjson');
		writeFileSync(
			file,
			Array.from({ length: rows }, (_, index) => mentionLine('cli-resume', index)).join('\n') + '\n'
		);
		const child = spawn(process.execPath, [...CLI, '--batch', '1000', file], {
			env: { ...process.env, BRANDPULSE_DATA_DIR: dataDir }
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8');
		// The bar is first drawn once a batch is committed: interrupt then, far from the end of the file.
		await new Promise<void>((resolve) => {
			child.stderr.on('data', (chunk: string) => {
				stderr += chunk;
				if (stderr.includes('import |')) resolve();
			});
		});
		child.kill('SIGINT');
		const [code] = await once(child, 'exit');
		expect(code).toBe(130);
		expect(stderr).toContain('import: SIGINT: stopping after the batch in flight');
		expect(stderr).toContain('continue with the same command plus --resume');
		const interrupted = JSON.parse(stdout) as { accepted: number; interrupted: boolean };
		expect(interrupted.interrupted).toBe(true);
		expect(interrupted.accepted).toBeGreaterThan(0);
		expect(interrupted.accepted).toBeLessThan(rows);

		const resumed = await runCli(['--quiet', '--resume', '--batch', '1000', file]);
		expect(resumed.code).toBe(0);
		const report = JSON.parse(resumed.stdout) as Record<string, number | boolean>;
		expect(report).toMatchObject({ rows, accepted: rows, duplicates: 0, interrupted: false });
		expect(report.resumed_from).toBeGreaterThan(0);
	});

	it('refuses a data directory another process holds, naming the holder', async () => {
		const lock = acquireDataDirLock(dataDir, 'the test');
		try {
			const run = await runCli(['--quiet', path.join(dir, 'reviews.csv')]);
			expect(run.code).toBe(3);
			expect(run.stderr).toMatch(/^import: .*the test/m);
			expect(run.stdout).toBe('');
		} finally {
			lock.release();
		}
	});
});
