import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPipeline, type IngestReport } from '../ingest/pipeline';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { readCheckpoint } from './checkpoint';
import { importFile, type EncodedSink, type ImportSink } from './importer';
import { localSink, retryDelayMs } from './sinks';
import { acquireDataDirLock, DataDirLockedError } from './lock';
import { MappingError, parseColumnMap, recordMapper } from './mapping';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let pipeline: IngestPipeline;
let dir: string;

beforeAll(async () => {
	db = await openTestClickHouse();
	pipeline = new IngestPipeline(db.client, { flushRows: 100, flushIntervalMs: 10 });
	dir = mkdtempSync(path.join(os.tmpdir(), 'brandpulse-import-'));
});
afterAll(async () => {
	await pipeline.close();
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

async function stored(brand: string) {
	const [raw] = await queryRows<{ n: number }>(
		db.client,
		'SELECT count() AS n FROM mentions WHERE brand = {brand:String}',
		{
			brand
		}
	);
	const [rollup] = await queryRows<{ n: number }>(
		db.client,
		'SELECT sum(mentions) AS n FROM mention_rollup_1h WHERE brand = {brand:String}',
		{ brand }
	);
	return { raw: Number(raw!.n), rollup: Number(rollup!.n) };
}

/** A CSV in a foreign shape: its own column names, a quoted multi-line text, epoch dates. */
function historyCsv(brand: string, rows: number, bad: number[] = []): string {
	const lines = ['post_id,posted,body,handle,fans,language'];
	for (let index = 0; index < rows; index += 1) {
		const date = bad.includes(index) ? 'not a date' : String(1763600000 + index * 60);
		lines.push(
			`${brand}-${index},${date},"Mention ${index} of ${brand}, ""quoted"" and fine",user${index},${index * 10},EN`
		);
	}
	return lines.join('\n') + '\n';
}

/** The refused rows an import wrote, in order. */
function readRejects(file: string) {
	return readFileSync(file, 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as { line: number; field: string; message: string; raw: unknown });
}

/** `count` mentions in the API's shape, one a line, ids `${idPrefix}${index}`; rows in `undated` get an unreadable date. */
function writeMentionsNdjson(
	file: string,
	{
		brand,
		idPrefix,
		count,
		undated = new Set<number>()
	}: { brand: string; idPrefix: string; count: number; undated?: Set<number> }
) {
	const lines: string[] = [];
	for (let index = 0; index < count; index += 1) {
		lines.push(
			JSON.stringify({
				id: `${idPrefix}${index}`,
				brand,
				source: 'forum',
				text: `Mention ${index}`,
				created_at: undated.has(index) ? 'yesterday' : '2026-01-02T03:04:05Z'
			})
		);
	}
	writeFileSync(file, lines.join('\n') + '\n');
}

const MAP = parseColumnMap(
	'id=post_id,created_at=posted,text=body,author=handle,followers=fans,lang=language'
);

describe('column mapping', () => {
	it('parses --map and refuses unknown fields', () => {
		expect(parseColumnMap('created_at=date, text=body,followers=fans')).toEqual({
			created_at: 'date',
			text: 'body',
			author_followers: 'fans'
		});
		expect(() => parseColumnMap('colour=c')).toThrow(MappingError);
		expect(() => parseColumnMap('text=')).toThrow(MappingError);
	});

	it('maps a row, leaving empty cells out and normalising values', () => {
		const map = recordMapper(MAP, { brand: 'acme', source: 'forum' });
		expect(
			map({ post_id: '1', posted: '1763600000', body: 'hi', handle: '', fans: '12', language: 'EN' })
		).toEqual({
			brand: 'acme',
			source: 'forum',
			id: '1',
			created_at: '2025-11-20T00:53:20.000Z',
			text: 'hi',
			author_followers: 12,
			lang: 'en'
		});
	});
});

describe('importFile', () => {
	it('imports a CSV, writes refused rows with their line, and stores the good ones', async () => {
		const file = path.join(dir, 'history.csv');
		writeFileSync(file, historyCsv('csvbrand', 25, [3, 17]) + 'x,y\n');
		const rejectsFile = path.join(dir, 'history.rejects.ndjson');
		const summary = await importFile({
			file,
			map: MAP,
			brand: 'csvbrand',
			source: 'forum',
			rejectsFile,
			batchRows: 10,
			sink: localSink(db.client, db.dataDir)
		});
		expect(summary).toMatchObject({
			records: 26,
			accepted: 23,
			duplicates: 0,
			rejected: 3,
			interrupted: false
		});
		const rejects = readRejects(rejectsFile);
		// Line 1 is the header, so data row 3 is on line 5.
		expect(rejects.map((r) => [r.line, r.field])).toEqual([
			[5, 'created_at'],
			[19, 'created_at'],
			[27, '(row)']
		]);
		expect(rejects[0]!.raw).toMatchObject({ id: 'csvbrand-3', created_at: 'not a date' });
		expect(await stored('csvbrand')).toEqual({ raw: 23, rollup: 23 });
		expect(readCheckpoint(summary.checkpointFile)).toMatchObject({ complete: true, records: 26, line: 27 });
	});

	it('counts nothing twice when the same file is imported again', async () => {
		const file = path.join(dir, 'twice.csv');
		writeFileSync(file, historyCsv('twice', 30));
		const first = await importFile({
			file,
			map: MAP,
			brand: 'twice',
			source: 'forum',
			batchRows: 7,
			sink: localSink(db.client, db.dataDir)
		});
		const second = await importFile({
			file,
			map: MAP,
			brand: 'twice',
			source: 'forum',
			batchRows: 7,
			sink: pipeline
		});
		expect(first).toMatchObject({ accepted: 30, duplicates: 0 });
		expect(second).toMatchObject({ accepted: 0, duplicates: 30 });
		expect(await stored('twice')).toEqual({ raw: 30, rollup: 30 });
	});

	it('resumes after an interruption from the last committed batch', async () => {
		const file = path.join(dir, 'resume.csv');
		writeFileSync(file, historyCsv('resume', 50));
		let batches = 0;
		const crashing: ImportSink = {
			async ingestMentions(items): Promise<IngestReport> {
				batches += 1;
				if (batches === 3) throw new Error('power cut');
				return pipeline.ingestMentions(items);
			}
		};
		await expect(
			importFile({ file, map: MAP, brand: 'resume', source: 'forum', batchRows: 10, sink: crashing })
		).rejects.toThrow('power cut');
		expect(await stored('resume')).toEqual({ raw: 20, rollup: 20 });
		const checkpoint = readCheckpoint(`${file}.import-checkpoint.json`)!;
		expect(checkpoint).toMatchObject({ records: 20, line: 21, accepted: 20, complete: false });

		const seen: unknown[][] = [];
		const counting: ImportSink = {
			ingestMentions(items) {
				seen.push(items);
				return pipeline.ingestMentions(items);
			}
		};
		const resumed = await importFile({
			file,
			map: MAP,
			brand: 'resume',
			source: 'forum',
			batchRows: 10,
			sink: counting,
			resume: true
		});
		expect(resumed).toMatchObject({ resumedFrom: 20, records: 50, accepted: 50, duplicates: 0 });
		// Only the rows after the checkpoint were sent again.
		expect(seen.flat()).toHaveLength(30);
		expect(await stored('resume')).toEqual({ raw: 50, rollup: 50 });
	});

	it('stores each batch only once the one before is checkpointed', async () => {
		const file = path.join(dir, 'overlap.csv');
		writeFileSync(file, historyCsv('overlap', 30));
		const checkpointFile = path.join(dir, 'overlap.checkpoint.json');
		const events: string[] = [];
		const local = localSink(db.client, db.dataDir);
		const sink: EncodedSink = {
			async storeEncoded(batch) {
				const number = events.length / 2 + 1;
				// What the checkpoint says when this batch starts to store: every batch before it.
				events.push(`store ${number} after ${readCheckpoint(checkpointFile)?.records ?? 0}`);
				const stored = await local.storeEncoded(batch);
				events.push(`stored ${number}`);
				return stored;
			}
		};
		const summary = await importFile({
			file,
			map: MAP,
			brand: 'overlap',
			source: 'forum',
			batchRows: 10,
			sink,
			checkpointFile
		});
		expect(summary).toMatchObject({ records: 30, accepted: 30, duplicates: 0 });
		expect(events).toEqual([
			'store 1 after 0',
			'stored 1',
			'store 2 after 10',
			'stored 2',
			'store 3 after 20',
			'stored 3'
		]);
		expect(await stored('overlap')).toEqual({ raw: 30, rollup: 30 });
	});

	it('prepares a big batch in slices and reports the refused rows of every slice at their own line', async () => {
		const file = path.join(dir, 'slices.ndjson');
		const undated = new Set([3, 7_003, 10_500, 11_999]);
		writeMentionsNdjson(file, { brand: 'slices', idPrefix: 's', count: 12_000, undated });
		const rejectsFile = path.join(dir, 'slices.rejects.ndjson');
		// Batch 1 is rows 0-10,999 in slices of 4,000; batch 2 the rest.
		const summary = await importFile({
			file,
			rejectsFile,
			sink: localSink(db.client, db.dataDir),
			batchRows: 11_000
		});
		expect(summary).toMatchObject({ records: 12_000, accepted: 11_996, rejected: 4 });
		const rejects = readRejects(rejectsFile);
		expect(rejects.map((reject) => [reject.line, reject.field, (reject.raw as { id: string }).id])).toEqual([
			[4, 'created_at', 's3'],
			[7_004, 'created_at', 's7003'],
			[10_501, 'created_at', 's10500'],
			[12_000, 'created_at', 's11999']
		]);
		expect(await stored('slices')).toEqual({ raw: 11_996, rollup: 11_996 });
	});

	it('stores the last batch when the file ends on a full slice short of a batch', async () => {
		// 8,000 rows are two whole slices of 4,000 and no whole batch of 10,000: no slice ends a batch.
		const file = path.join(dir, 'whole-slices.ndjson');
		writeMentionsNdjson(file, { brand: 'wholeslices', idPrefix: 'w', count: 8_000 });
		const summary = await importFile({ file, sink: localSink(db.client, db.dataDir), batchRows: 10_000 });
		expect(summary).toMatchObject({ records: 8_000, accepted: 8_000 });
		expect(await stored('wholeslices')).toEqual({ raw: 8_000, rollup: 8_000 });
		expect(readCheckpoint(summary.checkpointFile)).toMatchObject({ complete: true, records: 8_000 });
	});

	it('stops cleanly on abort and continues with --resume', async () => {
		const file = path.join(dir, 'abort.csv');
		writeFileSync(file, historyCsv('abort', 40));
		const controller = new AbortController();
		const first = await importFile({
			file,
			map: MAP,
			brand: 'abort',
			source: 'forum',
			batchRows: 10,
			sink: pipeline,
			signal: controller.signal,
			onProgress: (progress) => {
				if (progress.records >= 10) controller.abort();
			}
		});
		expect(first.interrupted).toBe(true);
		expect(first.records).toBeLessThan(40);
		const rest = await importFile({
			file,
			map: MAP,
			brand: 'abort',
			source: 'forum',
			batchRows: 10,
			sink: pipeline,
			resume: true
		});
		expect(rest).toMatchObject({ interrupted: false, records: 40, accepted: 40 });
		expect(await stored('abort')).toEqual({ raw: 40, rollup: 40 });
	});

	it('refuses to resume over a file that has changed', async () => {
		const file = path.join(dir, 'changed.csv');
		writeFileSync(file, historyCsv('changed', 5));
		await importFile({ file, map: MAP, brand: 'changed', source: 'forum', sink: pipeline });
		writeFileSync(file, historyCsv('changed', 6));
		await expect(
			importFile({ file, map: MAP, brand: 'changed', source: 'forum', sink: pipeline, resume: true })
		).rejects.toThrow(/has changed/);
	});

	it('reads quoted line breaks, inch marks, doubled quotes, blank lines and CRLF, each row at its first line', async () => {
		const date = '2026-01-01T00:00:00Z';
		const file = path.join(dir, 'quoted.csv');
		writeFileSync(
			file,
			[
				'\uFEFFid,text,created_at',
				`q1,"first line\r\nsecond line",${date}`,
				'',
				`q2,The 55" TV is great,${date}`,
				`q3,"He said ""wow"", twice",${date}`,
				'q4,too,many,fields',
				`q5,"never closed,${date}`,
				`q6,lost after the open quote,${date}`
			].join('\r\n') + '\r\n'
		);
		const rejectsFile = path.join(dir, 'quoted.rejects.ndjson');
		const summary = await importFile({
			file,
			brand: 'quoted',
			source: 'review',
			rejectsFile,
			sink: localSink(db.client, db.dataDir)
		});
		expect(summary).toMatchObject({ records: 5, accepted: 3, rejected: 2 });
		const rejects = readRejects(rejectsFile);
		expect(rejects.map((reject) => [reject.line, reject.field])).toEqual([
			[7, '(row)'],
			[8, '(row)']
		]);
		expect(rejects[0]!.raw).toBe('q4,too,many,fields');
		const rows = await queryRows<{ id: string; text: string }>(
			db.client,
			"SELECT id, text FROM mentions WHERE brand = 'quoted' ORDER BY id"
		);
		expect(rows).toEqual([
			{ id: 'q1', text: 'first line\r\nsecond line' },
			{ id: 'q2', text: 'The 55" TV is great' },
			{ id: 'q3', text: 'He said "wow", twice' }
		]);
	});

	it('reads a .tsv file with tabs, and refuses a delimiter it cannot use', async () => {
		const file = path.join(dir, 'history.tsv');
		writeFileSync(file, 'id\ttext\tcreated_at\nt1\tTabs, and commas, work\t2026-01-01T00:00:00Z\n');
		const summary = await importFile({
			file,
			brand: 'tabbed',
			source: 'forum',
			sink: localSink(db.client, db.dataDir)
		});
		expect(summary).toMatchObject({ records: 1, accepted: 1, rejected: 0 });
		const [row] = await queryRows<{ text: string }>(
			db.client,
			"SELECT text FROM mentions WHERE brand = 'tabbed'"
		);
		expect(row!.text).toBe('Tabs, and commas, work');
		await expect(
			importFile({ file, delimiter: '||', sink: localSink(db.client, db.dataDir) })
		).rejects.toThrow(/one character/);
	});

	it('reads a CSV whose quoted line breaks fall across the reads of the file', async () => {
		// ~1.5 MiB, read in 1 MiB chunks: the first row is padded until the chunk boundary falls inside a
		// quoted field, after a line break in it, where a cut at the last line break would split the record.
		const count = 1500;
		const build = (pad: string) => {
			const lines = ['id,text,created_at'];
			for (let index = 0; index < count; index += 1) {
				const text = `${index === 0 ? pad : ''}row ${index}\n${'x'.repeat(900)}\nend ${index}`;
				lines.push(`b${index},"${text}",2026-01-02T03:04:05Z`);
			}
			return lines.join('\n') + '\n';
		};
		const insideAfterBreak = (body: string) => {
			const before = body.slice(0, 2 ** 20);
			const open = before.lastIndexOf(',"');
			return open > before.lastIndexOf('",') && before.indexOf('\n', open) > 0;
		};
		let pad = '';
		let body = build(pad);
		while (!insideAfterBreak(body)) body = build((pad += 'p'));
		const file = path.join(dir, 'straddle.csv');
		writeFileSync(file, body);
		const summary = await importFile({
			file,
			brand: 'straddle',
			source: 'forum',
			sink: localSink(db.client, db.dataDir),
			batchRows: 400
		});
		expect(summary).toMatchObject({ records: count, accepted: count, rejected: 0 });
		const rows = await queryRows<{ id: string; text: string }>(
			db.client,
			"SELECT id, text FROM mentions WHERE brand = 'straddle'"
		);
		const wrong = rows.filter((row) => {
			const index = Number(row.id.slice(1));
			return row.text !== `${index === 0 ? pad : ''}row ${index}\n${'x'.repeat(900)}\nend ${index}`;
		});
		expect(rows).toHaveLength(count);
		expect(wrong).toEqual([]);
	});

	it('streams gzip NDJSON in the API shape, with bad JSON lines as rejects', async () => {
		const lines = [
			JSON.stringify({
				id: 'g1',
				brand: 'gzbrand',
				source: 'news',
				text: 'Acme wins award',
				created_at: '2026-01-02T03:04:05Z'
			}),
			'{broken',
			'',
			JSON.stringify({
				id: 'g2',
				brand: 'gzbrand',
				source: 'news',
				text: 'Acme opens office',
				created_at: '2026-01-02T03:05:05Z',
				url: 'ftp://x'
			}),
			JSON.stringify({
				id: 'g3',
				brand: 'gzbrand',
				source: 'news',
				text: 'Acme again',
				created_at: '2026-01-02T03:06:05Z'
			})
		];
		const file = path.join(dir, 'history.ndjson.gz');
		writeFileSync(file, gzipSync(lines.join('\n')));
		const rejectsFile = path.join(dir, 'gz.rejects.ndjson');
		const summary = await importFile({ file, rejectsFile, sink: localSink(db.client, db.dataDir) });
		expect(summary).toMatchObject({ records: 4, accepted: 2, rejected: 2 });
		const rejects = readRejects(rejectsFile);
		expect(rejects.map((r) => [r.line, r.field])).toEqual([
			[2, '(row)'],
			[4, 'url']
		]);
		expect(await stored('gzbrand')).toEqual({ raw: 2, rollup: 2 });
	});

	it('imports years of history in one batch, across more than a hundred monthly partitions', async () => {
		const file = path.join(dir, 'decade.ndjson');
		const months = 150;
		const lines = Array.from({ length: months }, (_, index) =>
			JSON.stringify({
				id: `decade-${index}`,
				brand: 'decade',
				source: 'review',
				text: `Review ${index}: great service`,
				created_at: new Date(Date.UTC(2013, index, 1, 12)).toISOString()
			})
		);
		writeFileSync(file, lines.join('\n') + '\n');
		const summary = await importFile({ file, sink: localSink(db.client, db.dataDir) });
		expect(summary).toMatchObject({ records: months, accepted: months, rejected: 0 });
		expect(await stored('decade')).toEqual({ raw: months, rollup: months });
	});

	it('reads an NDJSON file that starts with a byte-order mark', async () => {
		const lines = ['b1', 'b2'].map((id) =>
			JSON.stringify({
				id,
				brand: 'bombrand',
				source: 'review',
				text: 'Great service',
				created_at: '2026-01-02T03:04:05Z'
			})
		);
		const file = path.join(dir, 'bom.ndjson');
		writeFileSync(file, `\uFEFF${lines.join('\n')}\n`);
		const summary = await importFile({ file, sink: pipeline });
		expect(summary).toMatchObject({ records: 2, accepted: 2, rejected: 0 });
		expect(await stored('bombrand')).toEqual({ raw: 2, rollup: 2 });
	});

	it('reads CRLF lines, blank lines, a last line without a break and characters split across reads', async () => {
		// ~1.5 MiB, so the file is read in two 1 MiB chunks; the first line is padded until the chunk boundary
		// falls inside a multi-byte character, which a split of the raw bytes would garble.
		const text = 'Größe ça — 😀 ∑ '.repeat(40);
		const count = 1500;
		const build = (pad: string) => {
			const lines: string[] = [];
			for (let index = 0; index < count; index += 1) {
				lines.push(
					JSON.stringify({
						id: `c${index}`,
						brand: 'chunkbrand',
						source: 'forum',
						text: `${index === 0 ? pad : ''}${index} ${text}`,
						created_at: '2026-01-02T03:04:05Z'
					})
				);
			}
			lines.splice(10, 0, '', '   \t', '{broken');
			return Buffer.from(lines.join('\r\n')); // no line break after the last row
		};
		let pad = '';
		let body = build(pad);
		// UTF-8 continuation bytes are 10xxxxxx.
		while ((body[2 ** 20]! & 0xc0) !== 0x80) body = build((pad += 'x'));
		const file = path.join(dir, 'chunks.ndjson');
		writeFileSync(file, body);
		const rejectsFile = path.join(dir, 'chunks.rejects.ndjson');
		const summary = await importFile({
			file,
			rejectsFile,
			sink: localSink(db.client, db.dataDir),
			batchRows: 400
		});
		expect(summary).toMatchObject({ records: count + 1, accepted: count, rejected: 1 });
		expect(readRejects(rejectsFile)).toEqual([expect.objectContaining({ line: 13, raw: '{broken' })]);
		const rows = await queryRows<{ id: string; text: string }>(
			db.client,
			"SELECT id, text FROM mentions WHERE brand = 'chunkbrand'"
		);
		expect(rows).toHaveLength(count);
		const garbled = rows.filter((row) => {
			const index = Number(row.id.slice(1));
			return row.text !== `${index === 0 ? pad : ''}${index} ${text}`;
		});
		expect(garbled).toEqual([]);
		// The checkpoint's line counts the blank lines, so it matches the file's own numbering.
		expect(readCheckpoint(summary.checkpointFile)).toMatchObject({ line: count + 3, complete: true });
	});
});

describe('localSink', () => {
	it('stores, rejects and dedupes like the pipeline, and feeds the rollups', async () => {
		const file = path.join(dir, 'bulk.csv');
		writeFileSync(file, historyCsv('bulk', 40, [5]));
		const sink = localSink(db.client, db.dataDir);
		const rejectsFile = path.join(dir, 'bulk.rejects.ndjson');
		const first = await importFile({
			file,
			map: MAP,
			brand: 'bulk',
			source: 'forum',
			batchRows: 15,
			sink,
			rejectsFile
		});
		expect(first).toMatchObject({ accepted: 39, duplicates: 0, rejected: 1 });
		expect(JSON.parse(readFileSync(rejectsFile, 'utf8'))).toMatchObject({ line: 7, field: 'created_at' });
		const second = await importFile({ file, map: MAP, brand: 'bulk', source: 'forum', batchRows: 15, sink });
		expect(second).toMatchObject({ accepted: 0, duplicates: 39 });
		expect(await stored('bulk')).toEqual({ raw: 39, rollup: 39 });
		const [row] = await queryRows<{ text: string; created_at: string; label: string }>(
			db.client,
			"SELECT text, toString(created_at) AS created_at, label FROM mentions WHERE brand = 'bulk' AND id = 'bulk-0'"
		);
		expect(row).toEqual({
			text: 'Mention 0 of bulk, "quoted" and fine',
			created_at: '2025-11-20 00:53:20.000',
			label: expect.any(String)
		});
	});

	it('counts a repeat within one batch as a duplicate and keeps tabs and newlines in text', async () => {
		const item = {
			id: 'tab-1',
			brand: 'bulktext',
			source: 'forum',
			text: 'a\tb\nc \\ d',
			created_at: '2026-01-01T00:00:00Z'
		};
		const file = path.join(dir, 'repeat.ndjson');
		writeFileSync(file, `${JSON.stringify(item)}\n${JSON.stringify(item)}\n`);
		expect(await importFile({ file, sink: localSink(db.client, db.dataDir) })).toMatchObject({
			accepted: 1,
			duplicates: 1,
			rejected: 0
		});
		const [row] = await queryRows<{ text: string }>(
			db.client,
			"SELECT text FROM mentions WHERE brand = 'bulktext'"
		);
		expect(row!.text).toBe('a\tb\nc \\ d');
	});

	it('fails with the reason when the file cannot be read, storing nothing', async () => {
		const file = path.join(dir, 'broken.ndjson.gz');
		writeFileSync(file, 'this is not gzip');
		await expect(importFile({ file, sink: localSink(db.client, db.dataDir) })).rejects.toThrow(/header/);
	});
});

describe('httpSink retry delay', () => {
	it("waits the server's Retry-After (seconds or a date), at most 60 s, and 1 s when it gives none it can read", () => {
		const now = Date.parse('2026-10-21T07:28:00Z');
		const answer = (retryAfter?: string) =>
			new Response(null, {
				status: 503,
				headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter }
			});
		expect(retryDelayMs(answer('2'), now)).toBe(2000);
		expect(retryDelayMs(answer('0'), now)).toBe(0);
		expect(retryDelayMs(answer('3600'), now)).toBe(60_000);
		expect(retryDelayMs(answer('Wed, 21 Oct 2026 07:28:05 GMT'), now)).toBe(5000);
		expect(retryDelayMs(answer('Wed, 21 Oct 2026 09:00:00 GMT'), now)).toBe(60_000);
		expect(retryDelayMs(answer(), now)).toBe(1000);
		expect(retryDelayMs(answer(''), now)).toBe(1000);
		expect(retryDelayMs(answer('soon'), now)).toBe(1000);
	});
});

describe('data directory lock', () => {
	it('refuses a second holder while the first is alive, and frees on release', () => {
		const dataDir = path.join(dir, 'data');
		const first = acquireDataDirLock(dataDir, 'test');
		// Pretend another live process holds it: our parent is alive and is not us.
		writeFileSync(first.path, JSON.stringify({ pid: process.ppid, owner: 'server', started_at: 'now' }));
		expect(() => acquireDataDirLock(dataDir, 'import')).toThrow(DataDirLockedError);
		first.release();
		const second = acquireDataDirLock(dataDir, 'import');
		second.release();
	});

	it('takes over a lock left by a dead process', () => {
		const dataDir = path.join(dir, 'stale');
		const lock = acquireDataDirLock(dataDir, 'test');
		writeFileSync(lock.path, JSON.stringify({ pid: 2 ** 22 + 12345, owner: 'crashed', started_at: 'then' }));
		const again = acquireDataDirLock(dataDir, 'import');
		again.release();
	});
});
