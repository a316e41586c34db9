import { json } from '@sveltejs/kit';
import { runningBrandpulse } from '$lib/server/app';
import type { RequestHandler } from './$types';

/** Open to all: 200 once the database is migrated and the app is serving, 503 before. */
export const GET: RequestHandler = async () => {
	const starting = runningBrandpulse();
	const app = starting
		? await Promise.race([starting, new Promise<null>((r) => setTimeout(() => r(null), 2000))]).catch(
				() => null
			)
		: null;
	if (!app) return json({ status: 'starting' }, { status: 503 });
	return json({ status: 'ok', views: app.hub?.viewCount ?? 0, buffered: app.pipeline.mentions.bufferedRows });
};
