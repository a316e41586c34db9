export const SESSION_COOKIE = 'bp_session';
/** Dashboards stay logged in for a month; each visit renews it, so a screen in daily use never expires. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
