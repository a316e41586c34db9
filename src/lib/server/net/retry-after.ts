/**
 * The wait a `Retry-After` header asks for, in ms: either form RFC 9110 allows, delay-seconds or an
 * HTTP-date (then the time until it, 0 if it has passed). Null when the header is absent or unreadable,
 * so that each caller picks its own default.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
	const header = value?.trim();
	if (!header) return null;
	if (/^\d+$/.test(header)) return Number(header) * 1000;
	// Every HTTP-date names its month: without that test Date.parse would take "1.5" or "-5" for a date.
	const ms = /[a-z]/i.test(header) ? Date.parse(header) - now : NaN;
	return Number.isFinite(ms) ? Math.max(0, ms) : null;
}
