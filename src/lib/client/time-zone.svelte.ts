import { createContext } from 'svelte';
import { formatZoneOffset, isValidTimeZone, runtimeTimeZone, TIME_ZONE_COOKIE } from '../charts/time-zone';

const ONE_YEAR_S = 365 * 86_400;

/**
 * The zone every time on screen is shown in: the URL's `tz`, else the cookie (both arrive through `load` as
 * `chosen`), else the browser's own zone. The server cannot know the browser's zone, so without a choice it
 * renders UTC and the page switches once mounted, then remembers the zone in the cookie.
 */
export class TimeZoneState {
	readonly #chosen: () => string | null;
	#browser = $state<string | null>(null);
	/** Ticks once a minute, so offsets follow a DST change on a screen left open. */
	#now = $state(Date.now());

	constructor(chosen: () => string | null) {
		this.#chosen = chosen;
	}

	/** What the URL or cookie asked for, if valid. */
	readonly chosen = $derived.by(() => {
		const zone = this.#chosen();
		return zone && isValidTimeZone(zone) ? zone : null;
	});

	readonly current: string = $derived(this.chosen ?? this.#browser ?? 'UTC');

	/** "UTC+01:00" for the current zone, now. */
	readonly offset = $derived(formatZoneOffset(this.#now, this.current));

	/** Call once in the browser: adopts the browser's zone when nothing was chosen, and remembers it. */
	mount(): () => void {
		this.#browser = runtimeTimeZone();
		if (!this.chosen) rememberTimeZone(this.#browser);
		const timer = setInterval(() => (this.#now = Date.now()), 60_000);
		return () => clearInterval(timer);
	}
}

/** Stores the zone for the server's next render; SameSite=Lax like the session cookie. */
export function rememberTimeZone(zone: string): void {
	document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=${ONE_YEAR_S}; samesite=lax`;
}

export const [getTimeZone, setTimeZone] = createContext<TimeZoneState>();
