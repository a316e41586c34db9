import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SpikeInfo } from '../../metrics';
import type { AlertRule, Webhook } from './store';

export const SIGNATURE_HEADER = 'x-brandpulse-signature';
export const TIMESTAMP_HEADER = 'x-brandpulse-timestamp';
export const DELIVERY_HEADER = 'x-brandpulse-delivery';

/**
 * HMAC-SHA256 over `${timestamp}.${body}`: the timestamp is part of what is signed, so a captured delivery
 * cannot be replayed later with a fresh timestamp; receivers reject timestamps older than a few minutes.
 */
export function signBody(secret: string, timestamp: string, body: string): string {
	return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Constant-time check for receivers (and tests). `toleranceS` bounds the timestamp's age. */
export function verifySignature(
	secret: string,
	headers: { signature: string | undefined; timestamp: string | undefined },
	body: string,
	nowMs = Date.now(),
	toleranceS = 300
): boolean {
	const { signature, timestamp } = headers;
	if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
	if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceS) return false;
	const expected = Buffer.from(signBody(secret, timestamp, body));
	const given = Buffer.from(signature);
	return expected.length === given.length && timingSafeEqual(expected, given);
}

const METRIC_TEXT: Record<SpikeInfo['metric'], string> = {
	volume: 'mention volume',
	negative_share: 'negative share',
	avg_sentiment: 'average sentiment'
};

function formatValue(spike: SpikeInfo, value: number): string {
	if (spike.metric === 'volume') return `${Math.round(value)}/min`;
	if (spike.metric === 'negative_share') return `${Math.round(value * 100)}%`;
	return value.toFixed(2);
}

export interface AlertPayload {
	body: string;
	headers: Record<string, string>;
}

export function alertText(spike: SpikeInfo): string {
	const what = METRIC_TEXT[spike.metric] + (spike.source ? ` on ${spike.source}` : '');
	const verb =
		spike.phase === 'forming' ? 'is spiking' : spike.phase === 'peak' ? 'peaked' : 'is back to normal';
	return (
		`${spike.brand}: ${what} ${verb} — ${spike.severity.toFixed(1)}σ ${spike.direction === 'up' ? 'above' : 'below'} ` +
		`expected (${formatValue(spike, spike.peak_value)} vs ${formatValue(spike, spike.peak_expected)})`
	);
}

/** The request body and headers for one delivery; `deliveryId` lets a receiver drop a duplicate. */
export function buildPayload(
	webhook: Webhook,
	rule: AlertRule,
	spike: SpikeInfo,
	deliveryId: string,
	nowMs: number
): AlertPayload {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		[DELIVERY_HEADER]: deliveryId
	};
	if (webhook.kind === 'slack') {
		const text = alertText(spike);
		const body = JSON.stringify({
			text,
			blocks: [
				{ type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
				{
					type: 'context',
					elements: [
						{
							type: 'mrkdwn',
							text: `started ${new Date(spike.started_at).toISOString()} · peak ${new Date(spike.peak_at).toISOString()} · spike ${spike.id}`
						}
					]
				}
			]
		});
		return { body, headers };
	}
	const body = JSON.stringify({
		type: 'spike',
		delivery_id: deliveryId,
		phase: spike.phase,
		brand: spike.brand,
		rule: { id: rule.id, metric: rule.metric, min_severity: rule.min_severity },
		spike,
		text: alertText(spike),
		sent_at: nowMs
	});
	const timestamp = String(Math.floor(nowMs / 1000));
	headers[TIMESTAMP_HEADER] = timestamp;
	headers[SIGNATURE_HEADER] = signBody(webhook.secret, timestamp, body);
	return { body, headers };
}

/** Exponential backoff with "equal jitter": never less than half the step, so retries do not bunch at zero. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
	const step = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
	return step / 2 + random() * (step / 2);
}
