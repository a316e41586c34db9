import { BRAND_PATTERN } from '../../metrics';
import type { MentionInput, ResponseInput } from '../ingest/schema';
import { DEFAULT_BRANDS, type BrandProfile, type SimSource } from './brands';
import { COUNTRIES, LANGS, PACKS, type Lang } from './phrases';
import { logNormal, pick, poisson, seedFromString, stream, streamSeed, Weighted, type Source } from './rng';
import { composeText, composeViralText, type Kind, type TextContext, type ViralContext } from './text';

/** A spike the simulator injected, for scoring a detector. Times are epoch milliseconds. */
export interface LabelledSpike {
	brand: string;
	start: number;
	peak: number;
	end: number;
	kind: 'viral_complaint';
}

export interface SimulatorOptions {
	/** Same seed, same stream. Default 1. */
	seed?: number;
	brands?: readonly BrandProfile[];
	/** Multiplies every brand's volume (benchmarks crank it up). Default 1. */
	rateScale?: number;
	/** Live: batch interval. Default 500 ms. */
	tickMs?: number;
	/** Live: delay from start() to the first viral complaint. Default 60 s; Infinity for none. */
	viralDelayMs?: number;
	/** Mean time between viral complaints (live after the first; backfill spacing). Default 16 h; Infinity for none. */
	viralEveryMs?: number;
}

/** Generation works in whole minutes so any stretch of time comes out the same however it is sliced. */
export const SLOT_MS = 60_000;
const HOUR_MS = 3_600_000;

// Stream tags keep the sub-streams apart.
const S_BASE = 1;
const S_NOISE = 2;
const S_VIRAL = 3;
const S_SPIKE = 4;
const S_AUTHOR = 5;
const S_AGENT = 6;
const S_BACKFILL = 7;
const S_INFLUENCER = 8;

/** Mentions per hour by local hour, before normalising to a mean of 1: quiet at 4 am, busy at lunch and evening. */
const DAY_CURVE_RAW = [
	0.45, 0.3, 0.2, 0.15, 0.13, 0.18, 0.4, 0.8, 1.15, 1.3, 1.35, 1.35, 1.4, 1.35, 1.3, 1.3, 1.3, 1.35, 1.4, 1.5,
	1.5, 1.35, 1.05, 0.75
];
const DAY_CURVE = (() => {
	const mean = DAY_CURVE_RAW.reduce((a, b) => a + b, 0) / DAY_CURVE_RAW.length;
	return DAY_CURVE_RAW.map((v) => v / mean);
})();

/** Which kinds of post each source carries: complaint, praise, question, neutral (news sites only report). */
const KIND_MIX: Record<SimSource, Partial<Record<Kind, number>>> = {
	twitter: { complaint: 35, praise: 22, question: 15, neutral: 28 },
	facebook: { complaint: 30, praise: 28, question: 20, neutral: 22 },
	instagram: { complaint: 14, praise: 52, question: 10, neutral: 24 },
	reddit: { complaint: 34, praise: 18, question: 26, neutral: 22 },
	news: { news: 1 },
	review: { complaint: 42, praise: 50, neutral: 8 },
	forum: { complaint: 30, praise: 14, question: 42, neutral: 14 },
	support: { complaint: 62, praise: 4, question: 34 }
};

/** Chance of a brand reply by source and kind, before the brand's responsiveness. */
const REPLY_CHANCE: Record<SimSource, Record<Kind, number>> = {
	twitter: { complaint: 0.6, question: 0.55, praise: 0.2, neutral: 0.03, news: 0 },
	facebook: { complaint: 0.5, question: 0.5, praise: 0.12, neutral: 0.03, news: 0 },
	instagram: { complaint: 0.35, question: 0.35, praise: 0.15, neutral: 0.02, news: 0 },
	reddit: { complaint: 0.15, question: 0.2, praise: 0.03, neutral: 0.01, news: 0 },
	news: { complaint: 0, question: 0, praise: 0, neutral: 0, news: 0.02 },
	review: { complaint: 0.45, question: 0.3, praise: 0.3, neutral: 0.05, news: 0 },
	forum: { complaint: 0.3, question: 0.4, praise: 0.05, neutral: 0.02, news: 0 },
	support: { complaint: 0.93, question: 0.95, praise: 0.3, neutral: 0.5, news: 0 }
};

/** Where a viral story spreads: mostly Twitter and Reddit, then the press. */
const VIRAL_SOURCES = new Weighted<SimSource>([
	['twitter', 50],
	['reddit', 12],
	['facebook', 14],
	['instagram', 5],
	['forum', 5],
	['news', 4],
	['review', 4],
	['support', 6]
]);

const SUPPORT_CHANNELS = ['email', 'chat', 'chat', 'phone'] as const;
const AUTHOR_POOL = 250_000;
const MAX_LATENCY_MS = 72 * HOUR_MS;
const TWITTER_EPOCH = 1288834974657;
const VIRAL_COUNTER_BASE = 1 << 19;

export interface SimMention {
	t: number;
	input: MentionInput;
	/** Ground truth for tests: what the post was written as. */
	kind: Kind | 'viral';
	/** Set when generation decided this mention gets a reply. */
	reply?: SimResponse;
}

export interface SimResponse {
	t: number;
	input: ResponseInput;
}

export interface SpikePlan {
	key: number;
	brandIndex: number;
	start: number;
	peak: number;
	end: number;
	decayMs: number;
	/** Viral mentions per ms at the peak. */
	peakRate: number;
	viral: ViralContext;
	langs: Weighted<Lang>;
	/** The posts everyone reshares. */
	origins: { author: string; text: string; lang: Lang }[];
	label: LabelledSpike;
}

interface Author {
	name: string;
	followers: number;
	country: string;
}

/** Resolves a brand's local clock; offsets cached per UTC hour since zones only change on hour boundaries. */
class LocalClock {
	readonly #format: Intl.DateTimeFormat;
	readonly #offsets = new Map<number, number>();

	constructor(timeZone: string) {
		this.#format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
	}

	offsetMs(ms: number): number {
		const hour = Math.floor(ms / HOUR_MS);
		let offset = this.#offsets.get(hour);
		if (offset === undefined) {
			const base = hour * HOUR_MS;
			const parts: Record<string, number> = {};
			for (const part of this.#format.formatToParts(base)) parts[part.type] = Number(part.value);
			const local = Date.UTC(
				parts.year ?? 1970,
				(parts.month ?? 1) - 1,
				parts.day ?? 1,
				parts.hour ?? 0,
				parts.minute ?? 0,
				parts.second ?? 0
			);
			offset = local - base;
			if (this.#offsets.size > 2048) this.#offsets.clear();
			this.#offsets.set(hour, offset);
		}
		return offset;
	}

	/** Fractional local hour of day and day of week (0 = Sunday). */
	local(ms: number): { hour: number; dow: number } {
		const local = ms + this.offsetMs(ms);
		const days = Math.floor(local / 86_400_000);
		return { hour: (local - days * 86_400_000) / HOUR_MS, dow: (((days + 4) % 7) + 7) % 7 };
	}
}

export interface BrandState {
	index: number;
	profile: BrandProfile;
	clock: LocalClock;
	sources: Weighted<SimSource>;
	langs: Weighted<Lang>;
	mainLang: Lang;
	kinds: Record<SimSource, Weighted<Kind>>;
	competitors: string[];
	agents: string[];
	facebookPage: string;
	ticketPrefix: string;
}

function interpolateCurve(hour: number): number {
	const h0 = Math.floor(hour) % 24;
	const h1 = (h0 + 1) % 24;
	const f = hour - Math.floor(hour);
	return DAY_CURVE[h0]! * (1 - f) + DAY_CURVE[h1]! * f;
}

function capitalise(word: string): string {
	return word.charAt(0).toUpperCase() + word.slice(1);
}

function shortName(profile: BrandProfile): string {
	return capitalise(profile.name.split(/\s+/)[0] ?? profile.slug);
}

/**
 * The stream's generative model: rates, texts, authors, replies and spikes. Stateless apart from caches,
 * so backfill and live produce the same minute identically.
 */
export class StreamModel {
	readonly seed: number;
	readonly rateScale: number;
	readonly brands: BrandState[];

	constructor(options: SimulatorOptions = {}) {
		this.seed = options.seed ?? 1;
		this.rateScale = options.rateScale ?? 1;
		const profiles = options.brands ?? DEFAULT_BRANDS;
		if (profiles.length === 0) throw new Error('the simulator needs at least one brand');
		for (const p of profiles) {
			if (!BRAND_PATTERN.test(p.slug))
				throw new Error(`brand slug ${JSON.stringify(p.slug)} is not a valid slug`);
		}
		const handles = new Map(profiles.map((p) => [p.slug, '@' + p.handle]));
		this.brands = profiles.map((profile, index) => {
			const langs = Weighted.fromRecord<Lang>(profile.languages);
			const mainLang = [...LANGS].sort(
				(a, b) => (profile.languages[b] ?? 0) - (profile.languages[a] ?? 0)
			)[0]!;
			const kinds = {} as Record<SimSource, Weighted<Kind>>;
			for (const [source, mix] of Object.entries(KIND_MIX) as [SimSource, Partial<Record<Kind, number>>][]) {
				kinds[source] = Weighted.fromRecord<Kind>({
					...mix,
					complaint: (mix.complaint ?? 0) * profile.negativity
				});
			}
			const agentSource = stream(this.seed, S_AGENT, seedFromString(profile.slug));
			const pack = PACKS[mainLang];
			const agents = Array.from(
				{ length: 8 },
				() =>
					`${capitalise(pick(agentSource, pack.firstNames))} ${pick(agentSource, pack.lastNames).charAt(0).toUpperCase()}.`
			);
			const slugHash = seedFromString(profile.slug);
			return {
				index,
				profile,
				clock: new LocalClock(profile.timezone),
				sources: Weighted.fromRecord<SimSource>(profile.sources),
				langs,
				mainLang,
				kinds,
				competitors: profile.competitors.map((slug) => handles.get(slug) ?? '@' + slug),
				agents,
				facebookPage: String(100_000_000_000_000 + (slugHash % 900_000_000) * 1000),
				ticketPrefix: profile.slug.slice(0, 2).toUpperCase()
			};
		});
	}

	/** Expected everyday mentions per ms for a brand at a time (no spikes). */
	rate(brand: BrandState, t: number): number {
		const { hour, dow } = brand.clock.local(t);
		const p = brand.profile;
		const weekend = dow === 6 ? p.weekend[0] : dow === 0 ? p.weekend[1] : 1;
		return (
			((p.mentionsPerHour * this.rateScale) / HOUR_MS) *
			interpolateCurve(hour) *
			weekend *
			this.noise(brand, t)
		);
	}

	/** Slow multiplicative wobble (news cycles, weather…) so no two days look alike. */
	noise(brand: BrandState, t: number): number {
		const hourIndex = Math.floor(t / HOUR_MS);
		const f = t / HOUR_MS - hourIndex;
		const a = logNormal(stream(this.seed, S_NOISE, brand.index, hourIndex), 1, 0.2);
		const b = logNormal(stream(this.seed, S_NOISE, brand.index, hourIndex + 1), 1, 0.2);
		return a * (1 - f) + b * f;
	}

	/** Every mention (and its planned reply) of one brand in one minute, in time order. */
	generateSlot(brand: BrandState, slot: number, spikes: readonly SpikePlan[]): SimMention[] {
		const out: SimMention[] = [];
		const slotStart = slot * SLOT_MS;
		const counters = new Map<SimSource, number>();
		const next = (source: SimSource, base: number): number => {
			const n = counters.get(source) ?? base;
			counters.set(source, n + 1);
			return n;
		};

		const rng = stream(this.seed, S_BASE, brand.index, slot);
		const count = poisson(rng, this.rate(brand, slotStart + SLOT_MS / 2) * SLOT_MS);
		const times = new Float64Array(count);
		for (let i = 0; i < count; i++) times[i] = slotStart + Math.floor(rng() * SLOT_MS);
		times.sort();
		for (const t of times) {
			const source = brand.sources.draw(rng);
			out.push(this.everyday(brand, t, source, rng, slot * 2 ** 20 + next(source, 0)));
		}

		for (const spike of spikes) {
			if (spike.brandIndex !== brand.index || spike.end <= slotStart || spike.start >= slotStart + SLOT_MS)
				continue;
			const vrng = stream(this.seed, S_VIRAL, spike.key, slot);
			const viralTimes: number[] = [];
			// Ten-second steps follow a fast build-up more closely than one rate per minute would.
			for (let step = 0; step < SLOT_MS; step += 10_000) {
				const mid = slotStart + step + 5_000;
				const n = poisson(vrng, spikeIntensity(spike, mid) * 10_000);
				for (let i = 0; i < n; i++) {
					const t = slotStart + step + Math.floor(vrng() * 10_000);
					if (t >= spike.start && t < spike.end) viralTimes.push(t);
				}
			}
			viralTimes.sort((a, b) => a - b);
			for (const t of viralTimes) {
				const source = VIRAL_SOURCES.draw(vrng);
				out.push(
					this.#viral(brand, spike, t, source, vrng, slot * 2 ** 20 + next(source, VIRAL_COUNTER_BASE))
				);
			}
		}
		if (out.length > count) out.sort((a, b) => a.t - b.t);
		return out;
	}

	/** One everyday mention; `n` makes its id unique within the brand and source. */
	everyday(brand: BrandState, t: number, source: SimSource, rng: Source, n: number): SimMention {
		const kind = brand.kinds[source].draw(rng);
		const lang = brand.langs.draw(rng);
		const ctx: TextContext = {
			brand: brand.profile,
			lang,
			source,
			competitor: brand.competitors.length > 0 ? pick(rng, brand.competitors) : undefined
		};
		const text = composeText(kind, rng, ctx);
		const author = this.author(lang, Math.floor(AUTHOR_POOL * rng() ** 1.6));
		const mention = this.#mention(brand, t, source, lang, text, author, rng, n, kind);
		const chance = Math.min(0.97, REPLY_CHANCE[source][kind] * brand.profile.responsiveness);
		if (rng() < chance) this.#reply(brand, mention, source, rng, 1);
		return mention;
	}

	#viral(
		brand: BrandState,
		spike: SpikePlan,
		t: number,
		source: SimSource,
		rng: Source,
		n: number
	): SimMention {
		let lang = spike.langs.draw(rng);
		const heat = spikeIntensity(spike, t) / spike.peakRate;
		// Influencers pile in as the story peaks, which is what makes it travel.
		const author =
			rng() < 0.03 + 0.27 * heat
				? this.influencer(lang, Math.floor(rng() * 300))
				: this.author(lang, Math.floor(AUTHOR_POOL * rng() ** 1.6));
		let text: string;
		if (source === 'twitter' && rng() < 0.45) {
			const origin = pick(rng, spike.origins);
			text = `RT @${origin.author}: ${origin.text}`;
			lang = origin.lang;
		} else {
			text = composeViralText(rng, { brand: brand.profile, lang, source }, spike.viral);
		}
		const mention = this.#mention(brand, t, source, lang, text, author, rng, n, 'viral');
		// An overwhelmed social team answers few of them, and late.
		const chance = source === 'support' ? 0.6 : source === 'news' ? 0 : 0.08 * brand.profile.responsiveness;
		if (rng() < chance) this.#reply(brand, mention, source, rng, 2.5);
		return mention;
	}

	#mention(
		brand: BrandState,
		t: number,
		source: SimSource,
		lang: Lang,
		text: string,
		author: Author,
		rng: Source,
		n: number,
		kind: Kind | 'viral'
	): SimMention {
		const slug = brand.profile.slug;
		const id = sourceId(source, brand, t, n);
		const input: MentionInput = {
			id,
			brand: slug,
			source,
			text,
			created_at: new Date(t).toISOString(),
			lang
		};
		switch (source) {
			case 'news': {
				const outlet = pick(rng, PACKS[lang].outlets);
				input.author = outlet;
				input.author_followers = Math.round(logNormal(rng, 40_000, 1.1));
				input.url = `https://${outletDomain(outlet)}.example/business/${slug}-${id}`;
				break;
			}
			case 'review':
				input.author = author.name;
				input.url = `https://reviews.example/${slug}/${id}`;
				break;
			case 'support':
				input.author = author.name;
				input.url = `https://support.${slug}.example/tickets/${id}`;
				break;
			case 'forum':
				input.author = author.name;
				input.url = `https://community.${slug}.example/t/${id}`;
				break;
			default:
				input.author = author.name;
				input.author_followers = author.followers;
		}
		input.country = author.country;
		return { t, input, kind };
	}

	#reply(brand: BrandState, mention: SimMention, source: SimSource, rng: Source, slowdown: number): void {
		const latency = this.latencyMs(brand, mention.t, source, rng) * slowdown;
		if (latency > MAX_LATENCY_MS) return;
		const t = mention.t + Math.max(45_000, Math.round(latency));
		const channel =
			source === 'support'
				? pick(rng, SUPPORT_CHANNELS)
				: source === 'twitter' && rng() < 0.3
					? 'twitter_dm'
					: source;
		mention.reply = {
			t,
			input: {
				mention_id: mention.input.id,
				brand: brand.profile.slug,
				responded_at: new Date(t).toISOString(),
				channel,
				agent: pick(rng, brand.agents)
			}
		};
	}

	/**
	 * Reply latency: a staffed desk answers in about half an hour; evenings and weekends are slower, and at
	 * night most replies wait for the morning shift.
	 */
	latencyMs(brand: BrandState, t: number, source: SimSource, rng: Source): number {
		const { hour, dow } = brand.clock.local(t);
		const weekday = dow >= 1 && dow <= 5;
		const factor = brand.profile.latencyFactor * (source === 'support' ? 1.5 : 1);
		const minutes = 60_000;
		if (hour >= 8 && hour < 20) return logNormal(rng, (weekday ? 25 : 55) * minutes, 0.85) * factor;
		if (hour >= 20 && hour < 23) return logNormal(rng, 70 * minutes, 0.9) * factor;
		if (rng() < 0.25) return logNormal(rng, 50 * minutes, 0.9) * factor;
		const untilMorning = (((8 - hour + 24) % 24) * HOUR_MS) | 0;
		return untilMorning + logNormal(rng, 40 * minutes, 0.8) * factor;
	}

	/** Authors are a fixed pool, drawn with a heavy head so some people post again and again. */
	author(lang: Lang, index: number): Author {
		const rng = stream(this.seed, S_AUTHOR, LANGS.indexOf(lang), index);
		const pack = PACKS[lang];
		const first = pick(rng, pack.firstNames);
		const last = pick(rng, pack.lastNames);
		const style = rng();
		const digits = String(Math.floor(rng() * 100));
		const name =
			style < 0.3
				? `${first}_${last}`
				: style < 0.55
					? `${first}${digits}`
					: style < 0.8
						? `${first}.${last}${digits}`
						: `${last}${first.charAt(0)}`;
		const followers = rng() < 0.004 ? logNormal(rng, 80_000, 1.1) : logNormal(rng, 150, 1.6);
		return { name, followers: Math.min(50_000_000, Math.round(followers)), country: drawCountry(lang, rng) };
	}

	influencer(lang: Lang, index: number): Author {
		const rng = stream(this.seed, S_INFLUENCER, LANGS.indexOf(lang), index);
		const pack = PACKS[lang];
		const suffix = pick(rng, ['daily', 'news', 'tv', 'talks', 'reviews', 'insider', 'official']);
		const name = `${pick(rng, pack.firstNames)}${pick(rng, pack.lastNames)}_${suffix}`;
		const followers = Math.min(50_000_000, Math.round(logNormal(rng, 150_000, 1.0)));
		return { name, followers, country: drawCountry(lang, rng) };
	}

	/** Lays out a viral complaint: `riseMs` of accelerating growth, then exponential decay to 5% of the peak. */
	planSpike(
		brand: BrandState,
		start: number,
		riseMs: number,
		decayMs: number,
		peakMultiplier: number
	): SpikePlan {
		const key = streamSeed(this.seed, S_SPIKE, brand.index, start);
		const rng = stream(key);
		const p = brand.profile;
		const short = shortName(p);
		const storyIndex = Math.floor(rng() * 2);
		const outage = p.industry === 'telco' && storyIndex === 0;
		const tag = outage ? `#${short}Down` : pick(rng, [`#${short}Fail`, `#Boycott${short}`, `#${short}Gate`]);
		const topLangs = Object.entries(p.languages)
			.sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
			.slice(0, 3) as [Lang, number][];
		const langs = new Weighted<Lang>(topLangs);
		const viral: ViralContext = { storyIndex, tag, city: pick(rng, PACKS[brand.mainLang].cities) };
		const origins = Array.from({ length: 4 }, (_, i) => {
			const lang = i === 0 ? brand.mainLang : langs.draw(rng);
			const author = this.influencer(lang, Math.floor(rng() * 300)).name;
			return { author, lang, text: composeViralText(rng, { brand: p, lang, source: 'twitter' }, viral) };
		});
		const peak = start + Math.round(riseMs);
		const end = peak + Math.round(3 * decayMs);
		return {
			key,
			brandIndex: brand.index,
			start,
			peak,
			end,
			decayMs,
			peakRate: ((p.mentionsPerHour * this.rateScale) / HOUR_MS) * peakMultiplier,
			viral,
			langs,
			origins,
			label: { brand: p.slug, start, peak, end, kind: 'viral_complaint' }
		};
	}

	/** A few viral complaints spread through a history window, each wholly inside it. */
	planBackfillSpikes(fromMs: number, toMs: number, everyMs: number): SpikePlan[] {
		const span = toMs - fromMs;
		if (!Number.isFinite(everyMs) || everyMs <= 0 || span < 4 * HOUR_MS) return [];
		const count = Math.max(1, Math.round(span / everyMs));
		const segment = span / count;
		const rng = stream(this.seed, S_BACKFILL, Math.floor(fromMs / SLOT_MS), Math.floor(toMs / SLOT_MS));
		const byVolume = new Weighted(this.brands.map((b) => [b, b.profile.mentionsPerHour] as const));
		const plans: SpikePlan[] = [];
		for (let i = 0; i < count; i++) {
			let rise = (40 + rng() * 80) * 60_000;
			let decay = (30 + rng() * 50) * 60_000;
			const fit = Math.min(1, (segment * 0.8) / (rise + 3 * decay));
			rise *= fit;
			decay *= fit;
			const room = segment - (rise + 3 * decay);
			const start = Math.floor(fromMs + i * segment + rng() * room);
			plans.push(this.planSpike(byVolume.draw(rng), start, rise, decay, 6 + rng() * 4));
		}
		return plans;
	}
}

export function spikeIntensity(spike: SpikePlan, t: number): number {
	if (t < spike.start || t >= spike.end) return 0;
	if (t < spike.peak) {
		const x = (t - spike.start) / (spike.peak - spike.start);
		return spike.peakRate * x * x;
	}
	return spike.peakRate * Math.exp(-(t - spike.peak) / spike.decayMs);
}

function drawCountry(lang: Lang, rng: Source): string {
	const table = COUNTRIES[lang];
	let u = rng();
	for (const [country, weight] of table) {
		u -= weight;
		if (u < 0) return country;
	}
	return table[0]![0];
}

function outletDomain(outlet: string): string {
	return outlet
		.normalize('NFD')
		.replace(/[^A-Za-z0-9]+/g, '')
		.toLowerCase();
}

/** Ids shaped like each platform's own, unique per brand and source because `n` is. */
export function sourceId(
	source: string,
	brand: { ticketPrefix: string; facebookPage: string },
	t: number,
	n: number
): string {
	switch (source) {
		case 'twitter':
			return snowflake(t, n % 4194304);
		case 'facebook':
			return `${brand.facebookPage}_${10 ** 15 + n}`;
		case 'instagram':
			return 'C' + n.toString(36).padStart(10, '0').split('').reverse().join('');
		case 'reddit':
			return 't1_' + n.toString(36);
		case 'news':
			return n.toString(36);
		case 'review':
			return 'R' + n.toString(36).toUpperCase().padStart(12, '0');
		case 'forum':
			return String(n);
		case 'support':
			return `${brand.ticketPrefix}-${n}`;
		default:
			return `${source}-${n}`;
	}
}

/**
 * A Twitter-style snowflake: milliseconds since Twitter's epoch shifted left 22 bits, plus `low`. The value
 * exceeds 2^53, so it is assembled in decimal halves rather than through BigInt, which was a third of the
 * cost of generateMentions.
 */
function snowflake(t: number, low: number): string {
	const d = t - TWITTER_EPOCH;
	const high = Math.floor(d / 1e6);
	const a = high * 4194304;
	const b = (d - high * 1e6) * 4194304 + low;
	const carry = Math.floor(b / 1e6);
	const rest = b - carry * 1e6;
	return String(a + carry) + String(rest).padStart(6, '0');
}
