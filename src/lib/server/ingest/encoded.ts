import { open, rm } from 'node:fs/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../db/tables';
import { MENTION_COLUMNS } from './mention-row';

/**
 * Mentions validated, scored and encoded where they were read (the bulk import's worker thread, see
 * MentionEncoder), ready to be stored by another, which need not load the scorer. One block of bytes, so that
 * it crosses a thread boundary as a transfer, without a copy, and leaves no small objects behind for the
 * storing thread to collect.
 */
export interface EncodedMentions {
	/** UTF-8: one TabSeparated line per mention, in `MENTION_COLUMNS` order, each ending in a line break. */
	bytes: Uint8Array;
	/** Lines in `bytes`. */
	count: number;
}

const COLUMNS = MENTION_COLUMNS.join(', ');
const KEY = 'brand, id, source';

/** Clients storing a batch now: the staging table holds one batch at a time. */
const storing = new WeakSet<ClickHouseClient>();

/**
 * Stores a batch of encoded mentions, deduplicated as the ingest pipeline does: a mention whose key (brand,
 * id, source) is stored already, or came earlier in the batch, is a duplicate. This is the bulk import's
 * writer of the mentions table; the import holds the data directory's lock, so no buffered writer of the
 * same table runs beside it in its process. Batches must be stored one after another, each once the one
 * before is committed.
 *
 * The batch is written to `stagingFile` and parsed once from there, into the `import_batch` staging table
 * (Memory), so the engine must be the embedded one, on this machine. The engine does the rest:
 * one query finds the keys stored already and those the batch repeats, and the batch is copied into
 * mentions, whole when it found none. Against the batch's key lists sent from JavaScript as query
 * parameters (escaped character by character by chDB's client, parsed twice by the engine) this measured
 * 1.2 µs of CPU a row less (300k rows in batches of 50k, 6.1-7.0 against 7.5-8.2 µs a row, alternating).
 */
export async function storeEncodedMentions(
	client: ClickHouseClient,
	parts: readonly EncodedMentions[],
	/** Where the batch is written for the engine to read: a path the embedded engine can open. */
	stagingFile: string
): Promise<{ accepted: number; duplicates: number }> {
	const count = parts.reduce((sum, part) => sum + part.count, 0);
	if (count === 0) return { accepted: 0, duplicates: 0 };
	if (storing.has(client)) throw new Error('storeEncodedMentions: a batch is being stored already');
	storing.add(client);
	try {
		await client.command({ query: `TRUNCATE TABLE ${TABLES.importBatch}` });
		await stage(client, parts, stagingFile);
		const stored = await storedKeys(client);
		const found = await (
			await client.query({
				query: `SELECT count() AS copies, (${KEY}) IN (${stored.sql}) AS stored
					FROM ${TABLES.importBatch}
					GROUP BY ${KEY}
					HAVING copies > 1 OR stored
					SETTINGS use_index_for_in_with_subqueries = 0`,
				query_params: stored.params,
				format: 'JSONCompactEachRow'
			})
		).json<[copies: string | number, stored: number]>();
		// Every copy of a stored key is a duplicate; of a key new to the store, all but the first.
		const duplicates = found.reduce(
			(sum, [copies, isStored]) => sum + Number(copies) - (isStored ? 0 : 1),
			0
		);
		if (duplicates === count) return { accepted: 0, duplicates };
		// The usual case, a new file: the batch goes in as it came. Otherwise the first copy of each new key,
		// read in the batch's order (one thread).
		const filter = found.length
			? ` WHERE (${KEY}) NOT IN (${stored.sql}) LIMIT 1 BY ${KEY}
				SETTINGS max_threads = 1, use_index_for_in_with_subqueries = 0`
			: '';
		// The text index is left to the merges, which build it for every part they write: built here too, it
		// cost 2.2 µs of CPU a row of the 18 (a million mentions, five alternating runs), and a part not yet
		// merged is searched without it, with the same results.
		await client.command({
			query: `INSERT INTO ${TABLES.mentions} (${COLUMNS}) SETTINGS materialize_skip_indexes_on_insert = 0
				SELECT ${COLUMNS} FROM ${TABLES.importBatch}${filter}`,
			...(found.length ? { query_params: stored.params } : {})
		});
		return { accepted: count - duplicates, duplicates };
	} finally {
		storing.delete(client);
	}
}

/**
 * Fills the staging table from a file rather than from the text inline in the INSERT: chDB read a batch of
 * 50k mentions (10 MB) from a file in 55 ms, against 105-130 ms inline (the same 65 ms went on inline text
 * even into a table that parses nothing), and an import of a million mentions took 1.1 µs of CPU a row less
 * (18.8 against 19.9 on average over nine alternating runs). The columns' types come from the table.
 */
async function stage(client: ClickHouseClient, parts: readonly EncodedMentions[], file: string) {
	const handle = await open(file, 'w');
	try {
		for (const part of parts) await handle.write(part.bytes);
	} finally {
		await handle.close();
	}
	try {
		await client.command({
			query: `INSERT INTO ${TABLES.importBatch} (${COLUMNS}) SELECT * FROM file({file:String}, 'TabSeparated')`,
			query_params: { file }
		});
	} finally {
		await rm(file, { force: true });
	}
}

/**
 * The batch's keys stored already, as a subquery and its parameters. Per brand, the brand's keys are read
 * whole and matched against the batch's ids: tens of thousands of ids fall in nearly every granule of their
 * brand's keys, so reading them whole costs less than seeking each id through the primary key (which the
 * queries' `use_index_for_in_with_subqueries = 0` turns off), while the brand, a constant, still bounds the
 * read. 50k new ids against a million stored keys: 91 ms read whole against 162 ms sought for random ids,
 * 60-75 against 73-97 for ids in time order; against ten million, 165-185 against 158-179 and 122-145
 * against 71-82 (stop 10). Random ids lose more than ordered ones gain. The lists sent from JavaScript before
 * measured the same way: 56-59 ms read whole against 132-187 ms sought in lists of 5k.
 */
async function storedKeys(
	client: ClickHouseClient
): Promise<{ sql: string; params: Record<string, string> }> {
	const brands = await (
		await client.query({
			query: `SELECT DISTINCT brand FROM ${TABLES.importBatch}`,
			format: 'JSONCompactEachRow'
		})
	).json<[string]>();
	const params: Record<string, string> = {};
	const sql = brands
		.map(([brand], index) => {
			params[`brand${index}`] = brand;
			return `SELECT ${KEY} FROM ${TABLES.mentionKeys} WHERE brand = {brand${index}:String}
				AND id IN (SELECT id FROM ${TABLES.importBatch} WHERE brand = {brand${index}:String})`;
		})
		.join(' UNION ALL ');
	return { sql, params };
}
