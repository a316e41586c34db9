import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './db/tables';
import { log } from './log';

export interface AuditEntry {
	/** The principal id (`master`, a key id, `board:…`) or `anonymous`. */
	actor: string;
	action: string;
	target?: string;
	ip?: string;
	outcome: 'ok' | 'denied' | 'failed';
	detail?: string;
}

/**
 * Admin actions and logins, written as they happen (they are rare, so no buffer). A failed audit write
 * is logged, never thrown: it must not turn a revocation into an error after the fact.
 */
export async function audit(client: ClickHouseClient, entry: AuditEntry): Promise<void> {
	try {
		await client.insert({
			table: TABLES.auditLog,
			values: [{ target: '', ip: '', detail: '', ...entry }],
			format: 'JSONEachRow'
		});
	} catch (error) {
		log.error({ err: error, entry }, 'audit write failed');
	}
}

export interface AuditRow extends Required<AuditEntry> {
	at: string;
}

export async function readAudit(
	client: ClickHouseClient,
	range: { from: Date; to: Date; limit: number }
): Promise<AuditRow[]> {
	const result = await client.query({
		query: `SELECT at, actor, action, target, ip, outcome, detail FROM ${TABLES.auditLog}
			WHERE at >= {from:DateTime64(3)} AND at < {to:DateTime64(3)} ORDER BY at DESC LIMIT {limit:UInt32}`,
		query_params: { from: range.from.getTime() / 1000, to: range.to.getTime() / 1000, limit: range.limit },
		format: 'JSONEachRow'
	});
	return result.json<AuditRow>();
}
