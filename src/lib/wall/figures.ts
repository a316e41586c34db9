/** The headline numbers each panel shows, as label/value/tone, so panels stay dumb and tests read one place. */
import {
	formatChange,
	formatCount,
	formatDuration,
	formatPercent,
	formatSigned,
	relativeChange,
	WINDOW_SHORT_LABELS
} from '../charts/format';
import { LATENCY_TARGET_S } from '../charts/latency-chart.svelte';
import type { Kpis, MetricsWindow } from '../metrics';
import type { PanelView } from './board';

export interface Figure {
	id: string;
	label: string;
	value: string;
	raw: number | null;
	note: string;
	tone: 'plain' | 'good' | 'bad' | 'warn';
}

/** Net sentiment within this distance of zero reads as balanced. */
const BALANCED_BAND = 0.05;

export const VIEW_TITLES: Record<PanelView, string> = {
	kpis: 'Overview',
	volume: 'Mention volume',
	sentiment: 'Sentiment',
	latency: 'Response time',
	queue: 'Response queue',
	drivers: 'What drives the talk'
};

/** Playlist chips: a word each, so a board of eight panels still fits one line. */
export const VIEW_SHORT: Record<PanelView, string> = {
	kpis: 'overview',
	volume: 'volume',
	sentiment: 'sentiment',
	latency: 'replies',
	queue: 'queue',
	drivers: 'drivers'
};

function figures(kpis: Kpis | null, window: MetricsWindow): Record<string, Figure> {
	const change = kpis ? relativeChange(kpis.mentions, kpis.mentions_prev) : null;
	const net = kpis?.net_sentiment ?? null;
	const p50 = kpis?.latency_p50_s ?? null;
	const p90 = kpis?.latency_p90_s ?? null;
	const within = kpis?.answered_within_1h_share ?? null;
	const latencyTone = (s: number | null) => (s === null ? 'plain' : s <= LATENCY_TARGET_S ? 'good' : 'warn');
	return {
		mentions: {
			id: 'mentions',
			label: `Mentions · ${WINDOW_SHORT_LABELS[window]}`,
			value: kpis ? formatCount(kpis.mentions) : '—',
			raw: kpis?.mentions ?? null,
			note: change === null ? 'no earlier data' : `${formatChange(change)} vs previous`,
			tone: 'plain'
		},
		net_sentiment: {
			id: 'net_sentiment',
			label: 'Net sentiment',
			value: formatSigned(net),
			raw: net,
			note: 'positive minus negative',
			tone: net === null ? 'plain' : net > BALANCED_BAND ? 'good' : net < -BALANCED_BAND ? 'bad' : 'plain'
		},
		negative_share: {
			id: 'negative_share',
			label: 'Negative',
			value: formatPercent(kpis?.negative_share ?? null, 0),
			raw: kpis?.negative_share ?? null,
			note: 'of mentions',
			tone: (kpis?.negative_share ?? 0) >= 0.4 ? 'bad' : 'plain'
		},
		avg_sentiment: {
			id: 'avg_sentiment',
			label: 'Average score',
			value: formatSigned(kpis?.avg_sentiment ?? null),
			raw: kpis?.avg_sentiment ?? null,
			note: 'from −1 to +1',
			tone: 'plain'
		},
		reach: {
			id: 'reach',
			label: 'Reach',
			value: kpis ? formatCount(kpis.reach) : '—',
			raw: kpis?.reach ?? null,
			note: 'followers of authors',
			tone: 'plain'
		},
		latency_p50: {
			id: 'latency_p50',
			label: 'First reply · median',
			value: formatDuration(p50),
			raw: p50,
			note: kpis ? `${formatCount(kpis.responses)} replies` : '',
			tone: latencyTone(p50)
		},
		latency_p90: {
			id: 'latency_p90',
			label: 'First reply · slowest 10%',
			value: formatDuration(p90),
			raw: p90,
			note: 'target 1 h',
			tone: latencyTone(p90)
		},
		within_1h: {
			id: 'within_1h',
			label: 'Answered within 1 h',
			value: formatPercent(within, 0),
			raw: within,
			note: 'of replies',
			tone: within === null ? 'plain' : within >= 0.8 ? 'good' : 'warn'
		}
	};
}

const PANEL_FIGURES: Record<Exclude<PanelView, 'queue' | 'drivers'>, string[]> = {
	kpis: ['mentions', 'net_sentiment', 'negative_share', 'reach', 'latency_p50', 'within_1h'],
	volume: ['mentions', 'negative_share'],
	sentiment: ['net_sentiment', 'avg_sentiment', 'negative_share'],
	latency: ['latency_p50', 'latency_p90', 'within_1h']
};

export function panelFigures(
	view: Exclude<PanelView, 'queue' | 'drivers'>,
	kpis: Kpis | null,
	window: MetricsWindow
): Figure[] {
	const all = figures(kpis, window);
	return PANEL_FIGURES[view].map((id) => all[id]!);
}
