import path from 'node:path';
import { z } from 'zod';
import './http/messages';
import { checkUrlSyntax, parseAllowPrivate } from './net/outbound';

const onOff = z.enum(['on', 'off']);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	BRANDPULSE_DATA_DIR: z.string().min(1).default('.brandpulse'),
	BRANDPULSE_MASTER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
	BRANDPULSE_SIMULATOR: onOff.default('on'),
	BRANDPULSE_PUBLIC_URL: z.url().optional(),
	BRANDPULSE_ALLOWED_ORIGINS: z
		.string()
		.default('')
		.transform((value) =>
			value
				.split(',')
				.map((origin) => origin.trim())
				.filter(Boolean)
		),
	BRANDPULSE_MAX_BODY_BYTES: positiveInt(16 * 1024 * 1024),
	BRANDPULSE_FLUSH_INTERVAL_MS: positiveInt(200),
	BRANDPULSE_FLUSH_ROWS: positiveInt(20_000),
	BRANDPULSE_MAX_BUFFERED_ROWS: positiveInt(200_000),
	BRANDPULSE_TICK_MS: positiveInt(1000),
	BRANDPULSE_RATE_INGEST_PER_KEY: positiveInt(200),
	BRANDPULSE_RATE_INGEST_PER_IP: positiveInt(400),
	BRANDPULSE_RATE_LOGIN_PER_MINUTE: positiveInt(20),
	BRANDPULSE_LOG_LEVEL: z
		.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
		.default('info'),
	/** `off`, `on`, or an allow-list of hosts, IPs and CIDR ranges outbound requests may reach although private. */
	BRANDPULSE_ALLOW_PRIVATE_URLS: z
		.string()
		.default('off')
		.transform((value, context) => {
			try {
				return parseAllowPrivate(value);
			} catch (error) {
				context.addIssue({ code: 'custom', message: (error as Error).message });
				return z.NEVER;
			}
		}),
	/** Graph API base (with version) for Meta sources that do not set their own. */
	BRANDPULSE_GRAPH_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com/v21.0'),
	CLICKHOUSE_URL: z.url().optional(),
	CLICKHOUSE_USER: z.string().default('default'),
	CLICKHOUSE_PASSWORD: z.string().default(''),
	CLICKHOUSE_DATABASE: z
		.string()
		.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
		.default('default')
});

export type Config = ReturnType<typeof parseConfig>;

export class ConfigError extends Error {}

/** Validates the environment; a bad value stops the start with a message naming the variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env) {
	const result = envSchema.safeParse(env);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
	}
	const values = result.data;
	try {
		checkUrlSyntax(values.BRANDPULSE_GRAPH_URL, values.BRANDPULSE_ALLOW_PRIVATE_URLS);
	} catch (error) {
		throw new ConfigError(`Invalid configuration:\n  BRANDPULSE_GRAPH_URL: ${(error as Error).message}`);
	}
	return { ...values, dataDir: path.resolve(values.BRANDPULSE_DATA_DIR) };
}
