import { createHash } from 'node:crypto';
import type { SpikeInfo } from '../../metrics';
import { log } from '../log';
import { outboundFetchFor, STRICT_POLICY } from '../net/outbound';
import { backoffMs, buildPayload } from './deliver';
import type { AlertLogEntry, AlertOutcome, AlertRule, AlertStore, Webhook } from './store';

export interface AlertDispatcherOptions {
	now: () => number;
	fetch: typeof fetch;
	/** Attempts per delivery, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	timeoutMs: number;
	/** Rules and webhooks are re-read at most this often (admin edits show up within it). */
	definitionsTtlMs: number;
	/** How far back the delivery log is read at start to rebuild dedupe keys and cooldowns. */
	memoryMs: number;
}

const DEFAULTS: AlertDispatcherOptions = {
	now: Date.now,
	// Webhook URLs are user input: without a fetch of the caller's choosing, the SSRF guard applies.
	fetch: outboundFetchFor(STRICT_POLICY),
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	timeoutMs: 5000,
	definitionsTtlMs: 10_000,
	memoryMs: 7 * 86_400_000
};

function matches(rule: AlertRule, spike: SpikeInfo): boolean {
	if (rule.brand !== spike.brand) return false;
	if (rule.metric === 'any') return true;
	// Per-source spikes only match 'any': a rule on the brand's volume means the brand's total.
	return rule.metric === spike.metric && spike.source === null;
}

/**
 * Sends spike alerts to webhooks: one delivery per spike + rule + phase + webhook, ever. The key is taken
 * before the first await that follows the check, so a tick that re-sends the same transition (the filling
 * minute is revised every tick) or a retried tick finds it taken; keys settled in the log survive restarts.
 */
export class AlertDispatcher {
	readonly #options: AlertDispatcherOptions;
	readonly #taken = new Set<string>();
	/** rule id -> when it last opened an alert for a spike (cooldown). */
	readonly #lastOpened = new Map<string, number>();
	/** rule id -> spike ids it opened alerts for. */
	readonly #opened = new Map<string, Set<string>>();
	readonly #inFlight = new Set<Promise<void>>();
	/** Last delivery scheduled per spike + webhook. */
	readonly #lanes = new Map<string, Promise<void>>();
	#definitions: { rules: AlertRule[]; webhooks: Webhook[]; at: number } | null = null;
	#loading: Promise<{ rules: AlertRule[]; webhooks: Webhook[] }> | null = null;
	#stopped = false;

	constructor(
		private readonly store: AlertStore,
		options: Partial<AlertDispatcherOptions> = {}
	) {
		this.#options = { ...DEFAULTS, ...options };
	}

	async start(): Promise<void> {
		const { keys, lastOpened } = await this.store.settledSince(this.#options.now() - this.#options.memoryMs);
		for (const key of keys) {
			this.#taken.add(key);
			const [spikeId, ruleId, phase, webhookId] = key.split('|');
			if (spikeId && ruleId && phase && webhookId) this.#openedFor(ruleId).add(spikeId);
		}
		for (const [rule, at] of lastOpened) this.#lastOpened.set(rule, at);
	}

	/** Waits for deliveries in progress (their retries included). */
	async idle(): Promise<void> {
		while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		await this.idle();
	}

	/** Drops cached rules and webhooks, e.g. after an admin edit on this node. */
	invalidate(): void {
		this.#definitions = null;
	}

	#openedFor(ruleId: string): Set<string> {
		let set = this.#opened.get(ruleId);
		if (!set) this.#opened.set(ruleId, (set = new Set()));
		return set;
	}

	async #load(): Promise<{ rules: AlertRule[]; webhooks: Webhook[] }> {
		const now = this.#options.now();
		if (this.#definitions && now - this.#definitions.at < this.#options.definitionsTtlMs)
			return this.#definitions;
		this.#loading ??= Promise.all([this.store.listRules(), this.store.listWebhooks()])
			.then(([rules, webhooks]) => (this.#definitions = { rules, webhooks, at: this.#options.now() }))
			.finally(() => (this.#loading = null));
		return this.#loading;
	}

	/**
	 * Called with every spike transition and with every tick's update of a spike in progress (its severity may
	 * have crossed a rule's minimum since it opened). Returns once deliveries are scheduled, not sent.
	 */
	async consider(spike: SpikeInfo): Promise<void> {
		if (this.#stopped) return;
		const { rules, webhooks } = await this.#load();
		const now = this.#options.now();
		const suppressed: AlertLogEntry[] = [];
		for (const rule of rules) {
			if (!matches(rule, spike)) continue;
			const opened = this.#openedFor(rule.id);
			if (!opened.has(spike.id)) {
				// A rule opens on a spike still in progress that is severe enough, once per cooldown.
				if (spike.phase === 'resolved' || spike.severity < rule.min_severity) continue;
				const last = this.#lastOpened.get(rule.id);
				if (last !== undefined && now - last < rule.cooldown_s * 1000) {
					const key = `${spike.id}|${rule.id}|cooldown`;
					if (!this.#taken.has(key)) {
						this.#taken.add(key);
						suppressed.push(this.#entry(spike, rule, null, key, 0, 'suppressed', 0, 'cooldown'));
					}
					continue;
				}
				opened.add(spike.id);
				this.#lastOpened.set(rule.id, now);
			}
			for (const webhook of webhooks) {
				if (webhook.brands.length > 0 && !webhook.brands.includes(spike.brand)) continue;
				const key = `${spike.id}|${rule.id}|${spike.phase}|${webhook.id}`;
				if (this.#taken.has(key)) continue;
				this.#taken.add(key);
				// Phases of one spike reach a webhook in order: a peak must not overtake a forming still retrying.
				const lane = `${spike.id}|${webhook.id}`;
				const before = this.#lanes.get(lane) ?? Promise.resolve();
				const snapshot = { ...spike };
				const delivery: Promise<void> = before
					.then(() => this.#deliver(webhook, rule, snapshot, key))
					.finally(() => {
						this.#inFlight.delete(delivery);
						if (this.#lanes.get(lane) === delivery) this.#lanes.delete(lane);
					});
				this.#lanes.set(lane, delivery);
				this.#inFlight.add(delivery);
			}
		}
		if (suppressed.length)
			await this.store.log(suppressed).catch((err: unknown) => log.error({ err }, 'alert log'));
	}

	#entry(
		spike: SpikeInfo,
		rule: AlertRule,
		webhook: Webhook | null,
		key: string,
		attempt: number,
		outcome: AlertOutcome,
		status: number,
		error: string
	): AlertLogEntry {
		return {
			brand: spike.brand,
			at: this.#options.now(),
			dedupe_key: key,
			spike_id: spike.id,
			rule_id: rule.id,
			webhook_id: webhook?.id ?? '',
			phase: spike.phase,
			attempt,
			outcome,
			status,
			error: error.slice(0, 500)
		};
	}

	async #deliver(webhook: Webhook, rule: AlertRule, spike: SpikeInfo, key: string): Promise<void> {
		const deliveryId = createHash('sha256').update(key).digest('hex').slice(0, 32);
		const { maxAttempts, baseDelayMs, maxDelayMs, timeoutMs } = this.#options;
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			// Signed per attempt: the timestamp must be fresh for the receiver's replay window.
			const payload = buildPayload(webhook, rule, spike, deliveryId, this.#options.now());
			let status = 0;
			let error = '';
			try {
				const response = await this.#options.fetch(webhook.url, {
					method: 'POST',
					headers: payload.headers,
					body: payload.body,
					signal: AbortSignal.timeout(timeoutMs),
					redirect: 'error'
				});
				status = response.status;
				await response.body?.cancel();
			} catch (err) {
				error = err instanceof Error ? err.message : String(err);
			}
			const ok = status >= 200 && status < 300;
			// A 4xx other than timeout/rate limit will not get better by asking again.
			const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
			const last = attempt === maxAttempts || permanent || this.#stopped;
			const outcome: AlertOutcome = ok ? 'delivered' : permanent ? 'rejected' : last ? 'gave_up' : 'failed';
			await this.store
				.log([this.#entry(spike, rule, webhook, key, attempt, outcome, status, error)])
				.catch((err: unknown) => log.error({ err }, 'alert log write failed'));
			if (ok || last) return;
			await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, baseDelayMs, maxDelayMs)));
		}
	}
}
