import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { timeZoneSchema } from './params';

/** Not in TABLES yet: tables.ts belongs to the db layer; db/0006_brand_settings.sql creates it. */
export const BRAND_SETTINGS_TABLE = 'brand_settings';

const MINUTES_PER_DAY = 1440;

export const businessHoursSchema = z
	.strictObject({
		/** ISO weekday, 1 = Monday … 7 = Sunday. */
		weekday: z.number().int().min(1).max(7),
		/** Minutes after local midnight; close is exclusive and may be 1440 (midnight). */
		open_minute: z
			.number()
			.int()
			.min(0)
			.max(MINUTES_PER_DAY - 1),
		close_minute: z.number().int().min(1).max(MINUTES_PER_DAY)
	})
	.refine((range) => range.close_minute > range.open_minute, {
		message: 'close_minute must be after open_minute',
		path: ['close_minute']
	});
export type BusinessHours = z.output<typeof businessHoursSchema>;

export const brandSettingsInputSchema = z.strictObject({
	timezone: timeZoneSchema,
	business_hours: z.array(businessHoursSchema).max(28)
});
export type BrandSettingsInput = z.output<typeof brandSettingsInputSchema>;

export interface BrandSettings extends BrandSettingsInput {
	brand: string;
	/** ISO 8601; null while the brand runs on the defaults. */
	updated_at: string | null;
}

/** Until a brand says otherwise: UTC, Monday to Friday, 09:00 to 17:00. */
export function defaultSettings(brand: string): BrandSettings {
	return {
		brand,
		timezone: 'UTC',
		business_hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open_minute: 540, close_minute: 1020 })),
		updated_at: null
	};
}

export async function getBrandSettings(client: ClickHouseClient, brand: string): Promise<BrandSettings> {
	// argMax rather than FINAL: the newest write wins even before the replacing merge has run.
	const result = await client.query({
		query: `SELECT argMax(timezone, updated_at) AS timezone, argMax(business_hours, updated_at) AS hours,
				toUnixTimestamp64Milli(max(updated_at)) AS updated_ms
			FROM ${BRAND_SETTINGS_TABLE} WHERE brand = {brand:String} GROUP BY brand`,
		query_params: { brand },
		format: 'JSONCompactEachRow'
	});
	const [row] = await result.json<[string, BusinessHours[], number]>();
	if (!row) return defaultSettings(brand);
	const [timezone, hours, updatedMs] = row;
	return {
		brand,
		timezone,
		business_hours: hours.map((range) => ({
			weekday: Number(range.weekday),
			open_minute: Number(range.open_minute),
			close_minute: Number(range.close_minute)
		})),
		updated_at: new Date(Number(updatedMs)).toISOString()
	};
}

export async function putBrandSettings(
	client: ClickHouseClient,
	brand: string,
	input: BrandSettingsInput
): Promise<BrandSettings> {
	const hours = [...input.business_hours].sort(
		(a, b) => a.weekday - b.weekday || a.open_minute - b.open_minute
	);
	await client.insert({
		table: BRAND_SETTINGS_TABLE,
		values: [
			{
				brand,
				timezone: input.timezone,
				business_hours: hours,
				updated_at: new Date().toISOString()
			}
		],
		format: 'JSONEachRow'
	});
	return getBrandSettings(client, brand);
}
