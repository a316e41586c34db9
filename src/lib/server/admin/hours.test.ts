import { describe, expect, it } from 'vitest';
import { formatBusinessHours, parseBusinessHours } from './hours';

describe('business hours as text', () => {
	it('reads day ranges and lists, and writes them back grouped', () => {
		const parsed = parseBusinessHours('Mon-Fri 09:00-17:00\nsat 10:00 - 14:00\nSun,Wed 20:00-24:00');
		if (!parsed.ok) throw new Error(parsed.error);
		expect(parsed.hours).toHaveLength(8);
		expect(parsed.hours[0]).toEqual({ weekday: 1, open_minute: 540, close_minute: 1020 });
		expect(parsed.hours).toContainEqual({ weekday: 7, open_minute: 1200, close_minute: 1440 });
		expect(formatBusinessHours(parsed.hours)).toBe(
			'Mon-Fri 09:00-17:00\nWed,Sun 20:00-24:00\nSat 10:00-14:00'
		);
	});

	it('says which line is wrong', () => {
		expect(parseBusinessHours('Mon-Fri 9-5')).toEqual({
			ok: false,
			error: '"Mon-Fri 9-5" is not like "Mon-Fri 09:00-17:00"'
		});
		expect(parseBusinessHours('Fri-Mon 09:00-17:00').ok).toBe(false);
		expect(parseBusinessHours('Mon 17:00-09:00')).toMatchObject({
			ok: false,
			error: expect.stringContaining('after')
		});
		expect(parseBusinessHours('Mon 24:30-25:00').ok).toBe(false);
		expect(parseBusinessHours('')).toEqual({ ok: true, hours: [] });
	});
});
