import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What an import has committed so far. Rows are counted in file order, so "the first `records` rows are
 * stored" is exact: a batch is checkpointed only after the store has committed it. Gzip streams cannot be
 * entered in the middle, so a resume re-reads the skipped rows without validating or storing them (reading
 * is ~10x faster than importing); `bytes` is kept for the progress bar.
 */
export interface Checkpoint {
	version: 1;
	file: string;
	size: number;
	mtime_ms: number;
	/** Data rows (or NDJSON lines) fully handled, in file order. */
	records: number;
	/** The file line of the last handled row, for people reading the checkpoint. */
	line: number;
	bytes: number;
	accepted: number;
	duplicates: number;
	rejected: number;
	complete: boolean;
	updated_at: string;
}

export const defaultCheckpointPath = (file: string) => `${path.resolve(file)}.import-checkpoint.json`;

export function readCheckpoint(checkpointPath: string): Checkpoint | null {
	try {
		return JSON.parse(readFileSync(checkpointPath, 'utf8')) as Checkpoint;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw new Error(`checkpoint ${checkpointPath} is unreadable: ${(error as Error).message}`, {
			cause: error
		});
	}
}

/** Written beside and renamed over, so an interruption mid-write leaves the previous checkpoint whole. */
export function writeCheckpoint(checkpointPath: string, checkpoint: Checkpoint): void {
	const temp = `${checkpointPath}.tmp`;
	writeFileSync(temp, JSON.stringify(checkpoint, null, 2));
	renameSync(temp, checkpointPath);
}

/** The identity of the input, so a resume against a file that has changed since is refused. */
export function fileIdentity(file: string): Pick<Checkpoint, 'file' | 'size' | 'mtime_ms'> {
	const stat = statSync(file);
	return { file: path.resolve(file), size: stat.size, mtime_ms: Math.round(stat.mtimeMs) };
}
