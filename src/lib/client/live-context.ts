import { createContext } from 'svelte';
import type { LiveMetrics } from './live-metrics.svelte';

/** The layout owns the connection (it survives navigation between views); pages read from it. */
export const [getLiveMetrics, setLiveMetrics] = createContext<LiveMetrics>();
