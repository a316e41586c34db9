import fs from 'node:fs';
import path from 'node:path';
import type { SentimentLabel } from '../../metrics';

/** UMSAB folder names and the ISO 639-1 code each one is scored as. */
export const UMSAB_LANGUAGES = {
	english: 'en',
	german: 'de',
	french: 'fr',
	spanish: 'es',
	italian: 'it',
	portuguese: 'pt'
} as const;

export type UmsabLanguage = keyof typeof UMSAB_LANGUAGES;
export type UmsabSplit = 'train' | 'val';

export interface LabelledText {
	text: string;
	label: SentimentLabel;
}

/** UMSAB encodes 0 = negative, 1 = neutral, 2 = positive. */
const UMSAB_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export function sharedDataDir(): string {
	return process.env.BRANDPULSE_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data');
}

export function sentimentDataDir(): string {
	return path.join(sharedDataDir(), 'sentiment-dev');
}

export function hasSentimentData(): boolean {
	return fs.existsSync(path.join(sentimentDataDir(), 'umsab'));
}

/** The dump keeps some characters as literal `\uXXXX` escapes; real tweets carry the characters. */
function decodeEscapes(text: string): string {
	return text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function readLines(file: string): string[] {
	const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
	if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
	return lines;
}

export function loadUmsab(language: UmsabLanguage, split: UmsabSplit): LabelledText[] {
	const dir = path.join(sentimentDataDir(), 'umsab', language);
	const texts = readLines(path.join(dir, `${split}_text.txt`));
	const labels = readLines(path.join(dir, `${split}_labels.txt`));
	if (texts.length !== labels.length)
		throw new Error(`${dir}: ${texts.length} texts vs ${labels.length} labels`);
	return texts.map((text, i) => {
		const label = UMSAB_LABELS[Number(labels[i])];
		if (!label) throw new Error(`${dir}: bad label on line ${i + 1}`);
		return { text: decodeEscapes(text.trim()), label };
	});
}

export interface RatedText {
	text: string;
	/** Mean human rating, -4..4. */
	rating: number;
	label: SentimentLabel;
}

/** Three classes from the human mean with the ±0.05 band the VADER paper used. */
export function ratingToLabel(rating: number): SentimentLabel {
	return rating >= 0.05 ? 'positive' : rating <= -0.05 ? 'negative' : 'neutral';
}

export function vaderSetNames(): string[] {
	const dir = path.join(sentimentDataDir(), 'vader');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('_GroundTruth.txt'))
		.map((f) => f.replace(/_GroundTruth\.txt$/, ''))
		.sort();
}

export function loadVaderSet(name: string): RatedText[] {
	const file = path.join(sentimentDataDir(), 'vader', `${name}_GroundTruth.txt`);
	const rows: RatedText[] = [];
	for (const line of readLines(file)) {
		const [, ratingField, ...rest] = line.split('\t');
		const rating = Number(ratingField);
		if (rest.length === 0 || !Number.isFinite(rating)) continue;
		rows.push({ text: rest.join('\t').trim(), rating, label: ratingToLabel(rating) });
	}
	return rows;
}
