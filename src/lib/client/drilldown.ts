/**
 * The drill-down's state lives in the URL, so a view is a permalink and Back/Forward walk through filter
 * changes. This module is the one place that reads and writes those parameters, for pages and API calls.
 */
import { SENTIMENT_LABELS, type SentimentLabel } from '../metrics';

export const SORTS = ['time_desc', 'time_asc', 'reach_desc', 'sentiment_asc', 'sentiment_desc'] as const;
export type MentionSort = (typeof SORTS)[number];

/** Filters a breakdown row or a list cell can toggle; `q` is free text and set apart. */
export const FILTER_DIMENSIONS = ['source', 'lang', 'country', 'label', 'author'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export interface Drilldown {
	/** Window [from, to), epoch ms. */
	from: number;
	to: number;
	source: string[];
	lang: string[];
	country: string[];
	label: SentimentLabel[];
	author: string[];
	/** Free text; every word must appear. Empty for none. */
	q: string;
	sort: MentionSort;
}

/** Rows per page: enough to fill a tall screen, small enough that the first page is quick. */
export const PAGE_SIZE = 50;

/** The breakdowns the drill-down shows, each a way to narrow it. */
export const BREAKDOWNS = ['source', 'lang', 'country', 'author', 'term', 'hashtag'] as const;
export type BreakdownDimension = (typeof BREAKDOWNS)[number];

/** Without bounds in the URL the drill-down opens on the last hour, to the minute. */
export const DEFAULT_SPAN_MS = 3_600_000;

function values(params: URLSearchParams, name: string): string[] {
	return [
		...new Set(
			params
				.getAll(name)
				.flatMap((value) => value.split(','))
				.map((value) => value.trim())
				.filter(Boolean)
		)
	];
}

function instant(value: string | null): number | null {
	if (!value) return null;
	const parsed = Date.parse(value);
	return Number.isFinite(parsed) ? parsed : null;
}

const isLabel = (value: string): value is SentimentLabel =>
	(SENTIMENT_LABELS as readonly string[]).includes(value);
const isSort = (value: string | null): value is MentionSort =>
	value !== null && (SORTS as readonly string[]).includes(value);

/** Reads a drill-down from search parameters; unknown or malformed values fall back rather than fail. */
export function parseDrilldown(params: URLSearchParams, now: number): Drilldown {
	let to = instant(params.get('to'));
	let from = instant(params.get('from'));
	if (to === null) to = Math.ceil(now / 60_000) * 60_000;
	if (from === null || from >= to) from = to - DEFAULT_SPAN_MS;
	const sort = params.get('sort');
	return {
		from,
		to,
		source: values(params, 'source'),
		lang: values(params, 'lang'),
		country: values(params, 'country'),
		label: values(params, 'label').filter(isLabel),
		author: values(params, 'author'),
		q: (params.get('q') ?? '').trim(),
		sort: isSort(sort) ? sort : 'time_desc'
	};
}

/** The filter parameters, shared by the page URL and every API call; empty filters are left out. */
export function filterParams(view: Drilldown): URLSearchParams {
	const params = new URLSearchParams();
	params.set('from', new Date(view.from).toISOString());
	params.set('to', new Date(view.to).toISOString());
	for (const name of FILTER_DIMENSIONS) for (const value of view[name]) params.append(name, value);
	if (view.q) params.set('q', view.q);
	return params;
}

/** Whether any filter beyond the window is on. */
export function hasFilters(view: Drilldown): boolean {
	return FILTER_DIMENSIONS.some((name) => view[name].length > 0) || view.q !== '';
}

/** The drill-down page for a view; `tz` rides along when the reader picked one. */
export function drilldownHref(brand: string, view: Drilldown, tz?: string | null): string {
	const params = filterParams(view);
	if (view.sort !== 'time_desc') params.set('sort', view.sort);
	if (tz) params.set('tz', tz);
	return `/b/${encodeURIComponent(brand)}/mentions?${params}`;
}

/** A fresh drill-down over a range, without filters: what a chart click opens. */
export function rangeView(range: { from: number; to: number }): Drilldown {
	return {
		from: range.from,
		to: range.to,
		source: [],
		lang: [],
		country: [],
		label: [],
		author: [],
		q: '',
		sort: 'time_desc'
	};
}

/** Adds the value to a filter, or removes it when it is already there: breakdown rows are toggles. */
export function toggleFilter(view: Drilldown, name: FilterDimension, value: string): Drilldown {
	const current = view[name] as string[];
	const next = current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
	if (name === 'label') return { ...view, label: next.filter(isLabel) };
	return { ...view, [name]: next };
}

/** Adds a word to the free-text search (term and hashtag breakdowns filter through `q`). */
export function withTerm(view: Drilldown, term: string): Drilldown {
	const words = view.q.split(/\s+/).filter(Boolean);
	if (words.includes(term)) return { ...view, q: words.filter((word) => word !== term).join(' ') };
	return { ...view, q: [...words, term].join(' ') };
}

/** The API's query string for a list page. */
export function mentionsApiUrl(
	brand: string,
	view: Drilldown,
	options: { limit: number; cursor?: string | null; tz?: string | null }
): string {
	const params = filterParams(view);
	params.set('brand', brand);
	params.set('sort', view.sort);
	params.set('limit', String(options.limit));
	if (options.cursor) params.set('cursor', options.cursor);
	if (options.tz) params.set('tz', options.tz);
	return `/api/v1/mentions?${params}`;
}

/** A download link for the current drill-down, in the reader's zone. */
export function exportUrl(brand: string, view: Drilldown, format: 'csv' | 'ndjson', tz: string): string {
	const params = filterParams(view);
	params.set('brand', brand);
	params.set('format', format);
	params.set('tz', tz);
	return `/api/v1/export?${params}`;
}

/** Share-of-voice steps the API offers, in seconds. */
const SOV_STEPS: [string, number][] = [
	['1m', 60],
	['5m', 300],
	['15m', 900],
	['1h', 3600],
	['6h', 21_600],
	['1d', 86_400]
];
const MAX_SOV_POINTS = 2000;
const WANTED_SOV_POINTS = 120;

/**
 * A share-of-voice step that divides both bounds, so the brand's total over the steps is exactly the chart's
 * count for [from, to) (the API widens the window to whole steps), and that gives a readable number of
 * points. `exact` is false when no step fits the bounds and the total covers a slightly wider window.
 */
export function shareOfVoiceStep(from: number, to: number): { step: string; exact: boolean } {
	const fitting = SOV_STEPS.filter(([, seconds]) => {
		const ms = seconds * 1000;
		return from % ms === 0 && to % ms === 0 && (to - from) / ms <= MAX_SOV_POINTS;
	});
	const readable = fitting.find(([, seconds]) => (to - from) / (seconds * 1000) <= WANTED_SOV_POINTS);
	const chosen = readable ?? fitting.at(-1);
	if (chosen) return { step: chosen[0], exact: true };
	const wide = SOV_STEPS.find(([, seconds]) => (to - from) / (seconds * 1000) <= MAX_SOV_POINTS);
	return { step: (wide ?? SOV_STEPS.at(-1)!)[0], exact: false };
}
