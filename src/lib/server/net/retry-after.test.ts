import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after';

describe('retryAfterMs', () => {
	const now = Date.parse('2026-11-24T10:00:00Z');

	it('reads delay-seconds', () => {
		expect(retryAfterMs('7', now)).toBe(7000);
		expect(retryAfterMs(' 0 ', now)).toBe(0);
	});

	it('reads an HTTP-date as the time until it, and a past date as no wait', () => {
		expect(retryAfterMs('Tue, 24 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
		expect(retryAfterMs('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
	});

	it('gives null for a missing or unreadable header', () => {
		expect(retryAfterMs(null, now)).toBeNull();
		expect(retryAfterMs(undefined, now)).toBeNull();
		expect(retryAfterMs('', now)).toBeNull();
		expect(retryAfterMs('soon', now)).toBeNull();
		expect(retryAfterMs('-5', now)).toBeNull();
		expect(retryAfterMs('1.5', now)).toBeNull();
	});
});
