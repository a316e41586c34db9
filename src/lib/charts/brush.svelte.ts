/**
 * A horizontal brush over a time chart: press, drag, release selects whole steps; a press without a drag
 * selects the step under the pointer. Positions are plot pixels (inside the margins).
 */

/** What the brush needs of a chart's time axis. */
export interface BrushAxis {
	readonly innerWidth: number;
	readonly stepMs: number;
	/** Pixel position of a time. */
	x(timeMs: number): number;
	/** Start of the step under a pixel position, clamped to the window. */
	stepStartAtOffset(offsetX: number): number;
}

export interface TimeRange {
	from: number;
	to: number;
}

/** Below this many pixels of travel a press is a click on one step, not a drag. */
export const CLICK_TOLERANCE_PX = 4;

export class BrushState {
	readonly #axis: () => BrushAxis;
	#anchor = $state<number | null>(null);
	#head = $state<number | null>(null);

	constructor(axis: () => BrushAxis) {
		this.#axis = axis;
	}

	/** Whether a press is in progress. */
	readonly active = $derived(this.#anchor !== null);

	/** The steps the current drag covers, snapped to step bounds; null when idle. */
	readonly range: TimeRange | null = $derived.by(() => {
		if (this.#anchor === null || this.#head === null) return null;
		return this.#rangeBetween(this.#anchor, this.#head);
	});

	/** The shaded selection in plot pixels while dragging (hidden until the drag leaves click tolerance). */
	readonly rect = $derived.by(() => {
		const range = this.range;
		if (!range || this.#anchor === null || this.#head === null) return null;
		if (Math.abs(this.#head - this.#anchor) < CLICK_TOLERANCE_PX) return null;
		const axis = this.#axis();
		const x0 = Math.max(0, axis.x(range.from));
		const x1 = Math.min(axis.innerWidth, axis.x(range.to));
		return { x: x0, width: Math.max(1, x1 - x0) };
	});

	start(offsetX: number): void {
		const clamped = this.#clamp(offsetX);
		this.#anchor = clamped;
		this.#head = clamped;
	}

	move(offsetX: number): void {
		if (this.#anchor === null) return;
		this.#head = this.#clamp(offsetX);
	}

	/** Ends the press; returns the selected range (one step for a click). */
	end(offsetX?: number): TimeRange | null {
		if (offsetX !== undefined) this.move(offsetX);
		const range = this.range;
		this.cancel();
		return range;
	}

	cancel(): void {
		this.#anchor = null;
		this.#head = null;
	}

	#clamp(offsetX: number): number {
		return Math.min(Math.max(offsetX, 0), this.#axis().innerWidth);
	}

	#rangeBetween(a: number, b: number): TimeRange {
		const axis = this.#axis();
		const first = axis.stepStartAtOffset(Math.min(a, b));
		const last = axis.stepStartAtOffset(Math.max(a, b));
		return { from: first, to: last + axis.stepMs };
	}
}
