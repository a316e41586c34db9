import { describe, expect, it } from 'vitest';
import { scoreLogOdds } from './log-odds';

describe('scoreLogOdds', () => {
	it('ranks a term that rose sharply above frequent terms with a steady share', () => {
		const scored = scoreLogOdds([
			{ term: 'brand', spike: 300, baseline: 3000 },
			{ term: 'the', spike: 250, baseline: 2600 },
			{ term: '#acmefail', spike: 120, baseline: 2 },
			{ term: 'refund', spike: 40, baseline: 100 }
		]);
		expect(scored.map((s) => s.term).slice(0, 2)).toEqual(['#acmefail', 'refund']);
		expect(scored[0]!.z).toBeGreaterThan(5);
		// Steady terms end up near zero or below, not at the top as raw counts would put them.
		expect(scored.find((s) => s.term === 'brand')!.z).toBeLessThan(1);
	});

	it('shrinks a term seen once in the spike below a term seen often', () => {
		const scored = scoreLogOdds([
			{ term: 'once', spike: 1, baseline: 0 },
			{ term: 'often', spike: 30, baseline: 5 },
			{ term: 'filler', spike: 100, baseline: 1000 }
		]);
		expect(scored[0]!.term).toBe('often');
		expect(scored.find((s) => s.term === 'once')!.z).toBeLessThan(scored[0]!.z / 3);
	});

	it('matches the closed form for one term', () => {
		const counts = [
			{ term: 'a', spike: 10, baseline: 20 },
			{ term: 'b', spike: 90, baseline: 380 }
		];
		const [n1, n0] = [100, 400];
		const a0 = 50;
		const aw = (a0 * 30) / 500;
		const delta = Math.log((10 + aw) / (n1 + a0 - 10 - aw)) - Math.log((20 + aw) / (n0 + a0 - 20 - aw));
		const z = delta / Math.sqrt(1 / (10 + aw) + 1 / (20 + aw));
		const a = scoreLogOdds(counts, a0).find((s) => s.term === 'a')!;
		expect(a.delta).toBeCloseTo(delta, 12);
		expect(a.z).toBeCloseTo(z, 12);
	});

	it('returns nothing for empty windows', () => {
		expect(scoreLogOdds([])).toEqual([]);
		expect(scoreLogOdds([{ term: 'x', spike: 0, baseline: 0 }])).toEqual([]);
	});
});
