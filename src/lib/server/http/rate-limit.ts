import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RetryLaterError } from './errors';

export interface RateLimits {
	/** Ingest requests per second, per API key. */
	ingestPerKey: number;
	/** Ingest requests per second, per client IP, whatever the key. */
	ingestPerIp: number;
	/** Login attempts per minute, per client IP. */
	loginPerIp: number;
}

/**
 * Request rate limits, per key and per IP, from rate-limiter-flexible (maintained, atomic counters, the
 * same API over Redis or a cluster when Brandpulse runs on several nodes; in memory per node for now).
 */
export class RateLimiter {
	readonly #ingestKey: RateLimiterMemory;
	readonly #ingestIp: RateLimiterMemory;
	readonly #login: RateLimiterMemory;

	constructor(limits: RateLimits) {
		this.#ingestKey = new RateLimiterMemory({
			keyPrefix: 'ingest-key',
			points: limits.ingestPerKey,
			duration: 1
		});
		this.#ingestIp = new RateLimiterMemory({
			keyPrefix: 'ingest-ip',
			points: limits.ingestPerIp,
			duration: 1
		});
		this.#login = new RateLimiterMemory({ keyPrefix: 'login-ip', points: limits.loginPerIp, duration: 60 });
	}

	/** Throws a 429 ApiError (with the seconds to wait) when the caller is over either ingest limit. */
	async ingest(keyId: string, ip: string): Promise<void> {
		await Promise.all([consume(this.#ingestKey, keyId, 'key'), consume(this.#ingestIp, ip, 'ip')]);
	}

	async login(ip: string): Promise<void> {
		await consume(this.#login, ip, 'ip');
	}
}

export class RateLimitedError extends RetryLaterError {
	constructor(retryAfterSeconds: number, scope: string) {
		super(
			429,
			'rate',
			`too many requests for this ${scope}; retry in ${retryAfterSeconds} s`,
			retryAfterSeconds
		);
	}
}

async function consume(limiter: RateLimiterMemory, key: string, scope: string): Promise<void> {
	try {
		await limiter.consume(key);
	} catch (rejection) {
		if (rejection instanceof RateLimiterRes) {
			throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), scope);
		}
		throw rejection;
	}
}

let shared: RateLimiter | null = null;

/** The process's limiter, built from the configuration on first use. */
export function rateLimiter(config: {
	BRANDPULSE_RATE_INGEST_PER_KEY: number;
	BRANDPULSE_RATE_INGEST_PER_IP: number;
	BRANDPULSE_RATE_LOGIN_PER_MINUTE: number;
}): RateLimiter {
	shared ??= new RateLimiter({
		ingestPerKey: config.BRANDPULSE_RATE_INGEST_PER_KEY,
		ingestPerIp: config.BRANDPULSE_RATE_INGEST_PER_IP,
		loginPerIp: config.BRANDPULSE_RATE_LOGIN_PER_MINUTE
	});
	return shared;
}
