import { isMetricsWindow, type MetricsSnapshot, type MetricsWindow } from '../metrics';

/** What a dashboard page loads; the layout reads it from `page.data` to drive its header and the socket. */
export interface DashboardData {
	brand: string;
	window: MetricsWindow;
	brands: string[];
	snapshot: MetricsSnapshot | null;
}

/** The dashboard part of a page's data, or null on pages that are not a dashboard (e.g. login). */
export function dashboardDataOf(data: Record<string, unknown>): DashboardData | null {
	const { brand, window, brands, snapshot } = data;
	if (typeof brand !== 'string' || !isMetricsWindow(window) || !Array.isArray(brands)) return null;
	return {
		brand,
		window,
		brands: brands.filter((name): name is string => typeof name === 'string'),
		snapshot: isSnapshotLike(snapshot) ? snapshot : null
	};
}

function isSnapshotLike(value: unknown): value is MetricsSnapshot {
	return typeof value === 'object' && value !== null && 'series' in value && 'kpis' in value;
}

/** The URL of a view; brand and window live in the URL so every view is a link. */
export function viewHref(brand: string, window: MetricsWindow, tz: string | null = null): string {
	return withTimeZone(`/b/${encodeURIComponent(brand)}?window=${window}`, tz);
}

/** What every brand page shares (from the brand layout's `load`): the header reads it. */
export interface BrandHeaderData {
	brand: string;
	brands: string[];
	/** The zone the URL or cookie chose; null to use the browser's. */
	tz: string | null;
}

export function brandHeaderOf(data: Record<string, unknown>): BrandHeaderData | null {
	const { brand, brands, tz } = data;
	if (typeof brand !== 'string' || !Array.isArray(brands)) return null;
	return {
		brand,
		brands: brands.filter((name): name is string => typeof name === 'string'),
		tz: typeof tz === 'string' ? tz : null
	};
}

/** A link that keeps the reader's explicit `tz` choice, so a permalink copied from any tab carries it. */
export function withTimeZone(href: string, tz: string | null): string {
	if (!tz) return href;
	return `${href}${href.includes('?') ? '&' : '?'}tz=${encodeURIComponent(tz)}`;
}
