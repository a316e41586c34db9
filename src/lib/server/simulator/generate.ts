import type { MentionInput } from '../ingest/schema';
import type { SimSource } from './brands';
import { StreamModel, sourceId, type BrandState, type SimulatorOptions } from './model';
import { stream, streamSeed, Weighted } from './rng';

export interface GenerateOptions extends Pick<SimulatorOptions, 'seed' | 'brands'> {
	/** Range the mentions are spread over. Default: the 24 h before `toMs`. */
	fromMs?: number;
	/** Default: now (pass both ends for a reproducible result). */
	toMs?: number;
}

const TEMPLATES_PER_BRAND = 2048;
const S_GENERATE = 11;

/**
 * N valid mentions, evenly spread over a range and sorted by time, for benchmarks. Composing each text
 * would cap throughput near 100k/s, so texts come from a pool drawn once per call from the full model;
 * ids, times and authors still vary per mention.
 */
export function generateMentions(count: number, options: GenerateOptions = {}): MentionInput[] {
	const toMs = options.toMs ?? Date.now();
	const fromMs = options.fromMs ?? toMs - 86_400_000;
	const model = new StreamModel({ seed: options.seed, brands: options.brands });
	const rng = stream(model.seed, S_GENERATE, count);
	const pools = model.brands.map((brand) =>
		buildPool(model, brand, Math.min(TEMPLATES_PER_BRAND, Math.max(16, count)))
	);
	const brandPick = new Weighted(model.brands.map((b) => [b.index, b.profile.mentionsPerHour] as const));
	// A per-seed id base keeps separate calls from colliding on ids.
	const idBase = (streamSeed(model.seed, S_GENERATE) % 1_000_000) * 2 ** 32;
	const step = (toMs - fromMs) / Math.max(1, count);
	const out: MentionInput[] = new Array(count);
	// Times ascend, so the date-and-second part of the ISO string is formatted once per second, not per mention.
	let second = NaN;
	let prefix = '';
	const iso = (t: number): string => {
		const s = Math.floor(t / 1000);
		if (s !== second) {
			second = s;
			prefix = new Date(s * 1000).toISOString().slice(0, 20);
		}
		const ms = t - s * 1000;
		return prefix + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms + 'Z';
	};
	for (let i = 0; i < count; i++) {
		const brandIndex = brandPick.draw(rng);
		const brand = model.brands[brandIndex]!;
		const pool = pools[brandIndex]!;
		const template = pool[Math.floor(rng() * pool.length)]!;
		const t = Math.floor(fromMs + (i + rng()) * step);
		const id = sourceId(template.source, brand, t, idBase + i);
		const mention: MentionInput = {
			id,
			brand: template.brand,
			source: template.source,
			text: template.text,
			created_at: iso(t)
		};
		if (template.author !== undefined) mention.author = template.author;
		if (template.author_followers !== undefined) mention.author_followers = template.author_followers;
		if (template.lang !== undefined) mention.lang = template.lang;
		if (template.country !== undefined) mention.country = template.country;
		if (template.urlPrefix !== undefined) mention.url = template.urlPrefix + id;
		out[i] = mention;
	}
	return out;
}

interface Template {
	brand: string;
	source: SimSource;
	text: string;
	author?: string;
	author_followers?: number;
	lang?: string;
	country?: string;
	urlPrefix?: string;
}

function buildPool(model: StreamModel, brand: BrandState, size: number): Template[] {
	const rng = stream(model.seed, S_GENERATE, brand.index);
	const pool: Template[] = [];
	for (let i = 0; i < size; i++) {
		const source: SimSource = brand.sources.draw(rng);
		const m = model.everyday(brand, 0, source, rng, i).input;
		pool.push({
			brand: m.brand,
			source,
			text: m.text,
			author: m.author,
			author_followers: m.author_followers,
			lang: m.lang,
			country: m.country,
			urlPrefix: m.url?.slice(0, m.url.lastIndexOf('/') + 1)
		});
	}
	return pool;
}
