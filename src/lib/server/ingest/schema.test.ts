import { describe, expect, it } from 'vitest';
import { isPlainValidMention, mentionInputSchema } from './schema';

/** Values for each field, valid and not, on both sides of every bound; ABSENT leaves the field out. */
const ABSENT = Symbol('absent');
const CHOICES: Record<string, unknown[]> = {
	id: ['m-1', 'ü', ' ', '', 'x'.repeat(256), 'x'.repeat(257), 123, null, ABSENT],
	brand: ['acme', 'acme_1-2', 'a'.repeat(64), 'a'.repeat(65), 'Acme', '-acme', 'ac me', '', 5, ABSENT],
	source: ['news', 'n', 'n'.repeat(32), 'n'.repeat(33), 'News', '1news', 'news!', '', null, ABSENT],
	text: ['Great service', '😀', '\t\n', 'x'.repeat(20_000), 'x'.repeat(20_001), '', 42, ABSENT],
	created_at: [
		'2026-10-24T18:41:14.854Z',
		'2026-10-24T18:41:14Z',
		'2026-10-24T18:41Z',
		'2026-10-24T18:41:14+02:00',
		'2026-10-24T18:41:14.123456789Z',
		'2026-13-24T18:41:14Z',
		'2026-02-30T00:00:00Z',
		'2026-10-24T24:00:00Z',
		'2026-10-24 18:41:14',
		'2026-10-24T18:41:14',
		'yesterday',
		'',
		1_700_000_000,
		ABSENT
	],
	author: ['bob', '', 'x'.repeat(256), 'x'.repeat(257), 7, null, ABSENT],
	author_followers: [0, 10, 1e10, 1e10 + 1, -1, 1.5, NaN, Infinity, 2 ** 53, '10', null, ABSENT],
	lang: ['en', 'zh', 'EN', 'eng', 'e', '', 3, null, ABSENT],
	country: ['US', 'us', 'USA', '', 1, ABSENT],
	url: [
		'https://x.example/a',
		'http://localhost:3000/p?q=1',
		'HTTPS://X.EXAMPLE',
		`https://x.example/${'a'.repeat(2029)}`,
		`https://x.example/${'a'.repeat(2030)}`,
		'ftp://x.example',
		'javascript:alert(1)',
		'https://',
		'https://exa mple.com',
		'not a url',
		'',
		5,
		ABSENT
	],
	in_reply_to: ['m0', '', 'x'.repeat(256), 'x'.repeat(257), 0, ABSENT]
};
const VALID: Record<string, unknown> = {
	id: 'm-1',
	brand: 'acme',
	source: 'news',
	text: 'Great service',
	created_at: '2026-10-24T18:41:14.854Z'
};

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number) {
	return () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
		return seed / 2 ** 31;
	};
}

function* candidates(count: number) {
	const next = random(7);
	const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)]!;
	for (let n = 0; n < count; n += 1) {
		const item: Record<string, unknown> = { ...VALID };
		// Mostly one or two fields changed from a valid mention, so that valid ones are common too.
		const changes = Math.floor(next() * 3);
		for (let change = 0; change < changes; change += 1) {
			const field = pick(Object.keys(CHOICES));
			const value = pick(CHOICES[field]!);
			if (value === ABSENT) delete item[field];
			else item[field] = value;
		}
		if (next() < 0.03) item.colour = 'red';
		yield item;
	}
}

describe('isPlainValidMention', () => {
	it('accepts only what zod accepts, as it is, and most of it', () => {
		let zodAccepted = 0;
		let fastAccepted = 0;
		for (const item of candidates(20_000)) {
			const parsed = mentionInputSchema.safeParse(item);
			if (parsed.success) zodAccepted += 1;
			if (!isPlainValidMention(item)) continue;
			fastAccepted += 1;
			expect(parsed.success, JSON.stringify(item).slice(0, 200)).toBe(true);
			expect(parsed.data).toEqual(item);
		}
		expect(zodAccepted).toBeGreaterThan(5_000);
		// What zod takes and the fast check leaves to it: the odd forms of URLs it checks like zod does.
		expect(fastAccepted / zodAccepted).toBeGreaterThan(0.99);
	});

	it('leaves anything but a plain object to zod', () => {
		class Mention {
			constructor(readonly fields: Record<string, unknown>) {
				Object.assign(this, fields);
			}
		}
		expect(isPlainValidMention(VALID)).toBe(true);
		expect(isPlainValidMention(new Mention(VALID))).toBe(false);
		expect(isPlainValidMention(JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(VALID).slice(1)}`))).toBe(
			false
		);
		expect(isPlainValidMention([VALID])).toBe(false);
		expect(isPlainValidMention(null)).toBe(false);
		expect(isPlainValidMention('{"id":"m-1"}')).toBe(false);
	});
});
