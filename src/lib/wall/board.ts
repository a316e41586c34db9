/**
 * What a wall board is, shared by the admin API (which validates it on the way in), the store (which
 * validates it again on the way out of the database) and the wall page (which shows it).
 */
import { z } from 'zod';
import { BRAND_PATTERN, WINDOWS } from '../metrics';

export const PANEL_VIEWS = ['kpis', 'volume', 'sentiment', 'latency', 'queue', 'drivers'] as const;
export type PanelView = (typeof PANEL_VIEWS)[number];

/** Board ids are slugs: they appear in the wall URL and the cookie path. */
export const BOARD_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const boardIdSchema = z
	.string()
	.regex(BOARD_ID_PATTERN, 'must be a lower-case slug: a-z, 0-9 or "-", at most 64 characters');

export const panelSchema = z.strictObject({
	brand: z.string().regex(BRAND_PATTERN, 'must be a brand slug'),
	view: z.enum(PANEL_VIEWS),
	/** The metrics window the panel's figures cover. */
	window: z.enum(WINDOWS).default('1h')
});
export type Panel = z.output<typeof panelSchema>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** When people are on the floor; outside these hours the screen dims. Days are ISO (1 = Monday). */
export const officeHoursSchema = z
	.strictObject({
		timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
		days: z
			.array(z.number().int().min(1).max(7))
			.min(1)
			.max(7)
			.transform((days) => [...new Set(days)].sort()),
		start: clockTime,
		end: clockTime
	})
	.refine((hours) => hours.start !== hours.end, { message: 'start and end must differ', path: ['end'] });
export type OfficeHours = z.output<typeof officeHoursSchema>;

/** Seconds each panel stays up: long enough to read, short enough that the playlist comes round. */
export const MIN_ROTATE_SECONDS = 5;
export const MAX_ROTATE_SECONDS = 3600;
export const MAX_PANELS = 24;

/** A board as the admin API takes it (POST; PUT takes the same without `id`). */
export const boardInputSchema = z.strictObject({
	id: boardIdSchema,
	name: z.string().trim().min(1).max(100),
	panels: z.array(panelSchema).min(1).max(MAX_PANELS),
	rotate_seconds: z.number().int().min(MIN_ROTATE_SECONDS).max(MAX_ROTATE_SECONDS).default(20),
	office_hours: officeHoursSchema.nullable().default(null)
});
export const boardUpdateSchema = boardInputSchema.omit({ id: true });
export type BoardInput = z.output<typeof boardInputSchema>;

export interface Board extends BoardInput {
	/** Last change, ISO 8601. */
	updated_at: string;
}

/** The brands a board shows: all a token for it may read. */
export function boardBrands(board: Pick<Board, 'panels'>): string[] {
	return [...new Set(board.panels.map((panel) => panel.brand))].sort();
}
