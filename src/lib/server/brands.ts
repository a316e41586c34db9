import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './db/tables';
import type { Principal } from './auth/principal';

/** Brands with mentions in the last 30 days that this caller may see, for pickers and the landing redirect. */
export async function listBrands(client: ClickHouseClient, principal: Principal): Promise<string[]> {
	const result = await client.query({
		query: `SELECT DISTINCT brand FROM ${TABLES.mentionRollupHour} WHERE hour >= now() - INTERVAL 30 DAY ORDER BY brand`,
		format: 'JSONCompactEachRow'
	});
	const brands = (await result.json<[string]>()).map(([brand]) => brand);
	return principal.brands ? brands.filter((brand) => principal.brands!.includes(brand)) : brands;
}
