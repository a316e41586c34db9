import { parentPort, workerData } from 'node:worker_threads';
import { prepareSlices, SLICE_ROWS, type PrepareOptions, type PreparedSlice } from './prepare';

/** From the worker: a slice, or the end of the file. */
export type WorkerMessage = { kind: 'slice'; slice: PreparedSlice } | { kind: 'end'; lastLine: number };
/** To the worker: room for this many more slices. */
export type WorkerCredit = number;

/** Slices the worker may prepare before the importer has taken them for storing. */
function initialCredits(batchRows: number): number {
	// Two batches ahead: one waiting while one is stored, and the next being read.
	return 2 * Math.ceil(batchRows / SLICE_ROWS) + 1;
}

async function run(port: NonNullable<typeof parentPort>, options: PrepareOptions) {
	let credits = initialCredits(options.batchRows);
	let wake: (() => void) | undefined;
	port.on('message', (more: WorkerCredit) => {
		credits += more;
		wake?.();
	});
	const slices = prepareSlices(options);
	for (;;) {
		const next = await slices.next();
		if (next.done) {
			port.postMessage({ kind: 'end', lastLine: next.value.lastLine } satisfies WorkerMessage);
			break;
		}
		while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
		credits -= 1;
		// The encoded bytes move to the importer's thread rather than being copied.
		const transfer = next.value.encoded ? [next.value.encoded.bytes.buffer as ArrayBuffer] : [];
		port.postMessage({ kind: 'slice', slice: next.value } satisfies WorkerMessage, transfer);
	}
}

if (parentPort) await run(parentPort, workerData as PrepareOptions);
