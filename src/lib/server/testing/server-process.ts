import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * A real production server process (src/entry/server.js over build/) on its own data directory, for
 * end-to-end tests and benchmarks.
 */
export class TestServer {
	readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-e2e-'));
	readonly masterKey = 'e2e-master-key-0123456789abcdef';
	#process: ChildProcess | null = null;

	get pid(): number | undefined {
		return this.#process?.pid;
	}
	output = '';

	constructor(
		readonly port: number,
		private readonly env: Record<string, string> = {}
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Resolves when the server says it is up; rejects with its output if it exits first. */
	start(): Promise<void> {
		// As `npm run serve` starts it (package.json): see the README on the young generation's size.
		const child = spawn(process.execPath, ['--max-semi-space-size=64', 'src/entry/server.js'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				BRANDPULSE_DATA_DIR: this.dataDir,
				BRANDPULSE_MASTER_KEY: this.masterKey,
				BRANDPULSE_SIMULATOR: 'off',
				BRANDPULSE_PUBLIC_URL: this.url,
				BRANDPULSE_LOG_LEVEL: 'warn',
				// Tests serve feeds, webhooks and a fake Graph API on localhost; a spec can pass 'off' to test the guard.
				BRANDPULSE_ALLOW_PRIVATE_URLS: 'on',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#process = child;
		return new Promise((resolve, reject) => {
			let up = false;
			const onData = (chunk: Buffer) => {
				// Keep the tail only: a hostile-input run makes the server log a lot, and rescanning a growing
				// string on every chunk would stall the test process while the server blocks on a full pipe.
				this.output = (this.output + chunk.toString()).slice(-64 * 1024);
				if (!up && this.output.includes('Brandpulse is up')) {
					up = true;
					resolve();
				}
			};
			child.stdout!.on('data', onData);
			child.stderr!.on('data', onData);
			child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${this.output}`)));
		});
	}

	async stop(): Promise<void> {
		const child = this.#process;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		// A clean exit means the buffers were flushed and the engine closed; anything else is a bug.
		const code = await exited;
		if (code !== 0) throw new Error(`server exited with ${code} on SIGTERM:\n${this.output}`);
		this.#process = null;
		this.output = '';
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}

/** A port nothing listens on right now, so parallel runs and leftovers never collide on a fixed one. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}
