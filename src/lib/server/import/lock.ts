import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * chDB opens one data directory per process, and two processes on one directory corrupt it. Whoever opens
 * the embedded store (the import CLI now; the server should too) holds this file while it does.
 */
export const LOCK_FILE = 'brandpulse.lock';

export interface LockOwner {
	pid: number;
	owner: string;
	started_at: string;
}

export class DataDirLockedError extends Error {
	constructor(
		readonly lockPath: string,
		readonly holder: LockOwner
	) {
		super(
			`the data directory is in use by ${holder.owner} (pid ${holder.pid}, since ${holder.started_at}): ` +
				`stop it, or import through the running server with --url`
		);
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Takes the lock or throws `DataDirLockedError`; a lock left by a dead process is taken over. */
export function acquireDataDirLock(dataDir: string, owner: string): { path: string; release(): void } {
	mkdirSync(dataDir, { recursive: true });
	const lockPath = path.join(dataDir, LOCK_FILE);
	const me: LockOwner = { pid: process.pid, owner, started_at: new Date().toISOString() };
	for (let attempt = 0; attempt < 2; attempt += 1) {
		try {
			writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
			let released = false;
			return {
				path: lockPath,
				release() {
					if (released) return;
					released = true;
					rmSync(lockPath, { force: true });
				}
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			let holder: LockOwner | null;
			try {
				holder = JSON.parse(readFileSync(lockPath, 'utf8')) as LockOwner;
			} catch {
				holder = null;
			}
			if (holder && holder.pid !== process.pid && alive(holder.pid))
				throw new DataDirLockedError(lockPath, holder);
			rmSync(lockPath, { force: true });
		}
	}
	throw new Error(`could not take ${lockPath}`);
}
