/**
 * The built-in demo stream: fictional brands with a day/night rhythm, multilingual posts, brand replies
 * and labelled viral complaints. Deterministic for a seed; feeds `npm start`, tests and benchmarks.
 */
export { DEFAULT_BRANDS, SIM_SOURCES, type BrandProfile, type SimSource } from './brands';
export { generateMentions, type GenerateOptions } from './generate';
export { LiveSimulator, type LiveSimulatorOptions, type SimulatorSink } from './live';
export type { LabelledSpike, SimulatorOptions } from './model';
export { LANGS, INDUSTRIES, type Industry, type Lang } from './phrases';
export { simulateRange, type SimulatedBatch } from './range';
