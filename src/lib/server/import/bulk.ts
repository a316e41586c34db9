import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../db/tables';
import { toMentionRow, type IngestReport, type MentionRow } from '../ingest/pipeline';
import { mentionInputSchema } from '../ingest/schema';
import type { ImportSink } from './importer';

const COLUMNS = [
	'brand',
	'created_at',
	'source',
	'id',
	'text',
	'author',
	'author_followers',
	'lang',
	'country',
	'url',
	'in_reply_to',
	'score',
	'label',
	'sentiment_version'
] as const satisfies readonly (keyof MentionRow)[];

const escapeTsv = (value: string | number) =>
	typeof value === 'number'
		? String(value)
		: value.replace(/[\\\t\n\r]/g, (char) =>
				char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r'
			);

/** ClickHouse reads `2026-11-20 09:15:30.000` in any input format; ISO `T…Z` needs best-effort parsing. */
const toDateTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;

/**
 * The ingest pipeline's steps for one large batch, in the order the pipeline runs them and with the same
 * code where it is exported (schema, `toMentionRow` scoring), minus the buffered writer that live traffic
 * needs: validate, score, dedupe against `mention_keys` and within the batch, insert into `mentions` (so the
 * rollup materialized views fill exactly as for live mentions). Two measured differences make it faster for
 * history: ids are bound as one newline-joined String (an Array(String) parameter of 20k ids took 0.8 s per
 * lookup, the string 0.1 s) and rows are sent as TabSeparated (1.3x JSONEachRow). Batches must not run
 * concurrently: the dedupe lookup and the insert are one step only because they are serialized.
 */
export function bulkSink(client: ClickHouseClient): ImportSink {
	return {
		async ingestMentions(items): Promise<IngestReport> {
			const report: IngestReport = { accepted: 0, duplicates: 0, rejected: [] };
			const candidates: MentionRow[] = [];
			items.forEach((item, index) => {
				const result = mentionInputSchema.safeParse(item);
				// The id list below is newline-joined; such an id is no real platform's and is refused here.
				if (result.success && result.data.id.includes('\n')) {
					report.rejected.push({ index, field: 'id', message: 'must not contain a line break' });
					return;
				}
				if (result.success) {
					candidates.push(toMentionRow(result.data));
					return;
				}
				for (const issue of result.error.issues) {
					const field =
						issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || '(item)';
					const message = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
					report.rejected.push({ index, field, message });
				}
			});

			const idsByBrand = new Map<string, string[]>();
			for (const row of candidates) {
				let ids = idsByBrand.get(row.brand);
				if (!ids) idsByBrand.set(row.brand, (ids = []));
				ids.push(row.id);
			}
			const known = new Set<string>();
			for (const [brand, ids] of idsByBrand) {
				const result = await client.query({
					query: `SELECT id, source FROM ${TABLES.mentionKeys}
						WHERE brand = {brand:String} AND id IN (SELECT arrayJoin(splitByChar('\\n', {ids:String})))`,
					query_params: { brand, ids: ids.join('\n') },
					format: 'JSONCompactEachRow'
				});
				for (const [id, source] of await result.json<[string, string]>())
					known.add(`${brand}\u0000${source}\u0000${id}`);
			}

			const lines: string[] = [];
			for (const row of candidates) {
				const key = `${row.brand}\u0000${row.source}\u0000${row.id}`;
				if (known.has(key)) {
					report.duplicates += 1;
					continue;
				}
				known.add(key);
				const values = COLUMNS.map((column) =>
					column === 'created_at' ? toDateTime(row.created_at) : escapeTsv(row[column])
				);
				lines.push(values.join('\t'));
			}
			if (lines.length) {
				await client.command({
					query: `INSERT INTO ${TABLES.mentions} (${COLUMNS.join(', ')}) FORMAT TabSeparated\n${lines.join('\n')}\n`
				});
			}
			report.accepted = lines.length;
			report.rejected.sort((a, b) => a.index - b.index);
			return report;
		}
	};
}
