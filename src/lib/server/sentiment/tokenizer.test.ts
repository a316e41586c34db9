import { describe, expect, it } from 'vitest';
import { EMOTICONS, tokenize } from './engine';
import { hasSentimentData, loadUmsab, UMSAB_LANGUAGES, type UmsabLanguage } from './dataset';

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The tokeniser's specification as one regular expression (what the engine used before the hand-written
 * scanner): groups 1 URL, 2 @handle, 3 #hashtag, 4 emoticon, 5 word, 6 emoji, 7 "!"/"?" run,
 * 8 clause punctuation.
 */
const REFERENCE = new RegExp(
	[
		String.raw`(https?:\/\/\S+|www\.\S+)`,
		String.raw`(@[\p{L}\p{N}_]+)`,
		String.raw`(#[\p{L}\p{N}_]+)`,
		String.raw`(?<=^|\s)(?=[^\p{L}\s])(${[...EMOTICONS]
			.sort((a, b) => b.length - a.length)
			.map(escapeRegExp)
			.join('|')})(?=$|\s|[!?.,])`,
		String.raw`(\p{L}[\p{L}\p{M}]*(?:['’][\p{L}\p{M}]+)*)`,
		String.raw`(\p{Extended_Pictographic})`,
		String.raw`([!?]+)`,
		String.raw`([.;:,()\n]+)`
	].join('|'),
	'gu'
);

function referenceTokens(text: string): [number, string][] {
	const tokens: [number, string][] = [];
	for (const m of text.matchAll(REFERENCE)) {
		const group = m.findIndex((g, i) => i > 0 && g !== undefined);
		tokens.push([group, m[group] as string]);
	}
	return tokens;
}

const TRICKY = [
	'',
	'   ',
	'Great :) but :( then:) and ":D" :-)) <3 </3 8) ;-) :P',
	'http:// x https://a.b/c?d=e www. www.x.org #tag_1 #_ # @ @brand_x! mail@host.com',
	'xhttps://no 1http://yes ABCwww.de',
	"l'amore n’est pas aujourd'hui don't ''quoted'' it's' o'",
	'soooo gooood!!! ?? !?! ... ;;; ,,, ()\n\nnext',
	'😀😀😀😀 👍🏽 ❤️ ☺ ✨ 🇩🇪 👨‍👩‍👧 ©',
	'𝐛𝐨𝐥𝐝 math letters, café naïve e\u0301 combining',
	'\uD800 lone \uDC00 surrogates :)\uD83D',
	'tab\t:)\u00a0:(\u3000:D end',
	'12345 3.14 €20 50% #2020 @123'
];

describe('tokeniser', () => {
	it('matches the reference expression on tricky input', () => {
		for (const text of TRICKY) expect(tokenize(text), JSON.stringify(text)).toEqual(referenceTokens(text));
	});

	it('classifies each token kind', () => {
		expect(tokenize('@acme #EpicFail https://x.io :) so bad 👍 !! ,')).toEqual([
			[2, '@acme'],
			[3, '#EpicFail'],
			[1, 'https://x.io'],
			[4, ':)'],
			[5, 'so'],
			[5, 'bad'],
			[6, '👍'],
			[7, '!!'],
			[8, ',']
		]);
	});

	it.skipIf(!hasSentimentData())('matches the reference expression on every dev tweet', () => {
		let mismatches = 0;
		for (const folder of Object.keys(UMSAB_LANGUAGES)) {
			for (const split of ['train', 'val'] as const) {
				for (const row of loadUmsab(folder as UmsabLanguage, split)) {
					if (JSON.stringify(tokenize(row.text)) !== JSON.stringify(referenceTokens(row.text))) mismatches++;
				}
			}
		}
		expect(mismatches).toBe(0);
	});
});
