/** Text helpers shared by the adapters: platform text arrives as HTML, dates in many formats. */

import { CANONICAL_UTC, COUNTRY_CODE, LANG_CODE } from '../ingest/schema';

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	hellip: '…',
	mdash: '—',
	ndash: '–',
	rsquo: '’',
	lsquo: '‘',
	rdquo: '”',
	ldquo: '“'
};

export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
		if (entity[0] === '#') {
			const code =
				entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
			return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
		}
		return ENTITIES[entity.toLowerCase()] ?? match;
	});
}

/**
 * Plain text from an HTML fragment. Feeds often escape their HTML once more, so entities are decoded before
 * the tags are dropped; scripts and styles go with their content.
 */
export function stripHtml(html: string): string {
	const unescaped = /&lt;\/?[a-z]/i.test(html) ? decodeEntities(html) : html;
	return decodeEntities(
		unescaped
			.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
			.replace(/<!--[\s\S]*?-->/g, ' ')
			// Inline tags vanish ("<em>fast</em>," stays "fast,"); any other tag separates words.
			.replace(/<\/?(a|abbr|b|bdi|cite|code|em|font|i|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>/gi, '')
			.replace(/<[^>]+>/g, ' ')
	)
		.replace(/\s+/g, ' ')
		.trim();
}

/** Joins parts with a blank line and keeps within the core schema's 20,000 characters. */
export function joinText(...parts: (string | undefined | null)[]): string {
	const text = parts
		.map((part) => part?.trim())
		.filter(Boolean)
		.join('\n\n');
	return text.length > 20_000 ? `${text.slice(0, 19_999)}…` : text;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 timestamp with an offset from what platforms send: ISO strings, RFC 822 dates (RSS), or
 * epoch seconds / milliseconds. Anything unreadable is returned as it came, so the core schema refuses it
 * with its usual message instead of the adapter guessing.
 */
export function toIsoDate(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) {
		// 1e11 seconds is the year 5138; 1e11 milliseconds is 1973: no real timestamp is ambiguous.
		return new Date(value < 1e11 ? value * 1000 : value).toISOString();
	}
	if (typeof value !== 'string') return String(value ?? '');
	if (CANONICAL_UTC.test(value)) return value;
	const trimmed = value.trim();
	// Some platforms send nanoseconds; milliseconds are all the store keeps, and all Date can read reliably.
	if (ISO_WITH_OFFSET.test(trimmed)) return trimmed.replace(/(\.\d{3})\d+/, '$1');
	if (/^\d+(\.\d+)?$/.test(trimmed)) return toIsoDate(Number(trimmed));
	const parsed = Date.parse(trimmed);
	return Number.isNaN(parsed) ? trimmed : new Date(parsed).toISOString();
}

/** `en`, `en-US`, `en_gb` → `en`; platform codes the core schema cannot hold (`und`, `zxx`) → undefined. */
export function normalizeLang(value: string | null | undefined): string | undefined {
	if (value && LANG_CODE.test(value)) return value;
	const code = value?.trim().toLowerCase().split(/[-_]/)[0];
	return code && LANG_CODE.test(code) ? code : undefined;
}

/** `us` or `US` → `US`; anything else → undefined. */
export function normalizeCountry(value: string | null | undefined): string | undefined {
	if (value && COUNTRY_CODE.test(value)) return value;
	const code = value?.trim().toUpperCase();
	return code && COUNTRY_CODE.test(code) ? code : undefined;
}
