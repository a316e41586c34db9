import { describe, expect, it } from 'vitest';
import type { QueueResponse } from './api';
import { formatCountdown, ResponseDesk, type QueueRow } from './response-desk.svelte';

const NOW = Date.UTC(2026, 10, 23, 10, 0);

function row(id: string, dueInS: number): QueueRow {
	return {
		id,
		source: 'twitter',
		created_at: new Date(NOW + dueInS * 1000 - 3_600_000).toISOString(),
		text: id,
		author: 'a',
		author_followers: 1,
		lang: 'en',
		country: 'US',
		url: '',
		score: -0.5,
		label: 'negative',
		urgency: 1,
		due_at: new Date(NOW + dueInS * 1000).toISOString(),
		seconds_left: dueInS
	};
}

function queue(rows: QueueRow[]): QueueResponse {
	return { as_of: new Date(NOW).toISOString(), rows, next_cursor: null, unanswered: rows.length, overdue: 0 };
}

describe('ResponseDesk', () => {
	it('is ready for answers only between start and stop, so a server-rendered button stays disabled', () => {
		const desk = new ResponseDesk(
			() => queue([row('a', 600)]),
			async () => {}
		);
		expect(desk.ready).toBe(false);
		const stop = desk.start();
		expect(desk.ready).toBe(true);
		stop();
		expect(desk.ready).toBe(false);
	});

	it('counts down against the server clock, whatever the local clock says', () => {
		const desk = new ResponseDesk(
			() => queue([row('a', 600), row('b', -30)]),
			async () => {}
		);
		// This machine's clock runs 2 minutes fast.
		desk.calibrate(new Date(NOW).toISOString(), NOW + 120_000);
		desk.now = NOW + 120_000 + 60_000;
		expect(desk.secondsLeft(desk.rows[0]!)).toBe(540);
		expect(desk.urgency(desk.rows[0]!)).toBe('soon');
		expect(desk.urgency(desk.rows[1]!)).toBe('overdue');
		expect(desk.overdue).toBe(1);
	});

	it('drops a row once answered, and keeps it with the error when the server refuses', async () => {
		let fail = false;
		const desk = new ResponseDesk(
			() => queue([row('a', 600), row('b', 1200)]),
			async () => {
				if (fail) throw new Error('403 not allowed');
			}
		);
		await desk.answer(desk.rows[0]!);
		expect(desk.rows.map((item) => item.id)).toEqual(['b']);
		expect(desk.unanswered).toBe(1);
		fail = true;
		await desk.answer(desk.rows[0]!);
		expect(desk.rows.map((item) => item.id)).toEqual(['b']);
		expect(desk.errorOf(desk.rows[0]!)).toBe('403 not allowed');
	});

	it('formats countdowns like a clock', () => {
		expect(formatCountdown(3599)).toBe('59:59');
		expect(formatCountdown(-190)).toBe('\u22123:10');
		expect(formatCountdown(3_760)).toBe('1:02:40');
	});
});
