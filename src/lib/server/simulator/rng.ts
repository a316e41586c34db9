import { randomLcg, randomPoisson } from 'd3';

/** A uniform source in [0, 1). */
export type Source = () => number;

/**
 * Seeds for independent sub-streams (one per brand and minute, one per spike, one per author…), so any
 * slice of time can be generated on its own and comes out the same whether produced by a backfill or by
 * live ticks of any length. A 32-bit avalanche hash keeps neighbouring keys from giving correlated LCGs.
 */
export function streamSeed(seed: number, ...keys: number[]): number {
	let h = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
	for (const key of keys) {
		// Split keys wider than 32 bits (minute indices times big counters) so no bits are lost.
		const hi = Math.floor(key / 4294967296);
		h = mix32(h ^ (key >>> 0));
		h = mix32(h ^ (hi >>> 0) ^ 0x27d4eb2f);
	}
	return h;
}

function mix32(x: number): number {
	x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
	x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
	return (x ^ (x >>> 16)) >>> 0;
}

export function stream(seed: number, ...keys: number[]): Source {
	return randomLcg(streamSeed(seed, ...keys));
}

export function seedFromString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

export function poisson(source: Source, lambda: number): number {
	if (!(lambda > 0)) return 0;
	return randomPoisson.source(source)(lambda)();
}

/**
 * Box–Muller on the LCG directly: d3's randomNormal builds closures per call, which dominated the profile
 * when every author and reply needs a fresh draw.
 */
export function normal(source: Source, mean: number, sd: number): number {
	const u = 1 - source();
	return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * source());
}

export function logNormal(source: Source, median: number, sigma: number): number {
	return median * Math.exp(normal(source, 0, sigma));
}

export function pick<T>(source: Source, items: readonly T[]): T {
	const item = items[Math.floor(source() * items.length)];
	if (item === undefined) throw new Error('pick from an empty list');
	return item;
}

/** Draws from fixed weights in O(log n) via a cumulative table built once. */
export class Weighted<T> {
	readonly #items: T[];
	readonly #cumulative: number[];

	constructor(entries: Iterable<readonly [T, number]>) {
		this.#items = [];
		this.#cumulative = [];
		let total = 0;
		for (const [item, weight] of entries) {
			if (!(weight > 0)) continue;
			total += weight;
			this.#items.push(item);
			this.#cumulative.push(total);
		}
		if (total === 0) throw new Error('Weighted needs at least one positive weight');
		for (let i = 0; i < this.#cumulative.length; i++) this.#cumulative[i]! /= total;
	}

	static fromRecord<K extends string>(record: Partial<Record<K, number>>): Weighted<K> {
		return new Weighted(Object.entries(record) as [K, number][]);
	}

	get items(): readonly T[] {
		return this.#items;
	}

	draw(source: Source): T {
		const u = source();
		let lo = 0;
		let hi = this.#cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (u < this.#cumulative[mid]!) hi = mid;
			else lo = mid + 1;
		}
		return this.#items[lo]!;
	}
}
