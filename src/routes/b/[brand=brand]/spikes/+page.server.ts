import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { parseDrivers, parseSpikeList, type WallDrivers, type WallSpike } from '$lib/wall/spike-data';
import type { Actions, PageServerLoad } from './$types';

/** Ranges the page offers; the URL's `from`/`to` (ISO or epoch ms) override them for a permalink. */
const SPIKE_RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
type RangeName = keyof typeof SPIKE_RANGES;
/** Drivers are computed on demand for unresolved spikes; more than this many at once would stall the page. */
const MAX_DRIVERS = 12;
const DRIVER_CONCURRENCY = 3;

const noteSchema = z.looseObject({
	id: z.string(),
	brand: z.string(),
	at: z.number(),
	text: z.string(),
	author: z.string().catch(''),
	created_at: z.number().catch(0)
});
export type SpikePageNote = z.output<typeof noteSchema>;

const timeParam = (value: string | null): number | null => {
	if (!value) return null;
	const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
	return Number.isFinite(ms) ? ms : null;
};

async function apiMessage(response: Response): Promise<string> {
	try {
		const body = (await response.json()) as { error?: { field?: string; message?: string } };
		if (body.error?.message) return `${body.error.field ? `${body.error.field}: ` : ''}${body.error.message}`;
	} catch {
		// not JSON: fall through to the status text
	}
	return `${response.status} ${response.statusText}`.trim();
}

/** Runs `task` over `items` with at most `limit` in flight, keeping order. */
async function mapLimited<T, R>(
	items: readonly T[],
	limit: number,
	task: (item: T) => Promise<R>
): Promise<R[]> {
	const results: R[] = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index]!);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

/**
 * Reads go through the public API (`/api/v1/spikes`, its drivers, `/api/v1/annotations`) with the session's
 * cookie, so this page sees exactly what a key with the same rights would, and follows the API as it grows.
 */
export const load: PageServerLoad = async ({ fetch, params, url }) => {
	const now = Date.now();
	const requested = url.searchParams.get('range');
	const range: RangeName = requested && requested in SPIKE_RANGES ? (requested as RangeName) : '7d';
	const to = timeParam(url.searchParams.get('to')) ?? now;
	const from = timeParam(url.searchParams.get('from')) ?? to - SPIKE_RANGES[range];
	if (!(from < to)) error(400, { message: 'from must be before to' });
	const brand = params.brand;
	const query = `brand=${encodeURIComponent(brand)}&from=${from}&to=${to}`;

	const [spikesResponse, notesResponse] = await Promise.all([
		fetch(`/api/v1/spikes?${query}`),
		fetch(`/api/v1/annotations?${query}`)
	]);
	if (!spikesResponse.ok) error(spikesResponse.status, { message: await apiMessage(spikesResponse) });
	const spikes: WallSpike[] = (parseSpikeList(await spikesResponse.json()) ?? []).sort(
		(a, b) => b.started_at - a.started_at
	);
	const notesBody: unknown = notesResponse.ok ? await notesResponse.json() : null;
	const notesParsed = z.object({ annotations: z.array(z.unknown()) }).safeParse(notesBody);
	const notes: SpikePageNote[] = (notesParsed.success ? notesParsed.data.annotations : [])
		.flatMap((raw) => {
			const note = noteSchema.safeParse(raw);
			return note.success ? [note.data] : [];
		})
		.sort((a, b) => b.at - a.at);

	// Streamed: the list shows at once and each spike's drivers fill in as they are computed.
	const drivers: Promise<Record<string, WallDrivers | null>> = mapLimited(
		spikes.slice(0, MAX_DRIVERS),
		DRIVER_CONCURRENCY,
		async (spike) => {
			try {
				const response = await fetch(`/api/v1/spikes/${encodeURIComponent(spike.id)}/drivers`);
				return [
					spike.id,
					response.ok ? (parseDrivers(await response.json())?.drivers ?? null) : null
				] as const;
			} catch {
				return [spike.id, null] as const;
			}
		}
	).then((entries) => Object.fromEntries(entries));

	return {
		range: url.searchParams.has('from') ? null : range,
		ranges: Object.keys(SPIKE_RANGES) as RangeName[],
		from,
		to,
		now,
		spikes,
		notes,
		notesError: notesResponse.ok ? null : await apiMessage(notesResponse),
		drivers
	};
};

const addSchema = z.object({
	at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'pick a date and time'),
	text: z.string().trim().min(1, 'write a note').max(2000, 'at most 2,000 characters')
});

export const actions: Actions = {
	/** Adds an analyst note; the time is entered in UTC, as the page says next to the field. */
	addNote: async ({ fetch, params, request }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = addSchema.safeParse(form);
		if (!parsed.success) {
			return fail(400, {
				action: 'addNote',
				error: parsed.error.issues[0]!.message,
				text: String(form.text ?? '')
			});
		}
		const response = await fetch('/api/v1/annotations', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ brand: params.brand, at: `${parsed.data.at}:00Z`, text: parsed.data.text })
		});
		if (!response.ok) {
			return fail(response.status, {
				action: 'addNote',
				error: await apiMessage(response),
				text: parsed.data.text
			});
		}
		return { action: 'addNote', added: true };
	},

	deleteNote: async ({ fetch, request }) => {
		const id = z
			.string()
			.min(1)
			.max(200)
			.safeParse((await request.formData()).get('id'));
		if (!id.success) return fail(400, { action: 'deleteNote', error: 'no note given' });
		const response = await fetch(`/api/v1/annotations/${encodeURIComponent(id.data)}`, { method: 'DELETE' });
		if (!response.ok)
			return fail(response.status, { action: 'deleteNote', error: await apiMessage(response) });
		return { action: 'deleteNote', deleted: id.data };
	}
};
