import { describe, expect, it } from 'vitest';
import { RateLimitedError, RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
	it('lets a key through up to its limit, then answers 429 with Retry-After', async () => {
		const limiter = new RateLimiter({ ingestPerKey: 3, ingestPerIp: 100, loginPerIp: 5 });
		for (let call = 0; call < 3; call += 1) await limiter.ingest('key-a', '10.0.0.1');
		const refused = await limiter.ingest('key-a', '10.0.0.1').catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(RateLimitedError);
		const response = (refused as RateLimitedError).toResponse();
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('1');
		expect(await response.json()).toEqual({
			error: { field: 'rate', message: expect.stringContaining('key') }
		});
		await expect(limiter.ingest('key-b', '10.0.0.1')).resolves.toBeUndefined();
	});

	it('limits an IP across keys, and login attempts per IP', async () => {
		const limiter = new RateLimiter({ ingestPerKey: 100, ingestPerIp: 2, loginPerIp: 2 });
		await limiter.ingest('k1', '10.0.0.2');
		await limiter.ingest('k2', '10.0.0.2');
		await expect(limiter.ingest('k3', '10.0.0.2')).rejects.toThrow(/ip/);
		await limiter.login('10.0.0.3');
		await limiter.login('10.0.0.3');
		await expect(limiter.login('10.0.0.3')).rejects.toMatchObject({ status: 429 });
	});
});
