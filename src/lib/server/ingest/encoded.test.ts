import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse, queryRows } from '../testing/clickhouse';
import { storeEncodedMentions } from './encoded';
import { MentionEncoder, mentionLine } from './encoder';
import { tabSeparatedLine } from '../db/tab-separated';
import { MENTION_COLUMNS, type MentionRow } from './mention-row';
import { IngestPipeline } from './pipeline';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
const stagingFile = () => path.join(db.dataDir, 'import-batch.tsv');

beforeAll(async () => {
	db = await openTestClickHouse();
});
afterAll(async () => {
	await db.close();
});

const mention = (id: string, extra: Record<string, unknown> = {}) => ({
	id,
	brand: 'encoded',
	source: 'forum',
	text: 'The support team was wonderful',
	created_at: '2026-03-04T05:06:07Z',
	...extra
});

async function storedRows(brand: string) {
	return queryRows<{ id: string; source: string; text: string; label: string; author_followers: number }>(
		db.client,
		'SELECT id, source, text, label, author_followers FROM mentions WHERE brand = {brand:String} ORDER BY id, source',
		{ brand }
	);
}

/** Adds `items` to `encoder`, returning each refusal as [index, field]. */
function addAll(encoder: MentionEncoder, items: unknown[]): [number, string][] {
	return items.flatMap((item, index) =>
		(encoder.add(item) ?? []).map(({ field }): [number, string] => [index, field])
	);
}

describe('MentionEncoder', () => {
	it('refuses what the API refuses, by field, and encodes the rest as the pipeline stores it', async () => {
		const text = 'Wonderful!\tTabs,\nnewlines and a back\\slash';
		const encoder = new MentionEncoder();
		const refused = addAll(encoder, [
			mention('e1', { author_followers: 12, text }),
			mention('e2', { created_at: 'yesterday' }),
			{ ...mention('e3'), colour: 'red' },
			mention('e4', { lang: 'english', url: 'ftp://x' })
		]);
		expect(refused).toEqual([
			[1, 'created_at'],
			[2, 'colour'],
			[3, 'lang'],
			[3, 'url']
		]);
		const encoded = encoder.take();
		expect(encoded.count).toBe(1);
		const tsv = Buffer.from(encoded.bytes).toString('utf8');
		expect(tsv.endsWith('\n')).toBe(true);
		expect(tsv.split('\n')).toHaveLength(2);

		const pipeline = new IngestPipeline(db.client, { flushRows: 10, flushIntervalMs: 10 });
		await pipeline.ingestMentions([
			{ ...mention('p1', { author_followers: 12, text }), brand: 'viapipeline' }
		]);
		await pipeline.close();
		expect(await storeEncodedMentions(db.client, [encoded], stagingFile())).toEqual({
			accepted: 1,
			duplicates: 0
		});
		// The batch's file is gone once the engine has read it.
		expect(existsSync(stagingFile())).toBe(false);
		const [viaEncoded] = await storedRows('encoded');
		const [viaPipeline] = await storedRows('viapipeline');
		expect(viaEncoded).toEqual({
			id: 'e1',
			source: 'forum',
			text,
			label: 'positive',
			author_followers: 12
		});
		expect(viaPipeline).toMatchObject({ label: viaEncoded!.label, author_followers: 12 });
	});

	it('writes each column as the generic TabSeparated writer does, escaping the free-text ones', () => {
		const row: MentionRow = {
			brand: 'acme',
			created_at: '2026-03-04T05:06:07.000Z',
			source: 'forum',
			id: 'id\twith\ttabs',
			text: 'Line one\nline two \\ done\r',
			author: 'Ann\0B',
			author_followers: 1234,
			lang: 'en',
			country: 'GB',
			url: 'https://example.com/a\\b',
			in_reply_to: 'parent\bid\f',
			score: -0.4281234669685364,
			label: 'negative',
			sentiment_version: '1.5.0'
		};
		expect(mentionLine(row)).toBe(tabSeparatedLine(row, MENTION_COLUMNS));
		expect(mentionLine(row).split('\t')).toHaveLength(MENTION_COLUMNS.length);
	});

	it('grows past its first megabyte and keeps multi-byte text whole', () => {
		const encoder = new MentionEncoder();
		const text = `Ünïcödé ✓ 😀 ${'long text '.repeat(1_990)}`;
		for (let index = 0; index < 120; index += 1) encoder.add(mention(`g${index}`, { text }));
		const encoded = encoder.take();
		expect(encoded.count).toBe(120);
		expect(encoded.bytes.length).toBeGreaterThan(2 ** 21);
		const lines = Buffer.from(encoded.bytes).toString('utf8').split('\n');
		expect(lines).toHaveLength(121);
		expect(lines.at(-1)).toBe('');
		expect(
			lines.slice(0, -1).every((line, index) => line.split('\t')[3] === `g${index}` && line.includes(text))
		).toBe(true);
		// The next slice starts empty.
		expect(encoder.take()).toMatchObject({ count: 0 });
		expect(encoder.take().bytes.length).toBe(0);
	});
});

describe('storeEncodedMentions', () => {
	it('stores a key once: repeats within a batch and mentions stored before are duplicates', async () => {
		const brand = { brand: 'dedupe' };
		const pipeline = new IngestPipeline(db.client, { flushRows: 10, flushIntervalMs: 10 });
		await pipeline.ingestMentions([mention('d1', brand)]);
		await pipeline.close();
		const encoder = new MentionEncoder();
		addAll(encoder, [mention('d1', brand), mention('d2', brand)]);
		const first = encoder.take();
		addAll(encoder, [
			// A repeat within the batch, in its next slice: the first copy is kept.
			mention('d2', { ...brand, text: 'A later copy of d2' }),
			mention('d3', { ...brand, id: 'd\t3' }),
			// The same id from another source is another mention.
			mention('d1', { ...brand, source: 'news' })
		]);
		const second = encoder.take();
		expect(await storeEncodedMentions(db.client, [first, second], stagingFile())).toEqual({
			accepted: 3,
			duplicates: 2
		});
		expect((await storedRows('dedupe')).map((row) => [row.id, row.source, row.text])).toEqual([
			['d\t3', 'forum', 'The support team was wonderful'],
			['d1', 'forum', 'The support team was wonderful'],
			['d1', 'news', 'The support team was wonderful'],
			['d2', 'forum', 'The support team was wonderful']
		]);
		// A retried batch counts nothing twice.
		expect(await storeEncodedMentions(db.client, [first, second], stagingFile())).toEqual({
			accepted: 0,
			duplicates: 5
		});
		const [rollup] = await queryRows<{ n: number }>(
			db.client,
			"SELECT sum(mentions) AS n FROM mention_rollup_1m WHERE brand = 'dedupe'"
		);
		expect(Number(rollup!.n)).toBe(4);

		// A later batch: a mention stored before and one repeated in the batch, twice, each kept once.
		addAll(encoder, [mention('d2', brand), mention('d4', brand), mention('d4', brand), mention('d4', brand)]);
		expect(await storeEncodedMentions(db.client, [encoder.take()], stagingFile())).toEqual({
			accepted: 1,
			duplicates: 3
		});
	});

	it('keeps brands apart, and stores one batch at a time', async () => {
		const pipeline = new IngestPipeline(db.client, { flushRows: 10, flushIntervalMs: 10 });
		await pipeline.ingestMentions([mention('b1', { brand: 'apart-a' })]);
		await pipeline.close();
		const encoder = new MentionEncoder();
		// The same id and source under another brand is another mention; so is a repeat across brands.
		addAll(encoder, [
			mention('b1', { brand: 'apart-a' }),
			mention('b1', { brand: 'apart-b' }),
			mention('b2', { brand: 'apart-a' }),
			mention('b2', { brand: 'apart-b' })
		]);
		const batch = encoder.take();
		const [first, second] = await Promise.allSettled([
			storeEncodedMentions(db.client, [batch], stagingFile()),
			storeEncodedMentions(db.client, [batch], stagingFile())
		]);
		expect(first).toEqual({ status: 'fulfilled', value: { accepted: 3, duplicates: 1 } });
		expect(second).toMatchObject({
			status: 'rejected',
			reason: { message: expect.stringMatching(/being stored/) }
		});
		expect((await storedRows('apart-a')).map((row) => row.id)).toEqual(['b1', 'b2']);
		expect((await storedRows('apart-b')).map((row) => row.id)).toEqual(['b1', 'b2']);
	});

	it('leaves the text index to the merges, and search finds the mentions before and after', async () => {
		const encoder = new MentionEncoder();
		addAll(encoder, [
			mention('s1', { brand: 'searched', text: 'The courier lost my parcel' }),
			mention('s2', { brand: 'searched', text: 'Parcel arrived, courier was kind' }),
			mention('s3', { brand: 'searched', text: 'Nothing to do with deliveries' })
		]);
		await storeEncodedMentions(db.client, [encoder.take()], stagingFile());
		const found = async () =>
			(
				await queryRows<{ id: string }>(
					db.client,
					`SELECT id FROM mentions WHERE brand = 'searched'
						AND hasAllTokens(lowerUTF8(text), lowerUTF8({q:String})) ORDER BY id`,
					{ q: 'COURIER parcel' }
				)
			).map((row) => row.id);
		// The text index's size in the part that holds the brand's mentions.
		const indexBytes = async () => {
			const [part] = await queryRows<{ bytes: number }>(
				db.client,
				`SELECT secondary_indices_uncompressed_bytes AS bytes FROM system.parts
					WHERE database = currentDatabase() AND table = 'mentions' AND active
						AND name IN (SELECT _part FROM mentions WHERE brand = 'searched')`
			);
			return Number(part!.bytes);
		};
		expect(await indexBytes()).toBe(0);
		expect(await found()).toEqual(['s1', 's2']);
		await db.client.command({ query: 'OPTIMIZE TABLE mentions FINAL' });
		expect(await indexBytes()).toBeGreaterThan(0);
		expect(await found()).toEqual(['s1', 's2']);
	});
});
