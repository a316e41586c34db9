import type { z } from 'zod';
import { readItems } from '../http/body';
import { ApiError } from '../http/errors';
import { parseOr400 } from '../http/validate';

/** One JSON object of at most 16 KiB, parsed by `schema`; problems become 4xx naming the field. */
export async function readOneObject<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
	const items = await readItems(request, 16_384);
	if (items.length !== 1 || typeof items[0] !== 'object' || items[0] === null || Array.isArray(items[0])) {
		throw new ApiError(400, 'body', 'must be one JSON object');
	}
	return parseOr400(schema, items[0]);
}
