import type { ClickHouseClient } from '@clickhouse/client';
import { encodeValue } from '../db/tab-separated';
import { TABLES } from '../db/tables';
import { MENTION_COLUMNS } from './mention-row';

/**
 * Ids per brand are looked up in chunks: an Array(String) parameter costs chDB superlinear time past ~20k
 * elements (50k ids took 21.6 s, 5k chunks of the same took well under a second).
 */
const LOOKUP_CHUNK = 5_000;
/** Per-brand lookups sent as one query; bounds the query's parameters to about 10 lists of 5k ids. */
const LOOKUPS_PER_QUERY = 10;

/** Distinct ids per brand, for lookups that lead with the brand as the sort keys do, in chunks. */
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

/** A mention's brand, id and source, as the lookups return them. */
export type StoredKey = [brand: string, id: string, source: string];

/**
 * A lookup's list holds a line per mention: its source and id (escaped), TabSeparated, as they follow each
 * other in an encoded mentions line.
 */
const LIST_STRUCTURE = 'source String, id String';
if (MENTION_COLUMNS.indexOf('source') !== 2 || MENTION_COLUMNS.indexOf('id') !== 3)
	throw new Error('encoded lines are read as brand, created_at, source and id first');

/** The `mentionKey` of an encoded mentions line, its id left escaped. */
export function keyOfLine(line: string): string {
	const [brand, , source, id] = line.split('\t', 4);
	return mentionKey(brand!, id!, source!);
}

/**
 * Per brand, the lookup list of encoded mentions lines (in `MENTION_COLUMNS` order, without line breaks),
 * cut from the lines themselves. Cut when the lines are sent rather than kept beside each line as it is
 * encoded: the import's worker held a slice's keys until then, which its young-generation collections
 * copied, row after row (about 0.8 µs a row of CPU, importing a million rows).
 */
export function keyListsOf(lines: readonly string[]): [brand: string, list: string][] {
	const lists = new Map<string, string[]>();
	for (const line of lines) {
		const brandEnd = line.indexOf('\t');
		const sourceStart = line.indexOf('\t', brandEnd + 1) + 1;
		const idEnd = line.indexOf('\t', line.indexOf('\t', sourceStart) + 1);
		const brand = line.slice(0, brandEnd);
		let list = lists.get(brand);
		if (!list) lists.set(brand, (list = []));
		list.push(line.slice(sourceStart, idEnd), '\n');
	}
	return [...lists].map(([brand, list]) => [brand, list.join('')]);
}

/**
 * The keys (`mentionKey`) of those of `mentions` already stored. A small block, as live ingest writes,
 * touches few granules of the keys, so each brand's ids are sought through the primary key in chunks.
 */
export async function findStoredMentions(
	client: ClickHouseClient,
	mentions: readonly { brand: string; id: string; source: string }[]
): Promise<Set<string>> {
	const byBrand = new Map<string, string[]>();
	for (const { brand, id, source } of mentions) {
		let lines = byBrand.get(brand);
		if (!lines) byBrand.set(brand, (lines = []));
		// A source is a lower-case name (see the schema): it never needs escaping.
		lines.push(`${source}\t${encodeValue(id)}\n`);
	}
	const lists: [string, string][] = [];
	for (const [brand, lines] of byBrand) {
		for (let start = 0; start < lines.length; start += LOOKUP_CHUNK)
			lists.push([brand, lines.slice(start, start + LOOKUP_CHUNK).join('')]);
	}
	const { stored } = await lookUpKeys(client, lists, { scan: false, repeats: false });
	return new Set(stored.map(([brand, id, source]) => mentionKey(brand, id, source)));
}

/**
 * For lists of mentions per brand: the stored mentions with their ids, under any source, and,
 * with `repeats`, the keys a list holds more than once. A list has a line per mention (LIST_STRUCTURE).
 *
 * `scan`, for a bulk batch: tens of thousands of ids fall in nearly every granule of their brand's keys, so
 * reading the brand's keys whole costs less than seeking each id through the primary key, and one list per
 * brand less than lists of 5k. Looking up 50k new ids against a million stored keys (five brands) took 56-59
 * ms and 70 ms of CPU so, against 132-187 ms and 154-244 ms seeking in lists of 5k.
 *
 * `repeats`: the engine finds a batch's repeated keys in a few milliseconds, where a set of a batch's keys
 * in JavaScript lived long enough to be copied and promoted by the garbage collector, row by row.
 */
export async function lookUpKeys(
	client: ClickHouseClient,
	lists: readonly [brand: string, keyLines: string][],
	{ scan, repeats }: { scan: boolean; repeats: boolean }
): Promise<{ stored: StoredKey[]; repeated: StoredKey[] }> {
	const found = { stored: [] as StoredKey[], repeated: [] as StoredKey[] };
	// Per brand a plain id list (measured 5x faster than an IN over (brand, id, source) tuples), passed as
	// one string read by format() rather than an Array(String) parameter (25-35% faster on chDB for 30k
	// ids against 400k stored keys), and every brand's list in one query (UNION ALL): one round trip per
	// flush, which matters when the event loop is busy scoring the next requests.
	const settings = scan ? ' SETTINGS use_index_for_in_with_subqueries = 0' : '';
	for (let start = 0; start < lists.length; start += LOOKUPS_PER_QUERY) {
		const params: Record<string, string> = {};
		const selects = lists.slice(start, start + LOOKUPS_PER_QUERY).flatMap(([brand, keyLines], index) => {
			params[`b${index}`] = brand;
			params[`k${index}`] = keyLines;
			const list = `format(TabSeparated, '${LIST_STRUCTURE}', {k${index}:String})`;
			const stored = `SELECT brand, id, source, 1 AS stored FROM ${TABLES.mentionKeys}
				WHERE brand = {b${index}:String} AND id IN (SELECT id FROM ${list})${settings}`;
			const repeated = `SELECT {b${index}:String}, id, source, 0 FROM ${list}
				GROUP BY id, source HAVING count() > 1`;
			return repeats ? [stored, repeated] : [stored];
		});
		const result = await client.query({
			query: selects.join('\nUNION ALL\n'),
			query_params: params,
			format: 'JSONCompactEachRow'
		});
		for (const [brand, id, source, stored] of await result.json<[string, string, string, number]>())
			(stored ? found.stored : found.repeated).push([brand, id, source]);
	}
	return found;
}
