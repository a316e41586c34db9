/**
 * What the wall page gets from its server: the board, whether this screen may show it, and a short-lived
 * ticket for the socket and the read API (the board's cookie is scoped to the wall's own path).
 */
import { z } from 'zod';
import { boardInputSchema, type Board } from './board';

export const WALL_ACCESS = ['ok', 'revoked', 'gone', 'invalid', 'missing'] as const;
export type WallAccess = (typeof WALL_ACCESS)[number];

export type WallState =
	| { access: 'ok'; board: Board; ticket: string | null; expires_at: number | null }
	| { access: Exclude<WallAccess, 'ok'> };

const boardSchema = boardInputSchema.extend({ updated_at: z.string() });

export const wallStateSchema = z.discriminatedUnion('access', [
	z.object({
		access: z.literal('ok'),
		board: boardSchema,
		ticket: z.string().nullable(),
		expires_at: z.number().nullable()
	}),
	z.object({ access: z.enum(['revoked', 'gone', 'invalid', 'missing']) })
]);

/** The words on a screen that may not show its board: for whoever walks past, not for a developer. */
export const ACCESS_MESSAGES: Record<Exclude<WallAccess, 'ok'>, { title: string; detail: string }> = {
	revoked: {
		title: "This screen's access was revoked",
		detail: 'Ask an admin for a new link and open it on this screen.'
	},
	gone: {
		title: 'This board no longer exists',
		detail: 'Ask an admin for a link to another board.'
	},
	invalid: {
		title: 'This link is not valid',
		detail: 'It may have been mistyped or cut short. Ask an admin for a new link.'
	},
	missing: {
		title: 'This screen is not set up yet',
		detail: "Open the board's link from an admin on this screen once; it stays signed in from then on."
	}
};

/** Cookie holding a monitor's board token; scoped to `/wall/<board>` so it reaches nothing else. */
export const WALL_COOKIE = 'bp_wall';
/** Browsers cap cookie lifetimes at 400 days; every visit and every state poll renews it. */
export const WALL_COOKIE_MAX_AGE_S = 400 * 86_400;
