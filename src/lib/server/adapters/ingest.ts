import type { IngestPipeline, IngestReport, Rejection } from '../ingest/pipeline';
import type { AdapterResult, Mapped } from './types';

/**
 * The answer of every source endpoint: the core API's report over all stored items (mentions and brand
 * replies), with rejections pointing at the item of the platform payload, plus what became a reply and
 * how many items were not mentions at all.
 */
export interface SourceIngestReport extends IngestReport {
	responses: { accepted: number; duplicates: number };
	ignored: number;
}

function remap(rejected: Rejection[], mapped: Mapped<unknown>[]): Rejection[] {
	return rejected.map((rejection) => ({
		...rejection,
		index: mapped[rejection.index]?.index ?? rejection.index
	}));
}

/**
 * Stores what an adapter mapped through the core pipeline (validation, scoring, dedupe). Mentions go first
 * so that a reply in the same payload finds the mention it answers.
 */
export async function ingestAdapted(
	pipeline: Pick<IngestPipeline, 'ingestMentions' | 'ingestResponses'>,
	result: AdapterResult,
	allowedBrands: string[] | null
): Promise<SourceIngestReport> {
	const empty: IngestReport = { accepted: 0, duplicates: 0, rejected: [] };
	const mentions = result.mentions.length
		? await pipeline.ingestMentions(
				result.mentions.map((mapped) => mapped.item),
				allowedBrands
			)
		: empty;
	const responses = result.responses.length
		? await pipeline.ingestResponses(
				result.responses.map((mapped) => mapped.item),
				allowedBrands
			)
		: empty;
	const rejected = [
		...result.rejected,
		...remap(mentions.rejected, result.mentions),
		...remap(responses.rejected, result.responses)
	].sort((a, b) => a.index - b.index);
	return {
		accepted: mentions.accepted + responses.accepted,
		duplicates: mentions.duplicates + responses.duplicates,
		rejected,
		responses: { accepted: responses.accepted, duplicates: responses.duplicates },
		ignored: result.ignored
	};
}

/** 422 only when something was refused and nothing was stored; a payload of likes and edits is a 200. */
export function reportStatus(report: SourceIngestReport): number {
	return report.rejected.length && !(report.accepted + report.duplicates) ? 422 : 200;
}
