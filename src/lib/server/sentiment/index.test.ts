import { describe, expect, it } from 'vitest';
import {
	detectLanguage,
	LABEL_THRESHOLD,
	scoreFromLogits,
	scoreSentiment,
	SENTIMENT_ENGINE_VERSION,
	SUPPORTED_LANGUAGES
} from './index';

const EXAMPLES: Record<string, { positive: string; negative: string; negated: string }> = {
	en: {
		positive: 'I love this phone, great battery',
		negative: 'worst service ever, I hate it',
		negated: 'I do not love this phone'
	},
	de: {
		positive: 'Ich liebe dieses Handy, super Akku',
		negative: 'schlechtester Service, ich hasse es',
		negated: 'Ich liebe dieses Handy nicht'
	},
	fr: {
		positive: "J'adore ce téléphone, super batterie",
		negative: 'pire service, je déteste',
		negated: "Je n'adore pas ce téléphone"
	},
	es: {
		positive: 'Me encanta este teléfono, batería genial',
		negative: 'el peor servicio, lo odio',
		negated: 'No me encanta este teléfono'
	},
	it: {
		positive: 'Adoro questo telefono, batteria fantastica',
		negative: 'servizio pessimo, lo odio',
		negated: 'Non adoro questo telefono'
	},
	pt: {
		positive: 'Amo este celular, bateria ótima',
		negative: 'pior serviço, odeio',
		negated: 'Não amo este celular'
	}
};

describe('scoreSentiment', () => {
	it.each(SUPPORTED_LANGUAGES)('%s: labels clear cases and negation lowers the score', (lang) => {
		const example = EXAMPLES[lang];
		if (!example) throw new Error(`no example for ${lang}`);
		const positive = scoreSentiment(example.positive, lang);
		const negative = scoreSentiment(example.negative, lang);
		const negated = scoreSentiment(example.negated, lang);
		expect(positive.label).toBe('positive');
		expect(negative.label).toBe('negative');
		expect(negated.score).toBeLessThan(positive.score);
		for (const result of [positive, negative, negated]) {
			expect(result.score).toBeGreaterThanOrEqual(-1);
			expect(result.score).toBeLessThanOrEqual(1);
			expect(result.lang).toBe(lang);
			expect(result.version).toBe(SENTIMENT_ENGINE_VERSION);
		}
	});

	it.each(SUPPORTED_LANGUAGES)('%s: the clause after "but" decides', (lang) => {
		const but = { en: 'but', de: 'aber', fr: 'mais', es: 'pero', it: 'ma', pt: 'mas' }[lang];
		const example = EXAMPLES[lang];
		if (!example) throw new Error(`no example for ${lang}`);
		const mixed = scoreSentiment(`${example.positive} ${but} ${example.negative}`, lang);
		const reversed = scoreSentiment(`${example.negative} ${but} ${example.positive}`, lang);
		expect(mixed.score).toBeLessThan(reversed.score);
	});

	it('reads emoji and emoticons in any language', () => {
		expect(scoreSentiment('😍😍', 'de').label).toBe('positive');
		expect(scoreSentiment('😡', 'fr').label).toBe('negative');
		expect(scoreSentiment(':(', 'en').score).toBeLessThan(scoreSentiment(':)', 'en').score);
	});

	it.each(['en', 'de', 'fr', 'es', 'it', 'pt'])(
		'%s: a reply of emoji or emoticons only is scored by their valences',
		(lang) => {
			expect(scoreSentiment('@acme 😍', lang).label).toBe('positive');
			expect(scoreSentiment('👍 https://t.co/xyz', lang).label).toBe('positive');
			expect(scoreSentiment(':)', lang).label).toBe('positive');
			expect(scoreSentiment('@acme 👎', lang).label).toBe('negative');
			expect(scoreSentiment('🤔', lang).label).toBe('neutral');
			// As VADER: a valence of 3 alone is 3 / sqrt(9 + 15), and more of them score higher.
			expect(scoreSentiment('😍', lang).score).toBeCloseTo(3 / Math.sqrt(24));
			expect(scoreSentiment('😍😍', lang).score).toBeGreaterThan(scoreSentiment('😍', lang).score);
		}
	);

	it('scores hashtags as words', () => {
		expect(scoreSentiment('#EpicFail', 'en').label).toBe('negative');
		expect(scoreSentiment('#fail', 'en').score).toBeLessThan(0);
	});

	it('raises the score for caps, elongation and "!"', () => {
		const plain = scoreSentiment('the show was good', 'en').score;
		expect(scoreSentiment('the show was GOOD', 'en').score).toBeGreaterThan(plain);
		expect(scoreSentiment('the show was goooood', 'en').score).toBeGreaterThan(plain);
		expect(scoreSentiment('the show was good!!!', 'en').score).toBeGreaterThan(plain);
	});

	it('ignores @handles and URLs', () => {
		const plain = scoreSentiment('great update', 'en');
		expect(scoreSentiment('@user great update https://t.co/xyz', 'en').score).toBeCloseTo(plain.score);
		expect(scoreSentiment('@user https://t.co/xyz', 'en')).toMatchObject({ score: 0, label: 'neutral' });
	});

	it.each([
		['en', '@acme thanks so much, but I am still waiting for my refund'],
		['de', '@acme Vielen Dank, ich warte immer noch auf die Erstattung'],
		['fr', "@acme merci beaucoup, j'attends toujours le remboursement"],
		['es', '@acme muchas gracias, sigo esperando el reembolso'],
		['it', '@acme grazie mille, aspetto ancora il rimborso'],
		['pt', '@acme muito obrigado, ainda esperando o reembolso']
	])('%s: a polite complaint addressed to the brand is negative', (lang, text) => {
		expect(scoreSentiment(text, lang, { brand: 'acme' }).label).toBe('negative');
		expect(scoreSentiment(text, lang, { brand: '@ACME' }).label).toBe('negative');
	});

	it('leaves praise addressed to the brand alone', () => {
		expect(scoreSentiment('@acme thank you, love the new app!', 'en', { brand: 'acme' }).label).toBe(
			'positive'
		);
	});

	it('scores an unsupported language with what it has, keeping the language code', () => {
		// The English model and the shared emoji weights score it; the words are unknown to them.
		const result = scoreSentiment('最高 😍😍', 'ja');
		expect(result.lang).toBe('ja');
		expect(result.label).toBe('positive');
		expect(scoreSentiment('最高 😍', 'ja').score).toBeGreaterThan(scoreSentiment('最高', 'ja').score);
		expect(() => scoreSentiment('', 'xx')).not.toThrow();
	});

	it('detects the language when none is given', () => {
		expect(scoreSentiment('Ich liebe dieses Handy, der Akku ist super').lang).toBe('de');
	});
});

describe('scoreFromLogits', () => {
	const labelOf = (score: number) =>
		score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral';
	const grid: number[] = [];
	for (let x = -6; x <= 6; x += 0.25) grid.push(x);

	it('labels by the thresholds exactly the most probable class, with the score in (-1, 1)', () => {
		for (const negative of grid) {
			for (const positive of grid) {
				// Exact ties are measure-zero: a polar class tied with neutral scores ±LABEL_THRESHOLD (polar).
				if (positive === Math.max(negative, 0) || negative === Math.max(positive, 0)) continue;
				const score = scoreFromLogits(negative, positive);
				const argmax =
					positive > Math.max(negative, 0)
						? 'positive'
						: negative > Math.max(positive, 0)
							? 'negative'
							: 'neutral';
				expect(labelOf(score), `${negative}, ${positive}`).toBe(argmax);
				expect(Math.abs(score)).toBeLessThan(1);
			}
		}
	});

	it('rises with the positive logit, falls with the negative one, and is antisymmetric', () => {
		for (const negative of grid) {
			for (let k = 1; k < grid.length; k++) {
				const low = grid[k - 1] as number;
				const high = grid[k] as number;
				if (negative > 0 && low <= negative && high >= negative) continue; // jump where the polar classes tie
				expect(scoreFromLogits(negative, high)).toBeGreaterThan(scoreFromLogits(negative, low) - 1e-12);
				expect(scoreFromLogits(high, negative)).toBeLessThan(scoreFromLogits(low, negative) + 1e-12);
			}
			for (const positive of grid)
				expect(scoreFromLogits(positive, negative)).toBeCloseTo(-scoreFromLogits(negative, positive), 12);
		}
	});

	it('is continuous where neutral ties with a polar class, and 0 when the polar classes are even', () => {
		for (const other of [-3, -1, -0.2]) {
			expect(scoreFromLogits(other, 1e-9)).toBeCloseTo(LABEL_THRESHOLD, 6);
			expect(scoreFromLogits(other, -1e-9)).toBeCloseTo(LABEL_THRESHOLD, 6);
			expect(scoreFromLogits(-1e-9, other)).toBeCloseTo(-LABEL_THRESHOLD, 6);
		}
		expect(scoreFromLogits(-2, -2)).toBe(0);
		expect(scoreFromLogits(0, 0)).toBe(0);
		expect(Math.abs(scoreFromLogits(-8, -7))).toBeLessThan(0.01);
		expect(scoreFromLogits(-5, 8)).toBeGreaterThan(0.99);
	});
});

describe('detectLanguage', () => {
	it.each([
		['en', 'The delivery arrived late and the box was damaged'],
		['de', 'Die Lieferung kam zu spät und der Karton war beschädigt'],
		['fr', 'La livraison est arrivée en retard et le carton était abîmé'],
		['es', 'La entrega llegó tarde y la caja estaba dañada'],
		['it', 'La consegna è arrivata in ritardo e la scatola era danneggiata'],
		['pt', 'A entrega chegou atrasada e a caixa estava danificada']
	])('%s', (lang, text) => {
		expect(detectLanguage(`@shop ${text} https://t.co/x`)).toBe(lang);
	});

	it("returns 'und' when there is nothing to read", () => {
		expect(detectLanguage('@user 😍 https://t.co/x 123')).toBe('und');
	});
});
