/**
 * Re-score stored mentions with the current sentiment engine after an upgrade; the rollups follow:
 *   npm run rescore -- --brand B --from 2026-11-01T00:00:00Z --to 2026-11-08T00:00:00Z
 * Only mentions scored by another engine version are touched, so a second run does nothing. The embedded
 * store belongs to one process: stop the server first (the data-directory lock says so if you forget).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseConfig } from '../lib/server/config';
import { openClickHouse } from '../lib/server/db/client';
import { migrate } from '../lib/server/db/migrate';
import { acquireDataDirLock, DataDirLockedError } from '../lib/server/import/lock';
import { brandSchema } from '../lib/server/ingest/schema';
import { rescoreRange } from '../lib/server/rescore';
import { SENTIMENT_ENGINE_VERSION } from '../lib/server/sentiment';

const argsSchema = z
	.object({
		brand: brandSchema,
		from: z.iso.datetime({ offset: true }),
		to: z.iso.datetime({ offset: true })
	})
	.refine((args) => Date.parse(args.to) > Date.parse(args.from), {
		message: 'must be after --from',
		path: ['to']
	});

const { values } = parseArgs({
	options: { brand: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } }
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
	const issue = parsed.error.issues[0]!;
	console.error(`rescore: --${issue.path.join('.')} ${issue.message}`);
	console.error('usage: npm run rescore -- --brand B --from ISO --to ISO');
	process.exit(2);
}

const config = parseConfig();
let lock: { release(): void } | null = null;
if (!config.CLICKHOUSE_URL) {
	try {
		lock = acquireDataDirLock(config.dataDir, 'rescore');
	} catch (error) {
		if (error instanceof DataDirLockedError) {
			console.error(`rescore: ${error.message}`);
			process.exit(3);
		}
		throw error;
	}
}
const client = await openClickHouse(config);
try {
	await migrate(client);
	const rescored = await rescoreRange(client, {
		brand: parsed.data.brand,
		from: new Date(parsed.data.from),
		to: new Date(parsed.data.to),
		onProgress: (count) => process.stderr.write(`\rre-scored ${count}`)
	});
	process.stderr.write('\n');
	console.log(JSON.stringify({ rescored, engine: SENTIMENT_ENGINE_VERSION }));
} finally {
	await client.close();
	lock?.release();
}
