import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { TABLES } from '../db/tables';
import { describeIssue } from '../http/validate';
import { MENTION_COLUMNS, type MentionRow } from './mention-row';
import { scoreSentiment } from '../sentiment';
import { findStoredMentions, groupIds, mentionKey } from './stored-keys';
import {
	CANONICAL_UTC,
	isPlainValidMention,
	mentionInputSchema,
	responseInputSchema,
	type MentionInput,
	type ResponseInput
} from './schema';
import { BufferedWriter, type PreparedRow, type RowOutcome, type WriterLimits } from './writer';

export interface Rejection {
	index: number;
	field: string;
	message: string;
}

/** The answer of every ingest call: what was stored, what was already there, and what was refused and why. */
export interface IngestReport {
	accepted: number;
	duplicates: number;
	rejected: Rejection[];
}

export interface ResponseRow extends Record<string, string | number> {
	brand: string;
	responded_at: string;
	mention_id: string;
	mention_source: string;
	mention_created_at: string;
	latency_s: number;
	channel: string;
	agent: string;
}

const RESPONSE_COLUMNS = [
	'brand',
	'responded_at',
	'mention_id',
	'mention_source',
	'mention_created_at',
	'latency_s',
	'channel',
	'agent'
] as const satisfies readonly (keyof ResponseRow)[];

/** Time spent in each named step, so a slow step shows up in the numbers rather than in a guess. */
export class StepTimings {
	readonly steps = new Map<string, { calls: number; rows: number; totalMs: number }>();

	/** `time` for synchronous work, without a promise in between. */
	timeSync<T>(step: string, rows: number, work: () => T): T {
		const started = performance.now();
		try {
			return work();
		} finally {
			this.#record(step, rows, performance.now() - started);
		}
	}

	#record(step: string, rows: number, ms: number): void {
		const entry = this.steps.get(step) ?? { calls: 0, rows: 0, totalMs: 0 };
		entry.calls += 1;
		entry.rows += rows;
		entry.totalMs += ms;
		this.steps.set(step, entry);
	}

	async time<T>(step: string, rows: number, work: () => T | Promise<T>): Promise<T> {
		const started = performance.now();
		try {
			return await work();
		} finally {
			this.#record(step, rows, performance.now() - started);
		}
	}
}

/** An item that passes `schema`, or each of its issues as a field and a reason. */
export type Validated<T> =
	{ success: true; data: T } | { success: false; issues: { field: string; message: string }[] };

/** `accepts` may pass the common case without zod (see isPlainValidMention); zod decides everything else. */
export function validateItem<T>(
	schema: z.ZodType<T>,
	item: unknown,
	accepts?: (item: unknown) => item is T
): Validated<T> {
	if (accepts?.(item)) return { success: true, data: item };
	const result = schema.safeParse(item);
	if (result.success) return result;
	return {
		success: false,
		issues: result.error.issues.map((issue) => describeIssue(issue, { fallback: '(item)' }))
	};
}

/** Items that pass `schema` (and the brand scope), and a rejection per issue of the others. */
export function validateItems<T extends { brand: string }>(
	schema: z.ZodType<T>,
	items: unknown[],
	rejected: Rejection[],
	allowedBrands: string[] | null,
	accepts?: (item: unknown) => item is T
): { valid: T[]; indexes: number[] } {
	const valid: T[] = [];
	const indexes: number[] = [];
	items.forEach((item, index) => {
		const result = validateItem(schema, item, accepts);
		if (!result.success) {
			for (const issue of result.issues) rejected.push({ index, ...issue });
		} else if (allowedBrands && !allowedBrands.includes(result.data.brand)) {
			rejected.push({ index, field: 'brand', message: 'is not allowed for this key' });
		} else {
			valid.push(result.data);
			indexes.push(index);
		}
	});
	return { valid, indexes };
}

function tally(outcomes: RowOutcome[], indexes: number[], report: IngestReport): void {
	outcomes.forEach((outcome, position) => {
		if (outcome.kind === 'inserted') report.accepted += 1;
		else if (outcome.kind === 'duplicate') report.duplicates += 1;
		else report.rejected.push({ index: indexes[position]!, field: outcome.field, message: outcome.message });
	});
	report.rejected.sort((a, b) => a.index - b.index);
}

/** Most clients send a canonical UTC time, and re-formatting one costs ~0.5 µs a row. */
const toIso = (date: string) => (CANONICAL_UTC.test(date) ? date : new Date(date).toISOString());

export function toMentionRow(input: MentionInput): MentionRow {
	const sentiment = scoreSentiment(input.text, input.lang, { brand: input.brand });
	return {
		brand: input.brand,
		created_at: toIso(input.created_at),
		source: input.source,
		id: input.id,
		text: input.text,
		author: input.author ?? '',
		author_followers: input.author_followers ?? 0,
		lang: sentiment.lang,
		country: input.country ?? '',
		url: input.url ?? '',
		in_reply_to: input.in_reply_to ?? '',
		score: sentiment.score,
		label: sentiment.label,
		sentiment_version: sentiment.version
	};
}

/**
 * Ingestion as a named list of steps: validate, score, dedupe and buffer. Both writers live here so that
 * replies can wait for the mentions they answer to be stored first.
 */
export class IngestPipeline {
	readonly timings = new StepTimings();
	readonly mentions: BufferedWriter<MentionRow, MentionRow>;
	readonly responses: BufferedWriter<ResponseInput, ResponseRow>;

	constructor(
		private readonly client: ClickHouseClient,
		limits: WriterLimits,
		onBrandsChanged: (brands: Set<string>) => void = () => {},
		/** Told of every mention stored, after its insert (the spike service counts them in memory). */
		onMentionsStored: (rows: readonly MentionRow[]) => void = () => {}
	) {
		const notify = (rows: { brand: string }[]) => onBrandsChanged(new Set(rows.map((row) => row.brand)));
		this.mentions = new BufferedWriter<MentionRow, MentionRow>(
			client,
			{
				table: TABLES.mentions,
				columns: MENTION_COLUMNS,
				keyOf: (row) => `${row.brand}\u0000${row.source}\u0000${row.id}`,
				prepare: (rows) => this.#timed('dedupe', rows.length, () => this.#prepareMentions(rows)),
				onInserted: (rows) => {
					onMentionsStored(rows);
					notify(rows);
				}
			},
			limits
		);
		this.responses = new BufferedWriter<ResponseInput, ResponseRow>(
			client,
			{
				table: TABLES.responses,
				columns: RESPONSE_COLUMNS,
				keyOf: (row) => `${row.brand}\u0000${row.mention_id}`,
				prepare: (rows) => this.#timed('match replies', rows.length, () => this.#prepareResponses(rows)),
				beforeFlush: () => this.mentions.flush(),
				onInserted: notify
			},
			limits
		);
	}

	#timed<T>(step: string, rows: number, work: () => Promise<T>): Promise<T> {
		return this.timings.time(step, rows, work);
	}

	/** `allowedBrands` (null: any) is the caller's brand scope; rows for other brands are refused. */
	async ingestMentions(items: unknown[], allowedBrands: string[] | null = null): Promise<IngestReport> {
		const report: IngestReport = { accepted: 0, duplicates: 0, rejected: [] };
		const { valid, indexes } = this.timings.timeSync('validate', items.length, () =>
			validateItems(mentionInputSchema, items, report.rejected, allowedBrands, isPlainValidMention)
		);
		const rows = this.timings.timeSync('score', valid.length, () => valid.map(toMentionRow));
		const outcomes = await this.timings.time('store', rows.length, () => this.mentions.write(rows));
		tally(outcomes, indexes, report);
		return report;
	}

	async ingestResponses(items: unknown[], allowedBrands: string[] | null = null): Promise<IngestReport> {
		const report: IngestReport = { accepted: 0, duplicates: 0, rejected: [] };
		const { valid, indexes } = validateItems(responseInputSchema, items, report.rejected, allowedBrands);
		const outcomes = await this.timings.time('store', valid.length, () => this.responses.write(valid));
		tally(outcomes, indexes, report);
		return report;
	}

	/** Rows both writers hold that are not stored yet. */
	get bufferedRows(): number {
		return this.mentions.bufferedRows + this.responses.bufferedRows;
	}

	async flush(): Promise<void> {
		await this.mentions.flush();
		await this.responses.flush();
	}

	async close(): Promise<void> {
		await this.mentions.close();
		await this.responses.close();
	}

	async #prepareMentions(rows: MentionRow[]): Promise<PreparedRow<MentionRow>[]> {
		const stored = await findStoredMentions(this.client, rows);
		return rows.map((row) =>
			stored.has(mentionKey(row.brand, row.id, row.source)) ? { kind: 'duplicate' } : { kind: 'insert', row }
		);
	}

	async #prepareResponses(rows: ResponseInput[]): Promise<PreparedRow<ResponseRow>[]> {
		const answered: [string, string][] = [];
		const mentions: [string, string, string, number][] = [];
		for (const [brand, ids] of groupIds(rows, (row) => row.mention_id)) {
			const params = { brand, ids };
			const [answeredIds, found] = await Promise.all([
				this.client
					.query({
						query: `SELECT mention_id FROM ${TABLES.responseKeys} WHERE brand = {brand:String} AND mention_id IN {ids:Array(String)}`,
						query_params: params,
						format: 'JSONCompactEachRow'
					})
					.then((result) => result.json<[string]>()),
				this.client
					.query({
						query: `SELECT id, any(source), toUnixTimestamp64Milli(min(created_at)) FROM ${TABLES.mentionKeys}
							WHERE brand = {brand:String} AND id IN {ids:Array(String)} GROUP BY id`,
						query_params: params,
						format: 'JSONCompactEachRow'
					})
					.then((result) => result.json<[string, string, number]>())
			]);
			for (const [id] of answeredIds) answered.push([brand, id]);
			for (const [id, source, createdMs] of found) mentions.push([brand, id, source, Number(createdMs)]);
		}
		const answeredKeys = new Set(answered.map((key) => key.join('\u0000')));
		const mentionByKey = new Map(
			mentions.map(([brand, id, source, createdMs]) => [`${brand}\u0000${id}`, { source, createdMs }])
		);
		return rows.map((row): PreparedRow<ResponseRow> => {
			const key = `${row.brand}\u0000${row.mention_id}`;
			if (answeredKeys.has(key)) return { kind: 'duplicate' };
			const mention = mentionByKey.get(key);
			if (!mention) {
				return {
					kind: 'rejected',
					field: 'mention_id',
					message: `no mention with this id for brand "${row.brand}"`
				};
			}
			const respondedMs = Date.parse(row.responded_at);
			if (respondedMs < mention.createdMs) {
				return { kind: 'rejected', field: 'responded_at', message: 'is before the mention was created' };
			}
			return {
				kind: 'insert',
				row: {
					brand: row.brand,
					responded_at: new Date(respondedMs).toISOString(),
					mention_id: row.mention_id,
					mention_source: mention.source,
					mention_created_at: new Date(mention.createdMs).toISOString(),
					latency_s: (respondedMs - mention.createdMs) / 1000,
					channel: row.channel ?? mention.source,
					agent: row.agent ?? ''
				}
			};
		});
	}
}
