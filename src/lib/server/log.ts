import pino from 'pino';

/** One structured logger for the server; pino because it is the fastest maintained JSON logger for Node. */
export const log = pino({
	level: process.env.BRANDPULSE_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
	base: undefined
});
