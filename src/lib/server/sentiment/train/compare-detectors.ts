/**
 * Measures the installed language detectors on the UMSAB val texts (short tweets): accuracy over the six
 * languages (unrestricted and restricted to them) and texts per second. Run: npx tsx <this file>.
 */
import { detect as tinyldDetect } from 'tinyld';
import { eld } from 'eld/medium';
import { eld as eldSmall } from 'eld/small';
import { eld as eldExtraSmall } from 'eld/extrasmall';
import { franc } from 'franc-min';
import { loadUmsab, UMSAB_LANGUAGES, type UmsabLanguage } from '../dataset';

const SIX = Object.values(UMSAB_LANGUAGES) as string[];
const ISO3: Record<string, string> = { eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt' };
const ISO3_SIX = Object.keys(ISO3);

const samples: { text: string; lang: string }[] = [];
for (const [folder, lang] of Object.entries(UMSAB_LANGUAGES)) {
	for (const row of loadUmsab(folder as UmsabLanguage, 'val')) {
		// What the engine will hand the detector: no handles, no URLs.
		const text = row.text.replace(/@\w+|https?:\/\/\S+|\bhttp\b/g, ' ').trim();
		samples.push({ text, lang });
	}
}

const eldSix = eld.newInstance?.() ?? eld;
const detectors: Record<string, (t: string) => string> = {
	'tinyld (all)': (t) => tinyldDetect(t),
	'tinyld (only six)': (t) => tinyldDetect(t, { only: SIX }),
	'eld medium (all)': (t) => eld.detect(t).language,
	'eld medium (subset six)': (t) => eldSix.detect(t).language,
	'eld small (all)': (t) => eldSmall.detect(t).language,
	'eld extrasmall (all)': (t) => eldExtraSmall.detect(t).language,
	'franc-min (all)': (t) => ISO3[franc(t, { minLength: 1 })] ?? franc(t, { minLength: 1 }),
	'franc-min (only six)': (t) => ISO3[franc(t, { minLength: 1, only: ISO3_SIX })] ?? 'und'
};

for (const [name, fn] of Object.entries(detectors)) {
	if (name === 'eld medium (subset six)') eldSix.setLanguageSubset(SIX);
	for (const s of samples.slice(0, 200)) fn(s.text);
	let correct = 0;
	const perLang: Record<string, number> = {};
	const start = performance.now();
	const rounds = 3;
	for (let r = 0; r < rounds; r++) {
		for (const s of samples) {
			const got = fn(s.text);
			if (r === 0 && got === s.lang) {
				correct++;
				perLang[s.lang] = (perLang[s.lang] ?? 0) + 1;
			}
		}
	}
	const seconds = (performance.now() - start) / 1000;
	const perLangText = SIX.map(
		(l) => `${l} ${((100 * (perLang[l] ?? 0)) / samples.filter((s) => s.lang === l).length).toFixed(1)}`
	).join(' ');
	console.log(
		`${name.padEnd(26)} acc ${((100 * correct) / samples.length).toFixed(1)}%  ${Math.round((rounds * samples.length) / seconds)} texts/s  [${perLangText}]`
	);
}
