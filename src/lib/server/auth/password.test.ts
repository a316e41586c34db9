import { describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS, hashPassword, needsRehash, passwordSchema, verifyPassword } from './password';

describe('password hashing', () => {
	it('hashes with argon2id and the chosen parameters, salted', async () => {
		const first = await hashPassword('correct horse battery staple');
		const second = await hashPassword('correct horse battery staple');
		expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(first).not.toBe(second);
		expect(needsRehash(first)).toBe(false);
	});

	it('verifies the right password and refuses a wrong one', async () => {
		const stored = await hashPassword('correct horse battery staple');
		expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
		expect(await verifyPassword(stored, '')).toBe(false);
	});

	it('refuses anything stored that is not an argon2 hash, without throwing', async () => {
		expect(await verifyPassword('', 'x')).toBe(false);
		expect(await verifyPassword('plaintext', 'plaintext')).toBe(false);
		expect(await verifyPassword('$argon2id$garbage', 'x')).toBe(false);
	});

	it('asks for a rehash of hashes made with weaker parameters', async () => {
		const weak = await hash('correct horse battery staple', {
			...ARGON2_OPTIONS,
			memoryCost: 4096,
			timeCost: 1
		});
		expect(await verifyPassword(weak, 'correct horse battery staple')).toBe(true);
		expect(needsRehash(weak)).toBe(true);
	});

	it('bounds password length', () => {
		expect(passwordSchema.safeParse('short').success).toBe(false);
		expect(passwordSchema.safeParse('x'.repeat(12)).success).toBe(true);
		expect(passwordSchema.safeParse('x'.repeat(257)).success).toBe(false);
	});
});
