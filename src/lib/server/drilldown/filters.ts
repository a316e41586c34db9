import { searchTokens, type Filters } from './params';

/** A piece of SQL and the values it binds; values never enter the text. */
export interface Sql {
	sql: string;
	params: Record<string, unknown>;
}

/** The time bounds as ClickHouse expressions over bound epoch milliseconds. */
export const FROM_SQL = `fromUnixTimestamp64Milli({from_ms:Int64}, 'UTC')`;
export const TO_SQL = `fromUnixTimestamp64Milli({to_ms:Int64}, 'UTC')`;

/**
 * WHERE over raw mentions: brand, then the [from, to) window (the sort key's prefix, so the primary index
 * narrows to the window's granules), then the optional filters. `q` must match every word it holds,
 * through hasAllTokens on the same expression as the text index, so the index can skip granules.
 */
export function mentionsWhere(filters: Filters, prefix = ''): Sql {
	const column = (name: string) => `${prefix}${name}`;
	const parts = [
		`${column('brand')} = {brand:String}`,
		`${column('created_at')} >= ${FROM_SQL}`,
		`${column('created_at')} < ${TO_SQL}`
	];
	const params: Record<string, unknown> = { brand: filters.brand, from_ms: filters.from, to_ms: filters.to };
	for (const name of ['source', 'lang', 'country', 'label', 'author'] as const) {
		const values = filters[name];
		if (values?.length) {
			parts.push(`${column(name)} IN {f_${name}:Array(String)}`);
			params[`f_${name}`] = values;
		}
	}
	if (filters.q !== undefined) {
		// The needles are one constant string, lower-cased by the engine and split by the index's own
		// tokenizer (a lambda over an array of tokens is not a constant, which hasAllTokens requires).
		parts.push(`hasAllTokens(lowerUTF8(${column('text')}), lowerUTF8({q_text:String}))`);
		params.q_text = searchTokens(filters.q).join(' ');
	}
	return { sql: parts.join(' AND '), params };
}
