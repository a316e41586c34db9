/** One measured figure of a benchmark, with the baseline it is compared against in the same run. */
export interface BenchFigure {
	metric: string;
	value: number;
	unit: string;
	/** The same quantity for the baseline, measured in the same run. */
	baseline?: { name: string; value: number };
	/** value / baseline.value (or the inverse where lower is better), rounded. */
	ratio?: number;
	/** Human-readable target, e.g. ">= 100000 texts/s". */
	target?: string;
	pass?: boolean;
}

export interface BenchResult {
	name: string;
	description: string;
	figures: BenchFigure[];
	notes?: string[];
}

/** A benchmark module in src/bench/ exports `run`. */
export type BenchRun = () => Promise<BenchResult>;
