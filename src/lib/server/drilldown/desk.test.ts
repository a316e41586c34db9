import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Principal } from '../auth/principal';
import { IngestPipeline } from '../ingest/pipeline';
import { buildSnapshot } from '../realtime/snapshot';
import { generateMentions } from '../simulator';
import { openTestClickHouse } from '../testing/clickhouse';
import { latencyDistribution, latencyQuerySchema } from './latency';
import { parseQuery } from './params';
import { answerMention, queueQuerySchema, responseQueue, type QueueRow } from './queue';
import { defaultSettings, getBrandSettings, putBrandSettings } from './settings';
import { GET as getQueue } from '../../../routes/api/v1/queue/+server';
import { POST as postAnswer } from '../../../routes/api/v1/mentions/[id]/answer/+server';

let db: Awaited<ReturnType<typeof openTestClickHouse>>;
let client: ClickHouseClient;
let pipeline: IngestPipeline;
const NOW = Date.now();
const BRAND = 'deskco';

const mention = (id: string, minutesAgo: number, text: string, followers: number, brand = BRAND) => ({
	id,
	brand,
	source: 'twitter',
	text,
	created_at: new Date(NOW - minutesAgo * 60_000).toISOString(),
	author_followers: followers
});

beforeAll(async () => {
	db = await openTestClickHouse();
	client = db.client;
	pipeline = new IngestPipeline(client, { flushRows: 5000, flushIntervalMs: 20 });
	const background = generateMentions(1500, { seed: 9, fromMs: NOW - 3 * 86_400_000, toMs: NOW - 60_000 });
	await pipeline.ingestMentions(background.map((item) => ({ ...item, brand: BRAND })));
	await pipeline.ingestMentions([
		mention('angry-big', 10, 'This is awful, terrible service, I hate it, worst airline ever', 2_000_000),
		mention('calm-small', 10, 'I love it, great service, thank you', 10),
		mention('angry-old', 8 * 24 * 60, 'This is awful, terrible service, I hate it', 2_000_000)
	]);
}, 120_000);
afterAll(async () => {
	await pipeline.close();
	await db.close();
});

const queue = (params: Record<string, string>, now = NOW) =>
	responseQueue(client, parseQuery(queueQuerySchema, new URLSearchParams(params)), now);

async function wholeQueue(): Promise<QueueRow[]> {
	const rows: QueueRow[] = [];
	let cursor: string | null = null;
	for (;;) {
		const page = await queue(
			cursor ? { brand: BRAND, limit: '200', cursor } : { brand: BRAND, limit: '200' }
		);
		rows.push(...page.rows);
		if (!page.next_cursor) return rows;
		cursor = page.next_cursor;
	}
}

describe('response queue', () => {
	it('lists unanswered mentions of the last 7 days, most urgent first, each once', async () => {
		const first = await queue({ brand: BRAND, limit: '20' });
		const all = await wholeQueue();
		const big = all.find((row) => row.id === 'angry-big')!;
		expect(big.seconds_left).toBe(50 * 60);
		expect(Date.parse(big.due_at) - Date.parse(big.created_at)).toBe(3_600_000);
		const expected = Math.log10(1 + 2_000_000) + 3 * (-big.score + 1) + (1.5 * 10) / 60;
		expect(big.urgency).toBeCloseTo(expected, 5);
		expect(all.indexOf(big)).toBeLessThan(all.findIndex((row) => row.id === 'calm-small'));
		expect(all.length).toBe(first.unanswered);
		expect(new Set(all.map((row) => row.id)).size).toBe(all.length);
		expect(all.some((row) => row.id === 'angry-old')).toBe(false);
		const urgencies = all.map((row) => row.urgency);
		expect(urgencies).toEqual([...urgencies].sort((a, b) => b - a));
		expect(all.findIndex((row) => row.id === 'calm-small')).toBeGreaterThan(0);
		expect(first.overdue).toBe(all.filter((row) => row.seconds_left < 0).length);
	});

	it('answering removes the mention from the queue and moves the latency KPI', async () => {
		const before = await buildSnapshot(client, BRAND, '7d');
		expect(before.kpis.latency_p50_s).toBeNull();
		const report = await answerMention(pipeline, 'angry-big', { brand: BRAND, agent: 'sam' }, null);
		expect(report).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
		const after = await buildSnapshot(client, BRAND, '7d');
		expect(after.kpis.responses).toBe(1);
		expect(after.kpis.latency_p50_s).toBeGreaterThanOrEqual(600);
		expect(after.kpis.latency_p50_s).toBeLessThan(700);
		const page = await queue({ brand: BRAND, limit: '5' }, Date.now());
		expect(page.rows.map((row) => row.id)).not.toContain('angry-big');
		expect(await answerMention(pipeline, 'angry-big', { brand: BRAND }, null)).toMatchObject({
			duplicates: 1
		});
	});

	it('refuses a tampered or foreign queue cursor', async () => {
		const page = await queue({ brand: BRAND, limit: '3' });
		await expect(
			queue({ brand: BRAND, limit: '3', cursor: page.next_cursor!.slice(2) })
		).rejects.toMatchObject({ status: 400, field: 'cursor' });
		await expect(queue({ brand: 'other', limit: '3', cursor: page.next_cursor! })).rejects.toMatchObject({
			status: 400,
			field: 'cursor'
		});
	});
});

describe('queue and answer routes', () => {
	const reader: Principal = { id: 'k1', kind: 'api_key', scopes: ['read'], brands: [BRAND] };
	const outsider: Principal = { id: 'k2', kind: 'api_key', scopes: ['admin'], brands: ['someone-else'] };
	const event = (url: string, principal: Principal | null, init: RequestInit = {}, params = {}) =>
		({
			url: new URL(url, 'http://localhost'),
			request: new Request(new URL(url, 'http://localhost'), init),
			locals: { app: { client, pipeline, config: { BRANDPULSE_MAX_BUFFERED_ROWS: 200_000 } }, principal },
			params
		}) as never;

	it('GET /api/v1/queue checks scope, brand and parameters', async () => {
		const ok = await getQueue(event(`/api/v1/queue?brand=${BRAND}&limit=2`, reader));
		expect(ok.status).toBe(200);
		expect(((await ok.json()) as { rows: unknown[] }).rows).toHaveLength(2);
		expect((await getQueue(event(`/api/v1/queue?brand=${BRAND}`, null))).status).toBe(401);
		const hidden = await getQueue(event(`/api/v1/queue?brand=${BRAND}`, outsider));
		expect(hidden.status).toBe(403);
		const unknown = await getQueue(event(`/api/v1/queue?brand=${BRAND}&x=1`, reader));
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toEqual({ error: { field: 'x', message: 'is not a known parameter' } });
		const big = await getQueue(event(`/api/v1/queue?brand=${BRAND}&limit=9999`, reader));
		expect(((await big.json()) as { error: { field: string } }).error.field).toBe('limit');
	});

	it('POST /api/v1/mentions/{id}/answer needs ingest scope and a known mention', async () => {
		const body = (value: unknown) => ({
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(value)
		});
		const denied = await postAnswer(
			event('/api/v1/mentions/calm-small/answer', reader, body({ brand: BRAND }), { id: 'calm-small' })
		);
		expect(denied.status).toBe(403);
		const ingest: Principal = { ...reader, scopes: ['ingest'] };
		const unknown = await postAnswer(
			event('/api/v1/mentions/nope/answer', ingest, body({ brand: BRAND }), { id: 'nope' })
		);
		expect(unknown.status).toBe(422);
		const extra = await postAnswer(
			event('/api/v1/mentions/calm-small/answer', ingest, body({ brand: BRAND, mood: 1 }), {
				id: 'calm-small'
			})
		);
		expect(await extra.json()).toEqual({ error: { field: 'mood', message: 'is not a known field' } });
		const done = await postAnswer(
			event('/api/v1/mentions/calm-small/answer', ingest, body({ brand: BRAND, channel: 'dm' }), {
				id: 'calm-small'
			})
		);
		expect(await done.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
	});
});

describe('brand settings and latency', () => {
	const LAT = 'latco';
	// Monday 16 Nov 2026: 10:00 and 22:00 in Berlin (UTC+1).
	const inHours = Date.parse('2026-11-16T09:00:00Z');
	const outside = Date.parse('2026-11-16T21:00:00Z');

	it('stores settings, newest write winning, with defaults before any', async () => {
		expect(await getBrandSettings(client, LAT)).toEqual(defaultSettings(LAT));
		await putBrandSettings(client, LAT, { timezone: 'UTC', business_hours: [] });
		const saved = await putBrandSettings(client, LAT, {
			timezone: 'Europe/Berlin',
			business_hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open_minute: 540, close_minute: 1020 }))
		});
		expect(saved.timezone).toBe('Europe/Berlin');
		expect(saved.business_hours).toHaveLength(5);
		expect(saved.updated_at).not.toBeNull();
	});

	it('gives histograms and p50/p90 per channel and per local hour, split by business hours', async () => {
		const make = (id: string, at: number) => ({
			id,
			brand: LAT,
			source: 'twitter',
			text: 'where is my bag',
			created_at: new Date(at).toISOString()
		});
		await pipeline.ingestMentions([make('l1', inHours), make('l2', inHours), make('l3', outside)]);
		const reply = (id: string, at: number, seconds: number, channel: string) => ({
			mention_id: id,
			brand: LAT,
			responded_at: new Date(at + seconds * 1000).toISOString(),
			channel
		});
		expect(
			await pipeline.ingestResponses([
				reply('l1', inHours, 120, 'twitter'),
				reply('l2', inHours, 600, 'twitter'),
				reply('l3', outside, 7200, 'email')
			])
		).toMatchObject({ accepted: 3 });
		const window = { brand: LAT, from: '2026-11-16T00:00:00Z', to: '2026-11-18T00:00:00Z' };
		const byChannel = await latencyDistribution(
			client,
			parseQuery(latencyQuerySchema, new URLSearchParams({ ...window, by: 'channel' }))
		);
		expect(byChannel.timezone).toBe('Europe/Berlin');
		const twitter = byChannel.groups.find((group) => group.key === 'twitter')!;
		expect(twitter.responses).toBe(2);
		expect(twitter.histogram.slice(0, 3)).toEqual([0, 1, 1]);
		expect(twitter.in_business_hours.responses).toBe(2);
		expect(twitter.outside_business_hours.responses).toBe(0);
		const email = byChannel.groups.find((group) => group.key === 'email')!;
		expect(email).toMatchObject({ responses: 1, p50_s: 7200, p90_s: 7200 });
		expect(email.outside_business_hours.responses).toBe(1);
		expect(email.histogram[5]).toBe(0);
		expect(email.histogram[6]).toBe(1);
		const byHour = await latencyDistribution(
			client,
			parseQuery(latencyQuerySchema, new URLSearchParams({ ...window, by: 'hour' }))
		);
		expect(byHour.groups.map((group) => [group.key, group.responses])).toEqual([
			['10', 2],
			['22', 1]
		]);
	});
});
