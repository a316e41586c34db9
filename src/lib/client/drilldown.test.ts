import { describe, expect, it } from 'vitest';
import {
	drilldownHref,
	exportUrl,
	mentionsApiUrl,
	parseDrilldown,
	rangeView,
	shareOfVoiceStep,
	toggleFilter,
	withTerm
} from './drilldown';

const FROM = Date.UTC(2026, 10, 23, 10, 0);
const TO = FROM + 3_600_000;

describe('drill-down URL state', () => {
	it('round-trips through the URL', () => {
		const view = {
			...rangeView({ from: FROM, to: TO }),
			source: ['twitter', 'reddit'],
			q: 'refund',
			sort: 'reach_desc' as const
		};
		const href = drilldownHref('acme', view, 'Europe/Berlin');
		const url = new URL(href, 'http://x');
		expect(url.pathname).toBe('/b/acme/mentions');
		expect(url.searchParams.get('tz')).toBe('Europe/Berlin');
		expect(parseDrilldown(url.searchParams, 0)).toEqual({
			...view,
			lang: [],
			country: [],
			label: [],
			author: []
		});
	});

	it('falls back on missing or broken values instead of failing', () => {
		const now = FROM + 30_000;
		const view = parseDrilldown(new URLSearchParams('from=nope&label=angry,negative&sort=random'), now);
		expect(view.to).toBe(FROM + 60_000);
		expect(view.from).toBe(view.to - 3_600_000);
		expect(view.label).toEqual(['negative']);
		expect(view.sort).toBe('time_desc');
	});

	it('toggles filters and terms', () => {
		const view = rangeView({ from: FROM, to: TO });
		const once = toggleFilter(view, 'lang', 'de');
		expect(once.lang).toEqual(['de']);
		expect(toggleFilter(once, 'lang', 'de').lang).toEqual([]);
		const term = withTerm(withTerm(view, 'refund'), '#fail');
		expect(term.q).toBe('refund #fail');
		expect(withTerm(term, 'refund').q).toBe('#fail');
	});

	it('builds API and export URLs with the same filters', () => {
		const view = { ...rangeView({ from: FROM, to: TO }), country: ['US'] };
		const list = new URL(mentionsApiUrl('acme', view, { limit: 50, cursor: 'abc', tz: 'UTC' }), 'http://x');
		expect(Object.fromEntries(list.searchParams)).toMatchObject({
			brand: 'acme',
			country: 'US',
			cursor: 'abc',
			limit: '50'
		});
		const file = new URL(exportUrl('acme', view, 'csv', 'Asia/Tokyo'), 'http://x');
		expect(file.pathname).toBe('/api/v1/export');
		expect(Object.fromEntries(file.searchParams)).toMatchObject({
			format: 'csv',
			tz: 'Asia/Tokyo',
			country: 'US'
		});
	});

	it('picks a share-of-voice step that keeps the chart count exact', () => {
		expect(shareOfVoiceStep(FROM, FROM + 15 * 60_000)).toEqual({ step: '1m', exact: true });
		expect(shareOfVoiceStep(FROM, FROM + 86_400_000)).toEqual({ step: '15m', exact: true });
		expect(shareOfVoiceStep(FROM, FROM + 7 * 86_400_000)).toEqual({ step: '1h', exact: true });
		// Seven days of 5-minute steps is more points than the API draws: the count covers whole hours.
		expect(shareOfVoiceStep(FROM + 5 * 60_000, FROM + 7 * 86_400_000 + 5 * 60_000)).toMatchObject({
			exact: false
		});
		expect(shareOfVoiceStep(FROM + 1234, TO)).toMatchObject({ exact: false });
	});
});
