import { ApiError } from './errors';

export const NDJSON = 'application/x-ndjson';
/** More items than this in one request is a bulk import: use several requests or the import CLI. */
export const MAX_ITEMS_PER_REQUEST = 100_000;

/**
 * The raw body, capped at `maxBytes` while it streams in (a lying or missing Content-Length does not get
 * past it). Raw because webhook signatures are over the exact bytes sent.
 */
export async function readRawBody(request: Request, maxBytes: number): Promise<Buffer> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > maxBytes) throw new ApiError(413, 'body', `is ${declared} bytes; the limit is ${maxBytes}`);
	if (!request.body) throw new ApiError(400, 'body', 'is empty');
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel();
			throw new ApiError(413, 'body', `exceeds the limit of ${maxBytes} bytes`);
		}
		chunks.push(value);
	}
	if (size === 0) throw new ApiError(400, 'body', 'is empty');
	return Buffer.concat(chunks);
}

export function decodeUtf8(raw: Buffer): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		throw new ApiError(400, 'body', 'is not valid UTF-8');
	}
}

/** A raw body as JSON: UTF-8, then parsed; either failing is a 400 on `body`. */
export function parseJsonBody(raw: Buffer): unknown {
	const text = decodeUtf8(raw);
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new ApiError(400, 'body', `is not valid JSON: ${(error as Error).message}`);
	}
}

/** An `application/json` body of at most `maxBytes` (64 KiB: settings, rules, notes), parsed. */
export async function readJsonBody(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== 'application/json') throw new ApiError(415, 'content-type', 'must be application/json');
	return parseJsonBody(await readRawBody(request, maxBytes));
}

/**
 * Reads a JSON array (or one object) or NDJSON body into items. Any syntax error refuses the whole body,
 * so nothing of a half-readable request is written.
 */
export async function readItems(request: Request, maxBytes: number): Promise<unknown[]> {
	const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (contentType !== 'application/json' && contentType !== NDJSON) {
		throw new ApiError(
			415,
			'content-type',
			`must be application/json or ${NDJSON}, got ${contentType ? `"${contentType}"` : 'none'}`
		);
	}
	const text = decodeUtf8(await readRawBody(request, maxBytes));
	let items: unknown[];
	if (contentType === NDJSON) {
		items = [];
		const lines = text.split('\n');
		for (let index = 0; index < lines.length; index += 1) {
			const line = lines[index]!.trim();
			if (!line) continue;
			try {
				items.push(JSON.parse(line));
			} catch (error) {
				throw new ApiError(400, 'body', `line ${index + 1} is not valid JSON: ${(error as Error).message}`);
			}
		}
	} else {
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch (error) {
			throw new ApiError(400, 'body', `is not valid JSON: ${(error as Error).message}`);
		}
		if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) parsed = [parsed];
		if (!Array.isArray(parsed)) throw new ApiError(400, 'body', 'must be a JSON array of objects');
		items = parsed;
	}
	if (items.length === 0) throw new ApiError(400, 'body', 'holds no items');
	if (items.length > MAX_ITEMS_PER_REQUEST) {
		throw new ApiError(
			413,
			'body',
			`holds ${items.length} items; the limit is ${MAX_ITEMS_PER_REQUEST} per request`
		);
	}
	return items;
}
