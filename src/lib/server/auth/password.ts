import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~10 ms per verification on this 2-core
 * machine (`npm run bench -- auth`), against ~140 ms for RFC 9106's 64 MiB, 3 passes, 4 lanes. The memory,
 * not the time, is what makes GPU guessing expensive; 19 MiB per login also keeps a burst of logins from
 * exhausting the server's memory. Raise memoryCost here to harden: old hashes are upgraded at the next login.
 * `Algorithm.Argon2id` is a const enum, which isolated modules cannot inline; 2 is its value.
 */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** What the hash of a password with the current parameters starts with; older hashes are upgraded on login. */
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

/** Long passphrases allowed; the upper bound keeps one login from costing a megabyte of hashing input. */
export const passwordSchema = z
	.string()
	.min(12, 'must be at least 12 characters')
	.max(256, 'must be at most 256 characters');

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for a stored value that is not an argon2 hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	if (!stored.startsWith('$argon2')) return false;
	try {
		return await verify(stored, password);
	} catch {
		return false;
	}
}

export function needsRehash(stored: string): boolean {
	return !stored.startsWith(CURRENT_PREFIX);
}

/**
 * Verified against when the e-mail is unknown, so an unknown address takes as long to refuse as a wrong
 * password and the response time does not tell which accounts exist.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
	decoy ??= hashPassword('decoy password that matches nothing');
	return decoy;
}
