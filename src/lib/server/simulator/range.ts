import type { MentionInput, ResponseInput } from '../ingest/schema';
import {
	SLOT_MS,
	StreamModel,
	type LabelledSpike,
	type SimMention,
	type SimResponse,
	type SimulatorOptions
} from './model';

export interface SimulatedBatch {
	/** Sorted by created_at. */
	mentions: MentionInput[];
	/** Sorted by responded_at; only replies made before the range's end. */
	responses: ResponseInput[];
	spikes: LabelledSpike[];
}

const DEFAULT_VIRAL_EVERY_MS = 16 * 3_600_000;

/** History for [fromMs, toMs): everyday traffic for every brand plus a few labelled viral complaints. */
export function simulateRange(fromMs: number, toMs: number, options: SimulatorOptions = {}): SimulatedBatch {
	const { mentions, replies, spikes } = collectRange(fromMs, toMs, options);
	return {
		mentions: mentions.map((m) => m.input),
		responses: replies.map((r) => r.input),
		spikes
	};
}

/** simulateRange with the simulator's own records, which keep each mention's ground-truth kind. */
export function collectRange(
	fromMs: number,
	toMs: number,
	options: SimulatorOptions = {}
): { mentions: SimMention[]; replies: SimResponse[]; spikes: LabelledSpike[] } {
	if (!(toMs > fromMs)) return { mentions: [], replies: [], spikes: [] };
	const model = new StreamModel(options);
	const plans = model.planBackfillSpikes(fromMs, toMs, options.viralEveryMs ?? DEFAULT_VIRAL_EVERY_MS);
	const mentions: SimMention[] = [];
	const replies: SimResponse[] = [];
	const firstSlot = Math.floor(fromMs / SLOT_MS);
	const lastSlot = Math.ceil(toMs / SLOT_MS);
	for (const brand of model.brands) {
		for (let slot = firstSlot; slot < lastSlot; slot++) {
			for (const m of model.generateSlot(brand, slot, plans)) {
				if (m.t < fromMs || m.t >= toMs) continue;
				mentions.push(m);
				if (m.reply && m.reply.t < toMs) replies.push(m.reply);
			}
		}
	}
	// Brands were generated one after another; a stable sort keeps each brand's own order on ties.
	mentions.sort((a, b) => a.t - b.t);
	replies.sort((a, b) => a.t - b.t);
	return { mentions, replies, spikes: plans.map((p) => p.label).sort((a, b) => a.start - b.start) };
}
