import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
	it('starts with no configuration at all', () => {
		const config = parseConfig({});
		expect(config).toMatchObject({ PORT: 3000, BRANDPULSE_SIMULATOR: 'on' });
		expect(config.CLICKHOUSE_URL).toBeUndefined();
		expect(config.dataDir).toMatch(/\.brandpulse$/);
	});

	it('refuses a bad value, naming the variable and the reason', () => {
		expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
		expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT: .*number/);
		expect(() => parseConfig({ BRANDPULSE_SIMULATOR: 'maybe' })).toThrow(/BRANDPULSE_SIMULATOR/);
		expect(() => parseConfig({ BRANDPULSE_MASTER_KEY: 'short' })).toThrow(
			/BRANDPULSE_MASTER_KEY: must be at least 16/
		);
		expect(() => parseConfig({ CLICKHOUSE_URL: 'not a url' })).toThrow(/CLICKHOUSE_URL/);
		expect(() => parseConfig({ CLICKHOUSE_DATABASE: 'x; DROP TABLE y' })).toThrow(/CLICKHOUSE_DATABASE/);
	});

	it('reads allowed origins as a list', () => {
		expect(
			parseConfig({ BRANDPULSE_ALLOWED_ORIGINS: 'https://a.example, https://b.example' })
				.BRANDPULSE_ALLOWED_ORIGINS
		).toEqual(['https://a.example', 'https://b.example']);
	});
});
