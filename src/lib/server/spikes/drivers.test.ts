import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpikeInfo } from '../../metrics';
import { openTestClickHouse } from '../testing/clickhouse';
import { computeDrivers, STOPWORDS, TERM_PATTERN } from './drivers';
import { scoreLogOdds, type TermCounts } from './log-odds';

const MINUTE = 60_000;
const SPIKE_AT = Date.UTC(2026, 2, 4, 15);

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
const posts: { t: number; text: string; label: string; followers: number; source: string; lang: string }[] =
	[];

const EVERYDAY = [
	'Great service on my flight today',
	'Is the lounge open at night?',
	'Booked a trip to Lisbon, cheap fares',
	'The app keeps logging me out',
	'Lovely crew, thanks a lot'
];

beforeAll(async () => {
	db = await openTestClickHouse();
	// Baseline day: everyday posts, one every 4 minutes.
	for (let t = SPIKE_AT - 24 * 60 * MINUTE, i = 0; t < SPIKE_AT; t += 4 * MINUTE, i++)
		posts.push({
			t,
			text: EVERYDAY[i % EVERYDAY.length]!,
			label: 'neutral',
			followers: 100 + i,
			source: 'twitter',
			lang: 'en'
		});
	// Spike hour: the story and its hashtag, mostly on reddit and in German, plus some everyday posts.
	for (let i = 0; i < 60; i++) {
		posts.push({
			t: SPIKE_AT + i * MINUTE,
			text:
				i % 3 === 0
					? EVERYDAY[i % EVERYDAY.length]!
					: `Lost luggage again, no refund #AcmeFail ${i % 2 ? 'Gepäck weg' : ''}`,
			label: i % 3 === 0 ? 'neutral' : 'negative',
			followers: i === 7 ? 90_000 : 50 + i,
			source: i % 3 === 0 ? 'twitter' : 'reddit',
			lang: i % 2 ? 'de' : 'en'
		});
	}
	await db.client.insert({
		table: 'mentions',
		format: 'JSONEachRow',
		values: posts.map((p, i) => ({
			brand: 'acme',
			created_at: new Date(p.t).toISOString(),
			source: p.source,
			id: `p${i}`,
			text: p.text,
			author: `u${i}`,
			author_followers: p.followers,
			lang: p.lang,
			country: 'DE',
			url: '',
			in_reply_to: '',
			score: p.label === 'negative' ? -0.6 : 0,
			label: p.label,
			sentiment_version: 'test'
		}))
	});
}, 120_000);

afterAll(async () => {
	await db?.close();
});

describe('computeDrivers', () => {
	const spike: SpikeInfo = {
		id: '0123456789abcdef',
		brand: 'acme',
		metric: 'volume',
		source: null,
		phase: 'resolved',
		direction: 'up',
		started_at: SPIKE_AT,
		detected_at: SPIKE_AT + 3 * MINUTE,
		peak_at: SPIKE_AT + 20 * MINUTE,
		ended_at: SPIKE_AT + 60 * MINUTE,
		severity: 9,
		peak_value: 40,
		peak_expected: 4
	};

	it('scores terms in ClickHouse exactly as the log-odds reference does', async () => {
		const drivers = await computeDrivers(db.client, spike, SPIKE_AT + 2 * 60 * MINUTE);
		const pattern = new RegExp(TERM_PATTERN, 'gu');
		const counts = new Map<string, TermCounts>();
		for (const p of posts) {
			const inSpike = p.t >= SPIKE_AT;
			for (const term of new Set(p.text.toLowerCase().match(pattern) ?? [])) {
				if (STOPWORDS.includes(term) || term.startsWith('@')) continue;
				const c = counts.get(term) ?? { term, spike: 0, baseline: 0 };
				if (inSpike) c.spike++;
				else c.baseline++;
				counts.set(term, c);
			}
		}
		const reference = scoreLogOdds([...counts.values()]).filter((t) => t.spike >= 2);
		const byTerm = new Map(reference.map((t) => [t.term, t]));
		expect(drivers.hashtags[0]!.term).toBe('#acmefail');
		expect(drivers.terms.slice(0, 3).map((t) => t.term)).toEqual(
			reference
				.filter((t) => !t.term.startsWith('#'))
				.slice(0, 3)
				.map((t) => t.term)
		);
		for (const term of [...drivers.terms, ...drivers.hashtags]) {
			const ref = byTerm.get(term.term)!;
			expect(term.spike).toBe(ref.spike);
			expect(term.baseline).toBe(ref.baseline);
			expect(term.z).toBeCloseTo(ref.z, 9);
		}
		// Everyday words are not drivers even though they are frequent in the spike window too.
		expect(drivers.terms.slice(0, 3).some((t) => ['great', 'lounge', 'crew'].includes(t.term))).toBe(false);
	});

	it('finds the top post by reach, the share shifts and a representative negative post', async () => {
		const drivers = await computeDrivers(db.client, spike, SPIKE_AT + 2 * 60 * MINUTE);
		expect(drivers.top_posts[0]!.author_followers).toBe(90_000);
		const reddit = drivers.shifts.find((s) => s.dimension === 'source' && s.value === 'reddit')!;
		expect(reddit.spike_share).toBeCloseTo(40 / 60, 6);
		expect(reddit.baseline_share).toBe(0);
		expect(drivers.shifts.some((s) => s.dimension === 'lang' && s.value === 'de')).toBe(true);
		expect(drivers.representative[0]!.text).toContain('#AcmeFail');
		expect(drivers.representative[0]!.label).toBe('negative');
		expect(drivers.mentions).toEqual({ spike: 60, baseline: 360 });
	});
});
