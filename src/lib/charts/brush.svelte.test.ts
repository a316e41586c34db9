import { scaleTime } from 'd3';
import { describe, expect, it } from 'vitest';
import { BrushState, type BrushAxis } from './brush.svelte';

const FROM = Date.UTC(2026, 10, 23, 10, 0);
const STEP = 60_000;
const x = scaleTime()
	.domain([FROM, FROM + 10 * STEP])
	.range([0, 500]);
const axis: BrushAxis = {
	innerWidth: 500,
	stepMs: STEP,
	x: (time) => x(time),
	stepStartAtOffset: (offset) => {
		const time = Math.min(Math.max(x.invert(offset).getTime(), FROM), FROM + 10 * STEP - 1);
		return FROM + Math.floor((time - FROM) / STEP) * STEP;
	}
};

describe('BrushState', () => {
	it('a press without a drag selects the step under the pointer', () => {
		const brush = new BrushState(() => axis);
		brush.start(125);
		expect(brush.rect).toBeNull();
		expect(brush.end(126)).toEqual({ from: FROM + 2 * STEP, to: FROM + 3 * STEP });
		expect(brush.active).toBe(false);
	});

	it('a drag selects whole steps in either direction and shows its extent', () => {
		const brush = new BrushState(() => axis);
		brush.start(420);
		brush.move(160);
		expect(brush.range).toEqual({ from: FROM + 3 * STEP, to: FROM + 9 * STEP });
		expect(brush.rect).toEqual({ x: 150, width: 300 });
		expect(brush.end()).toEqual({ from: FROM + 3 * STEP, to: FROM + 9 * STEP });
	});

	it('clamps drags that leave the plot, and cancels cleanly', () => {
		const brush = new BrushState(() => axis);
		brush.start(-40);
		brush.move(900);
		expect(brush.range).toEqual({ from: FROM, to: FROM + 10 * STEP });
		brush.cancel();
		expect(brush.range).toBeNull();
		expect(brush.end()).toBeNull();
	});
});
