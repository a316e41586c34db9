import { describe, expect, it } from 'vitest';
import { readJsonBody } from './body';
import { ApiError } from './errors';

/** A request whose body streams in chunks without a Content-Length, as a chunked upload does. */
function streamed(chunks: string[], type = 'application/json'): Request {
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
			controller.close();
		}
	});
	return new Request('http://localhost/api', {
		method: 'POST',
		headers: { 'content-type': type },
		body,
		duplex: 'half'
	} as RequestInit);
}

async function refusal(request: Request, maxBytes?: number): Promise<ApiError> {
	const error = await readJsonBody(request, maxBytes).then(
		() => null,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(ApiError);
	return error as ApiError;
}

describe('readJsonBody', () => {
	it('parses a JSON body', async () => {
		expect(await readJsonBody(streamed(['{"a":', '1}']))).toEqual({ a: 1 });
	});

	it('stops reading at the limit even without a Content-Length', async () => {
		const error = await refusal(streamed(['[', '1,'.repeat(600), '1]']), 1000);
		expect(error).toMatchObject({ status: 413, field: 'body', message: 'exceeds the limit of 1000 bytes' });
	});

	it('names the content type, the JSON syntax error and an empty body', async () => {
		expect(await refusal(streamed(['{}'], 'text/plain'))).toMatchObject({
			status: 415,
			field: 'content-type'
		});
		const broken = await refusal(streamed(['{"a":']));
		expect(broken).toMatchObject({ status: 400, field: 'body' });
		expect(broken.message).toMatch(/^is not valid JSON: /);
		expect(await refusal(streamed([]))).toMatchObject({ status: 400, field: 'body', message: 'is empty' });
	});
});
