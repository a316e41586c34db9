import { describe, expect, it } from 'vitest';
import { mentionInputSchema, responseInputSchema, type MentionInput } from '../ingest/schema';
import { DEFAULT_BRANDS, generateMentions, simulateRange } from './index';
import { collectRange } from './range';

const HOUR = 3_600_000;
// A Thursday noon, so the 48 h before it are two weekdays.
const TO = Date.UTC(2026, 10, 26, 12);
const FROM = TO - 48 * HOUR;
const history = simulateRange(FROM, TO, { seed: 42 });
const at = (m: MentionInput): number => Date.parse(m.created_at);

describe('simulateRange', () => {
	it('produces a realistic volume of valid mentions and replies', () => {
		expect(history.mentions.length).toBeGreaterThan(20_000);
		expect(history.mentions.length).toBeLessThan(60_000);
		for (const m of history.mentions) {
			const parsed = mentionInputSchema.safeParse(m);
			if (!parsed.success) throw new Error(`${JSON.stringify(m)}: ${parsed.error.message}`);
		}
		for (const r of history.responses) {
			const parsed = responseInputSchema.safeParse(r);
			if (!parsed.success) throw new Error(`${JSON.stringify(r)}: ${parsed.error.message}`);
		}
		expect(history.responses.length).toBeGreaterThan(history.mentions.length * 0.1);
	});

	it('covers every default brand, source and language, sorted by time inside the range', () => {
		expect(new Set(history.mentions.map((m) => m.brand))).toEqual(new Set(DEFAULT_BRANDS.map((b) => b.slug)));
		expect(new Set(history.mentions.map((m) => m.source)).size).toBe(8);
		expect(new Set(history.mentions.map((m) => m.lang))).toEqual(
			new Set(['en', 'de', 'fr', 'es', 'it', 'pt'])
		);
		let previous = FROM;
		let unordered = 0;
		for (const m of history.mentions) {
			if (at(m) < previous) unordered++;
			previous = at(m);
		}
		expect(unordered).toBe(0);
		expect(previous).toBeLessThan(TO);
	});

	it('gives ids unique per brand and source', () => {
		const keys = new Set(history.mentions.map((m) => `${m.brand}|${m.source}|${m.id}`));
		expect(keys.size).toBe(history.mentions.length);
	});

	it('writes varied texts with handles, hashtags and emoji', () => {
		const texts = history.mentions.map((m) => m.text);
		expect(new Set(texts).size).toBeGreaterThan(texts.length * 0.3);
		expect(texts.some((t) => t.includes('@NorthwindAir'))).toBe(true);
		expect(texts.some((t) => /#\p{L}/u.test(t))).toBe(true);
		expect(texts.some((t) => /\p{Extended_Pictographic}/u.test(t))).toBe(true);
		expect(texts.some((t) => t.includes('https://'))).toBe(true);
	});

	it('has heavy-tailed follower counts', () => {
		const followers = history.mentions
			.map((m) => m.author_followers)
			.filter((f): f is number => f !== undefined)
			.sort((a, b) => a - b);
		const median = followers[followers.length >> 1]!;
		expect(median).toBeGreaterThan(50);
		expect(median).toBeLessThan(1_000);
		expect(followers.at(-1)).toBeGreaterThan(100_000);
	});

	it('is deterministic for a seed and differs across seeds', () => {
		const a = simulateRange(FROM, FROM + 2 * HOUR, { seed: 7 });
		const b = simulateRange(FROM, FROM + 2 * HOUR, { seed: 7 });
		const c = simulateRange(FROM, FROM + 2 * HOUR, { seed: 8 });
		expect(b).toEqual(a);
		expect(c.mentions.map((m) => m.text)).not.toEqual(a.mentions.map((m) => m.text));
	});

	it('gives the same minutes whether generated in one range or in pieces', () => {
		const opts = { seed: 5, viralEveryMs: Infinity };
		const whole = simulateRange(FROM, FROM + 2 * HOUR, opts);
		const first = simulateRange(FROM, FROM + HOUR, opts);
		const second = simulateRange(FROM + HOUR, FROM + 2 * HOUR, opts);
		expect([...first.mentions, ...second.mentions]).toEqual(whole.mentions);
	});

	it('follows the day: the brand’s night is much quieter than its afternoon', () => {
		// northwind is on Berlin time (UTC+1 in November): 03:00-05:00 local vs 13:00-15:00 local.
		const count = (fromUtcHour: number): number =>
			history.mentions.filter((m) => {
				const t = at(m);
				const day = Date.UTC(2026, 10, 25);
				return m.brand === 'northwind' && t >= day + fromUtcHour * HOUR && t < day + (fromUtcHour + 2) * HOUR;
			}).length;
		const night = count(2);
		const afternoon = count(12);
		expect(night).toBeGreaterThan(0);
		expect(afternoon).toBeGreaterThan(3 * night);
	});

	it('replies after the mention, about half an hour in business hours, longer overall', () => {
		const byId = new Map(history.mentions.map((m) => [`${m.brand}|${m.id}`, m]));
		const business: number[] = [];
		const all: number[] = [];
		for (const r of history.responses) {
			const m = byId.get(`${r.brand}|${r.mention_id}`);
			if (!m) throw new Error(`reply to unknown mention ${r.mention_id}`);
			const latency = Date.parse(r.responded_at) - at(m);
			if (!(latency > 0) || Date.parse(r.responded_at) >= TO)
				throw new Error(`bad reply ${JSON.stringify(r)}`);
			all.push(latency);
			// contoso, New York (UTC-5): 10:00-16:00 local on the Wednesday.
			const t = at(m);
			const day = Date.UTC(2026, 10, 25);
			if (m.brand === 'contoso' && t >= day + 15 * HOUR && t < day + 21 * HOUR) business.push(latency);
		}
		const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
		const minutes = 60_000;
		expect(business.length).toBeGreaterThan(100);
		expect(median(business)).toBeGreaterThan(15 * minutes);
		expect(median(business)).toBeLessThan(50 * minutes);
		expect(median(all)).toBeGreaterThan(median(business));
		// Some mentions are never answered even where the brand replies most.
		const support = history.mentions.filter((m) => m.source === 'support');
		const answered = new Set(history.responses.map((r) => `${r.brand}|${r.mention_id}`));
		const share = support.filter((m) => answered.has(`${m.brand}|${m.id}`)).length / support.length;
		expect(share).toBeGreaterThan(0.5);
		expect(share).toBeLessThan(1);
	});

	it('labels viral complaints that lift volume and the negative share', () => {
		expect(history.spikes.length).toBeGreaterThanOrEqual(2);
		for (const spike of history.spikes) {
			expect(spike.kind).toBe('viral_complaint');
			expect(spike.start).toBeGreaterThanOrEqual(FROM);
			expect(spike.start).toBeLessThan(spike.peak);
			expect(spike.peak).toBeLessThan(spike.end);
			expect(spike.end).toBeLessThanOrEqual(TO);

			const window = spike.end - spike.start;
			const brand = history.mentions.filter((m) => m.brand === spike.brand);
			const during = brand.filter((m) => at(m) >= spike.start && at(m) < spike.end);
			// The same stretch of the previous day, so the day/night curve does not muddy the comparison.
			const shift = spike.start - 24 * HOUR >= FROM ? -24 * HOUR : 24 * HOUR;
			const baseline = brand.filter((m) => at(m) >= spike.start + shift && at(m) < spike.end + shift);
			expect(spike.end + shift).toBeLessThanOrEqual(TO);
			expect(during.length).toBeGreaterThan(1.5 * baseline.length);

			// Viral posts all carry the story's hashtag; they make up the bulk at the peak.
			const tag = /#\w+(Fail|Down|Gate)|#Boycott\w+/;
			const nearPeak = brand.filter((m) => Math.abs(at(m) - spike.peak) < window / 10);
			const tagged = nearPeak.filter((m) => tag.test(m.text)).length;
			expect(tagged / nearPeak.length).toBeGreaterThan(0.5);
		}
	});
});

describe('ground truth of a viral complaint', () => {
	it('raises the negative share and the volume in its window', () => {
		const { mentions, spikes } = collectRange(FROM, TO, { seed: 42 });
		for (const spike of spikes) {
			const shift = spike.start - 24 * HOUR >= FROM ? -24 * HOUR : 24 * HOUR;
			const stats = (from: number, to: number) => {
				const window = mentions.filter((m) => m.input.brand === spike.brand && m.t >= from && m.t < to);
				const negative = window.filter((m) => m.kind === 'complaint' || m.kind === 'viral').length;
				return { count: window.length, negativeShare: negative / window.length };
			};
			const during = stats(spike.start, spike.end);
			const usual = stats(spike.start + shift, spike.end + shift);
			expect(during.count).toBeGreaterThan(1.5 * usual.count);
			expect(during.negativeShare).toBeGreaterThan(usual.negativeShare + 0.2);
			expect(usual.negativeShare).toBeGreaterThan(0.15);
			expect(usual.negativeShare).toBeLessThan(0.5);
		}
	});
});

describe('generateMentions', () => {
	it('makes N valid mentions spread over the range, fast', () => {
		const from = Date.UTC(2026, 0, 1);
		const to = from + 24 * HOUR;
		generateMentions(1_000, { fromMs: from, toMs: to });
		const started = performance.now();
		const mentions = generateMentions(100_000, { fromMs: from, toMs: to, seed: 3 });
		const elapsed = performance.now() - started;
		expect(mentions).toHaveLength(100_000);
		// The target is > 200k/s; the bound here is loose because CI machines are shared.
		expect(elapsed).toBeLessThan(2_000);
		for (const m of mentions.slice(0, 2_000)) expect(mentionInputSchema.safeParse(m).success).toBe(true);
		expect(at(mentions[0]!)).toBeGreaterThanOrEqual(from);
		expect(at(mentions.at(-1)!)).toBeLessThan(to);
		const keys = new Set(mentions.map((m) => `${m.brand}|${m.source}|${m.id}`));
		expect(keys.size).toBe(mentions.length);
		expect(generateMentions(50, { fromMs: from, toMs: to, seed: 3 })).toEqual(
			generateMentions(50, { fromMs: from, toMs: to, seed: 3 })
		);
	});
});
