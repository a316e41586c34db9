/**
 * The step the reader is pointing at, shared by every chart on the dashboard so all of them mark the same
 * moment (as Grafana's shared crosshair does); only the chart under the pointer shows its tooltip.
 */
export class ChartHover {
	/** Start of the hovered step, epoch ms; null when nothing is hovered. */
	stepStart = $state<number | null>(null);
	/** Which chart the pointer or keyboard focus is in. */
	source = $state<string | null>(null);

	show(source: string, stepStart: number): void {
		this.source = source;
		this.stepStart = stepStart;
	}

	clear(source: string): void {
		if (this.source !== source) return;
		this.source = null;
		this.stepStart = null;
	}
}
