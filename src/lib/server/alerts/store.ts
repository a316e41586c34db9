import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { brandSchema } from '../ingest/schema';

export const ALERT_METRICS = ['volume', 'negative_share', 'avg_sentiment', 'any'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
export const WEBHOOK_KINDS = ['slack', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export const createRuleSchema = z.strictObject({
	brand: brandSchema,
	/** 'any' also matches per-source volume spikes. */
	metric: z.enum(ALERT_METRICS),
	min_severity: z.number().finite().min(0).max(1000).default(4),
	cooldown_s: z
		.number()
		.int()
		.min(0)
		.max(7 * 86_400)
		.default(3600)
});
export type CreateRule = z.infer<typeof createRuleSchema>;

export const createWebhookSchema = z.strictObject({
	url: z.url({ protocol: /^https?$/ }).max(2000),
	kind: z.enum(WEBHOOK_KINDS),
	/** Signs generic deliveries; generated when left out (and shown once, in the answer). */
	secret: z.string().min(16).max(200).optional(),
	/** Brands whose alerts go here; empty or missing means all. */
	brands: z.array(brandSchema).max(1000).default([])
});
export type CreateWebhook = z.infer<typeof createWebhookSchema>;

export interface AlertRule {
	id: string;
	brand: string;
	metric: AlertMetric;
	min_severity: number;
	cooldown_s: number;
	created_at: number;
}

export interface Webhook {
	id: string;
	url: string;
	kind: WebhookKind;
	secret: string;
	brands: string[];
	created_at: number;
}

export type AlertOutcome = 'delivered' | 'failed' | 'gave_up' | 'rejected' | 'suppressed';

export interface AlertLogEntry {
	brand: string;
	at: number;
	dedupe_key: string;
	spike_id: string;
	rule_id: string;
	webhook_id: string;
	phase: string;
	attempt: number;
	outcome: AlertOutcome;
	status: number;
	error: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const newId = () => randomBytes(8).toString('hex');

/** Alert rules, webhooks and the delivery log. Definitions are versioned rows (ReplacingMergeTree, FINAL). */
export class AlertStore {
	constructor(private readonly client: ClickHouseClient) {}

	async listRules(brand?: string): Promise<AlertRule[]> {
		const result = await this.client.query({
			query: `SELECT id, brand, metric, min_severity, cooldown_s, toUnixTimestamp64Milli(created_at) AS created_at
				FROM alert_rules FINAL WHERE deleted = 0 ${brand ? 'AND brand = {brand:String}' : ''} ORDER BY brand, id`,
			query_params: { brand: brand ?? '' },
			format: 'JSONEachRow'
		});
		return (await result.json<AlertRule>()).map((r) => ({
			...r,
			min_severity: Number(r.min_severity),
			cooldown_s: Number(r.cooldown_s),
			created_at: Number(r.created_at)
		}));
	}

	async createRule(input: CreateRule): Promise<AlertRule> {
		const rule: AlertRule = { id: newId(), created_at: Date.now(), ...input };
		await this.#writeRule(rule, false);
		return rule;
	}

	async #writeRule(rule: AlertRule, deleted: boolean) {
		await this.client.insert({
			table: 'alert_rules',
			format: 'JSONEachRow',
			values: [
				{ ...rule, created_at: iso(rule.created_at), deleted: deleted ? 1 : 0, updated_at: iso(Date.now()) }
			]
		});
	}

	async deleteRule(id: string): Promise<boolean> {
		const rule = (await this.listRules()).find((r) => r.id === id);
		if (!rule) return false;
		await this.#writeRule(rule, true);
		return true;
	}

	async listWebhooks(): Promise<Webhook[]> {
		const result = await this.client.query({
			query: `SELECT id, url, kind, secret, brands, toUnixTimestamp64Milli(created_at) AS created_at
				FROM webhooks FINAL WHERE deleted = 0 ORDER BY id`,
			format: 'JSONEachRow'
		});
		return (await result.json<Webhook>()).map((w) => ({ ...w, created_at: Number(w.created_at) }));
	}

	async createWebhook(input: CreateWebhook): Promise<Webhook> {
		const webhook: Webhook = {
			id: newId(),
			url: input.url,
			kind: input.kind,
			secret: input.secret ?? randomBytes(24).toString('base64url'),
			brands: input.brands,
			created_at: Date.now()
		};
		await this.#writeWebhook(webhook, false);
		return webhook;
	}

	async #writeWebhook(webhook: Webhook, deleted: boolean) {
		await this.client.insert({
			table: 'webhooks',
			format: 'JSONEachRow',
			values: [
				{
					...webhook,
					created_at: iso(webhook.created_at),
					deleted: deleted ? 1 : 0,
					updated_at: iso(Date.now())
				}
			]
		});
	}

	async deleteWebhook(id: string): Promise<boolean> {
		const webhook = (await this.listWebhooks()).find((w) => w.id === id);
		if (!webhook) return false;
		await this.#writeWebhook(webhook, true);
		return true;
	}

	async log(entries: readonly AlertLogEntry[]): Promise<void> {
		if (entries.length === 0) return;
		await this.client.insert({
			table: 'alert_log',
			format: 'JSONEachRow',
			values: entries.map((e) => ({ ...e, at: iso(e.at) }))
		});
	}

	async listLog(options: {
		brand?: string;
		from: number;
		to: number;
		limit: number;
	}): Promise<AlertLogEntry[]> {
		const result = await this.client.query({
			query: `SELECT brand, toUnixTimestamp64Milli(at) AS at_ms, dedupe_key, spike_id, rule_id, webhook_id, phase,
					attempt, outcome, status, error
				FROM alert_log
				WHERE ${options.brand ? 'brand = {brand:String} AND' : ''}
					at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
				ORDER BY at DESC LIMIT {limit:UInt32}`,
			query_params: { brand: options.brand ?? '', from: options.from, to: options.to, limit: options.limit },
			format: 'JSONEachRow'
		});
		// Read as at_ms: an alias named like the column would shadow it in the WHERE clause.
		return (await result.json<Omit<AlertLogEntry, 'at'> & { at_ms: number }>()).map(({ at_ms, ...e }) => ({
			...e,
			at: Number(at_ms),
			attempt: Number(e.attempt),
			status: Number(e.status)
		}));
	}

	/**
	 * What was settled since `from`: keys that must never be sent again (delivered, given up, refused or
	 * suppressed) and, per rule, when it last opened an alert (for cooldowns across restarts).
	 */
	async settledSince(from: number): Promise<{ keys: Set<string>; lastOpened: Map<string, number> }> {
		const result = await this.client.query({
			query: `SELECT dedupe_key, rule_id, toUnixTimestamp64Milli(max(at)) AS last_at,
					groupUniqArray(toString(outcome)) AS outcomes
				FROM alert_log
				WHERE at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND outcome != 'failed'
				GROUP BY dedupe_key, rule_id`,
			query_params: { from },
			format: 'JSONEachRow'
		});
		const rows = await result.json<{
			dedupe_key: string;
			rule_id: string;
			last_at: number;
			outcomes: string[];
		}>();
		const keys = new Set<string>();
		const lastOpened = new Map<string, number>();
		for (const row of rows) {
			keys.add(row.dedupe_key);
			if (row.outcomes.includes('delivered'))
				lastOpened.set(row.rule_id, Math.max(lastOpened.get(row.rule_id) ?? 0, Number(row.last_at)));
		}
		return { keys, lastOpened };
	}
}
