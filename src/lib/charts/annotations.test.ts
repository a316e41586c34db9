import { scaleTime } from 'd3';
import { describe, expect, it } from 'vitest';
import type { SnapshotAnnotation } from '../metrics';
import { annotationMarks, annotationRange, annotationTone } from './annotations';

const FROM = Date.UTC(2026, 10, 23, 10, 0);
const TO = FROM + 60 * 60_000;
const STEP = 60_000;
const x = scaleTime().domain([FROM, TO]).range([0, 600]);

const spike = (overrides: Partial<SnapshotAnnotation> = {}): SnapshotAnnotation => ({
	id: 's1',
	kind: 'spike',
	at: FROM + 10 * STEP,
	end: FROM + 20 * STEP,
	label: 'Volume spike',
	phase: 'peak',
	...overrides
});

describe('annotations', () => {
	it('colours spikes by phase and notes apart', () => {
		expect(annotationTone(spike({ phase: 'forming' }))).toBe('forming');
		expect(annotationTone(spike({ phase: 'resolved' }))).toBe('resolved');
		expect(annotationTone({ id: 'n', kind: 'note', at: FROM, label: 'Campaign launch' })).toBe('note');
	});

	it('opens whole steps around a spike, and an open spike up to now', () => {
		expect(
			annotationRange(spike({ at: FROM + 10 * STEP + 5_000, end: FROM + 20 * STEP + 1 }), STEP, TO)
		).toEqual({ from: FROM + 10 * STEP, to: FROM + 21 * STEP });
		const open = spike({ end: undefined, phase: 'forming' });
		expect(annotationRange(open, STEP, FROM + 30 * STEP + 10)).toEqual({
			from: FROM + 10 * STEP,
			to: FROM + 31 * STEP
		});
		const note: SnapshotAnnotation = { id: 'n', kind: 'note', at: FROM + 5 * STEP + 1, label: 'x' };
		expect(annotationRange(note, STEP, TO)).toEqual({ from: FROM + 5 * STEP, to: FROM + 6 * STEP });
	});

	it('places ranges and points in plot pixels, clamped, dropping those outside the window', () => {
		const marks = annotationMarks(
			[
				spike(),
				spike({ id: 'early', at: FROM - 10 * STEP, end: FROM + 6 * STEP }),
				spike({ id: 'gone', at: FROM - 30 * STEP, end: FROM - 20 * STEP }),
				{ id: 'n', kind: 'note', at: FROM + 30 * STEP, label: 'note' }
			],
			x,
			FROM,
			TO,
			TO
		);
		expect(marks.map((mark) => mark.annotation.id)).toEqual(['early', 's1', 'n']);
		expect(marks[0]).toMatchObject({ x: 0, width: 60 });
		expect(marks[1]).toMatchObject({ x: 100, width: 100, tone: 'peak' });
		expect(marks[2]).toMatchObject({ x: 300, width: 0, tone: 'note' });
	});
});
