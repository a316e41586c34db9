import type { ClickHouseClient } from '@clickhouse/client';
import { encodeValue } from '../db/tab-separated';
import { TABLES } from '../db/tables';

/**
 * Distinct ids per brand, for lookups that lead with the brand as the sort keys do, in chunks: an
 * Array(String) parameter costs chDB superlinear time past ~20k elements (50k ids took 21.6 s, 5k
 * chunks of the same took well under a second).
 */
const LOOKUP_CHUNK = 5_000;
/** Per-brand lookups sent as one query; bounds the query's parameters to about 10 lists of 5k ids. */
const LOOKUPS_PER_QUERY = 10;

export function groupIds<T extends { brand: string }>(
	rows: readonly T[],
	idOf: (row: T) => string,
	chunk = LOOKUP_CHUNK
): [string, string[]][] {
	const groups = new Map<string, Set<string>>();
	for (const row of rows) {
		let ids = groups.get(row.brand);
		if (!ids) groups.set(row.brand, (ids = new Set()));
		ids.add(idOf(row));
	}
	const chunks: [string, string[]][] = [];
	for (const [brand, ids] of groups) {
		const list = [...ids];
		for (let start = 0; start < list.length; start += chunk) {
			chunks.push([brand, list.slice(start, start + chunk)]);
		}
	}
	return chunks;
}

/** A mention's dedupe key: brand, id and source, as the mentions table's keys are. */
export function mentionKey(brand: string, id: string, source: string): string {
	return `${brand}\u0000${id}\u0000${source}`;
}

/** The brand and id of a `mentionKey` (a brand or source never holds the separator; an id may). */
export function brandAndId(key: string): { brand: string; id: string } {
	const first = key.indexOf('\u0000');
	return { brand: key.slice(0, first), id: key.slice(first + 1, key.lastIndexOf('\u0000')) };
}

/**
 * The keys (`mentionKey`) of those of `mentions` already stored, under any source.
 *
 * `scan`, for a bulk batch: tens of thousands of ids fall in nearly every granule of their brand's keys, so
 * reading the brand's keys whole costs less than seeking each id through the primary key, and one list per
 * brand less than lists of 5k. Looking up 50k new ids against a million stored keys (five brands) took 56-59
 * ms and 70 ms of CPU so, against 132-187 ms and 154-244 ms seeking in lists of 5k. A small block, as live
 * ingest writes, touches few granules and seeks.
 */
export async function findStoredMentions(
	client: ClickHouseClient,
	mentions: readonly { brand: string; id: string }[],
	{ scan = false }: { scan?: boolean } = {}
): Promise<Set<string>> {
	const stored = new Set<string>();
	// Per brand a plain id list (measured 5x faster than an IN over (brand, id, source) tuples), passed as
	// one string read by format() rather than an Array(String) parameter (25-35% faster on chDB for 30k
	// ids against 400k stored keys), and every brand's list in one query (UNION ALL): one round trip per
	// flush, which matters when the event loop is busy scoring the next requests.
	const groups = groupIds(mentions, (mention) => mention.id, scan ? Infinity : LOOKUP_CHUNK);
	const settings = scan ? ' SETTINGS use_index_for_in_with_subqueries = 0' : '';
	for (let start = 0; start < groups.length; start += LOOKUPS_PER_QUERY) {
		const params: Record<string, string> = {};
		const selects = groups.slice(start, start + LOOKUPS_PER_QUERY).map(([brand, ids], index) => {
			let list = '';
			for (const id of ids) list += `${encodeValue(id)}\n`;
			params[`b${index}`] = brand;
			params[`i${index}`] = list;
			return `SELECT brand, id, source FROM ${TABLES.mentionKeys} WHERE brand = {b${index}:String}
				AND id IN (SELECT id FROM format(TabSeparated, 'id String', {i${index}:String}))${settings}`;
		});
		const result = await client.query({
			query: selects.join('\nUNION ALL\n'),
			query_params: params,
			format: 'JSONCompactEachRow'
		});
		for (const [brand, id, source] of await result.json<[string, string, string]>())
			stored.add(mentionKey(brand, id, source));
	}
	return stored;
}
