/**
 * Online spike detector for one regularly (or roughly regularly) sampled series.
 *
 * Baseline: a robust additive Holt-Winters-style model, expected = level + daily[slot] + weekly[slot], where the
 * slots are wall-clock time-of-day / time-of-week buckets (so any sampling interval works); slots average their
 * first visits, then follow slowly. Every input is clipped to `clipSigmas` sigmas before it updates the model,
 * so a past spike barely moves the baseline. Two scales: the band (and the reported `sigmas`) uses a running
 * median of |residual|, which a burst cannot inflate; scoring and clipping use an exponentially weighted mean
 * |residual| on clipped inputs, which follows a real change in noise level sooner.
 *
 * Anomaly evidence is the maximum of several robust z-scores, each normalised by its own running scale so that
 * autocorrelated residuals do not inflate them: the point residual, short and medium running means of the
 * residual (sustained shifts), and changes in local volatility (flatlines, noise bursts). A level that stays
 * shifted for `reanchorPoints` is accepted as the new normal (re-anchoring), so an alert does not last forever.
 *
 * The evidence is divided by a running high quantile of past evidence (big deviations are less surprising in a
 * bursty series), mapped to a [0,1] score and gated: a new alert needs evidence above the decaying maximum of
 * recent evidence, because one event should raise one alert (NAB rewards the first detection in a window and
 * charges for every later one outside it).
 *
 * Cost per update: O(1) arithmetic, no allocation (the returned object is reused). Memory: two Float64Arrays of
 * slots per day and per week (48 + 336 at 30-minute slots) plus their visit counts.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Mean absolute deviation of a Gaussian is sigma * sqrt(2/pi). */
const MAD_TO_SIGMA = 1.2533;
/** The band never gets narrower than this fraction of the series' spread (a flat series still has a band). */
const BAND_FLOOR = 0.02;
/** Median absolute deviation of a Gaussian is sigma * 0.6745. */
const MEDIAN_ABS_TO_SIGMA = 1.4826;

export type Direction = 'up' | 'down' | 'both';

export interface DetectorOptions {
	/** Which side is anomalous: volume and negative share spike up, average sentiment spikes down. */
	direction: Direction;
	/** Score at or above which `anomaly` is true. Tuned on NAB (see eval-anomaly). */
	threshold: number;
	/** Width of the band drawn on charts, in robust sigmas. */
	bandSigmas: number;
	/** Residuals are clipped to this many sigmas before they update the baseline. */
	clipSigmas: number;
	/** Point residuals are clipped to this many sigmas before they feed the shift and volatility evidence. */
	evidenceClipSigmas: number;
	/** Residuals are clipped to this many sigmas before they update the scale. */
	scaleClipSigmas: number;
	/** Half-life of the level, in points. */
	levelHalfLife: number;
	/** Half-life of the scale estimates, in points. */
	scaleHalfLife: number;
	/** Width of a seasonal slot. */
	slotMs: number;
	/** Fraction of the remaining seasonal error each slot absorbs per day it is visited. */
	dailyRate: number;
	weeklyRate: number;
	/** Half-lives (points) of the running means of the residual that detect sustained shifts. */
	shiftHalfLives: readonly number[];
	/** Half-life (points) of short-term volatility compared with the long-term scale. */
	volatilityHalfLife: number;
	/** Weight of the volatility-change evidence relative to the residual evidence. */
	volatilityWeight: number;
	/** Evidence (in sigmas, after division by the tail quantile) that maps to score 0.5. */
	scoreMidpoint: number;
	/** Half-life (points) of the decaying maximum that gates repeated alerts. */
	gateHalfLife: number;
	/** A shift that stays beyond this many sigmas for `reanchorPoints` points becomes the new level. */
	reanchorSigmas: number;
	reanchorPoints: number;
	/** For scoring, sigma never falls below this fraction of the series' spread around its rhythm (bursty and noiseless
	 * series stay sane); the band is not floored this way. */
	minRelativeSigma: number;
	/** Quantile of past evidence that new evidence is divided by (0 disables); `tailFloor` bounds it below. */
	tailQuantile: number;
	tailFloor: number;
	/** Speed of the tail-quantile tracker, as a half-life in points. */
	tailHalfLife: number;
	/** Points before the detector scores anything; the baseline is still learning. */
	warmupPoints: number;
}

// Tuned on the NAB dev set by coordinate ascent (see eval-anomaly); half-lives are in points, so at minute
// resolution the level follows about the last hour and one alert per event is kept for about half a day.
export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
	direction: 'both',
	threshold: 0.24,
	bandSigmas: 3,
	clipSigmas: 5,
	scaleClipSigmas: 8,
	evidenceClipSigmas: 32,
	levelHalfLife: 45,
	scaleHalfLife: 180,
	slotMs: 30 * MINUTE,
	dailyRate: 0.18,
	weeklyRate: 0.1,
	shiftHalfLives: [4, 12],
	volatilityHalfLife: 6,
	volatilityWeight: 1,
	scoreMidpoint: 5.5,
	gateHalfLife: 660,
	reanchorSigmas: 3.6,
	reanchorPoints: 60,
	minRelativeSigma: 0.26,
	tailQuantile: 0.98,
	tailFloor: 3.3,
	tailHalfLife: 160,
	warmupPoints: 15
};

export interface DetectorOutput {
	expected: number;
	lower: number;
	upper: number;
	/** Signed residual in robust sigmas (positive = above expected). */
	sigmas: number;
	/** Anomaly evidence mapped to [0,1], after gating of repeated alerts. */
	score: number;
	anomaly: boolean;
}

interface Scalars {
	count: number;
	lastTimestamp: number;
	stepMs: number;
	daysSeen: number;
	level: number;
	scale: number;
	medianAbsResidual: number;
	spread: number;
	shortVolatility: number;
	logTail: number;
	gate: number;
	reanchorRun: number;
}

/** What one update changed, so that a revised value for the same timestamp can replace it. */
interface Undo {
	scalars: Scalars;
	shiftMeans: number[];
	shiftScales: number[];
	dailySlot: number;
	daily: number;
	dailyVisits: number;
	weeklySlot: number;
	weekly: number;
	weeklyVisits: number;
}

export interface DetectorState {
	version: 1;
	options: DetectorOptions;
	scalars: Scalars;
	daily: number[];
	dailyVisits: number[];
	weekly: number[];
	weeklyVisits: number[];
	shiftMeans: number[];
	shiftScales: number[];
	undo: Undo | null;
}

export interface SeriesPoint {
	timestamp: number;
	value: number;
}

export interface Detector {
	/**
	 * Feeds one point. A repeated timestamp revises the previous point (the realtime tick re-sends the current
	 * minute as it fills up); an older timestamp is ignored and the previous output returned. Non-finite values
	 * (an empty minute's average) leave the model untouched and score 0. The returned object is reused by the
	 * next call: copy what you keep.
	 */
	update(timestampMs: number, value: number): DetectorOutput;
	/** Feeds history (oldest first) through the model, e.g. from a backfill query. */
	warmUp(points: Iterable<SeriesPoint>): void;
	/**
	 * The baseline projected to any time, past or future: today's level plus that time's seasonal slots, and the
	 * chart band around it. Read-only (the model is not touched); a fresh object per call. Before the first
	 * point everything is 0.
	 */
	expectedAt(timestampMs: number): { expected: number; lower: number; upper: number };
	toJSON(): DetectorState;
	readonly options: Readonly<DetectorOptions>;
}

function alphaFromHalfLife(halfLife: number): number {
	return 1 - Math.pow(0.5, 1 / Math.max(halfLife, 1e-9));
}

function clamp(x: number, limit: number): number {
	return x > limit ? limit : x < -limit ? -limit : x;
}

function initialScalars(opts: DetectorOptions): Scalars {
	return {
		count: 0,
		lastTimestamp: Number.NEGATIVE_INFINITY,
		stepMs: 0,
		daysSeen: 0,
		level: 0,
		scale: 0,
		medianAbsResidual: 0,
		spread: 0,
		// Calm volatility in units of sigma: the mean absolute value of a standard normal.
		shortVolatility: 1 / MAD_TO_SIGMA,
		logTail: Math.log(Math.max(opts.tailFloor, 1e-3)),
		gate: 0,
		reanchorRun: 0
	};
}

export function createDetector(options: Partial<DetectorOptions> = {}, state?: DetectorState): Detector {
	const opts: DetectorOptions = { ...DEFAULT_DETECTOR_OPTIONS, ...(state?.options ?? {}), ...options };
	const slotsPerDay = Math.max(1, Math.round(DAY / opts.slotMs));
	const slotsPerWeek = slotsPerDay * 7;
	const levelAlpha = alphaFromHalfLife(opts.levelHalfLife);
	const scaleAlpha = alphaFromHalfLife(opts.scaleHalfLife);
	// The spread (unclipped mean distance from level + daily rhythm) only floors sigma, so it may be slow.
	const spreadAlpha = alphaFromHalfLife(opts.scaleHalfLife * 5);
	const shiftAlphas = opts.shiftHalfLives.map(alphaFromHalfLife);
	const volatilityAlpha = alphaFromHalfLife(opts.volatilityHalfLife);
	const tailStep = alphaFromHalfLife(opts.tailHalfLife);
	const medianStep = 2 * scaleAlpha;
	const gateDecay = Math.pow(0.5, 1 / opts.gateHalfLife);

	const daily = new Float64Array(slotsPerDay);
	const weekly = new Float64Array(slotsPerWeek);
	// Visit counts let a slot average its first visits instead of creeping towards the truth from zero.
	const dailyVisits = new Float64Array(slotsPerDay);
	const weeklyVisits = new Float64Array(slotsPerWeek);
	const shiftMeans = new Float64Array(shiftAlphas.length);
	const shiftScales = new Float64Array(shiftAlphas.length);
	let s: Scalars = initialScalars(opts);
	const undo: Undo = {
		scalars: { ...s },
		shiftMeans: Array.from(shiftMeans),
		shiftScales: Array.from(shiftScales),
		dailySlot: 0,
		daily: 0,
		dailyVisits: 0,
		weeklySlot: 0,
		weekly: 0,
		weeklyVisits: 0
	};
	let canUndo = false;

	if (state) {
		const fits =
			state.daily.length === slotsPerDay &&
			state.weekly.length === slotsPerWeek &&
			state.shiftMeans.length === shiftMeans.length;
		if (!fits) throw new Error('detector state does not match the options (slot width or shift horizons)');
		daily.set(state.daily);
		dailyVisits.set(state.dailyVisits);
		weekly.set(state.weekly);
		weeklyVisits.set(state.weeklyVisits);
		shiftMeans.set(state.shiftMeans);
		shiftScales.set(state.shiftScales);
		s = { ...state.scalars };
		if (state.undo) {
			Object.assign(undo, structuredClone(state.undo));
			canUndo = true;
		}
	}

	const out: DetectorOutput = { expected: 0, lower: 0, upper: 0, sigmas: 0, score: 0, anomaly: false };

	function slotOf(t: number, period: number, slots: number): number {
		const r = ((t % period) + period) % period;
		return Math.min(slots - 1, Math.floor(r / opts.slotMs));
	}

	function directional(z: number): number {
		if (opts.direction === 'up') return z;
		if (opts.direction === 'down') return -z;
		return Math.abs(z);
	}

	function saveUndo(dailySlot: number, weeklySlot: number) {
		Object.assign(undo.scalars, s);
		for (let h = 0; h < shiftMeans.length; h++) {
			undo.shiftMeans[h] = shiftMeans[h]!;
			undo.shiftScales[h] = shiftScales[h]!;
		}
		undo.dailySlot = dailySlot;
		undo.daily = daily[dailySlot]!;
		undo.dailyVisits = dailyVisits[dailySlot]!;
		undo.weeklySlot = weeklySlot;
		undo.weekly = weekly[weeklySlot]!;
		undo.weeklyVisits = weeklyVisits[weeklySlot]!;
		canUndo = true;
	}

	function restoreUndo() {
		Object.assign(s, undo.scalars);
		shiftMeans.set(undo.shiftMeans);
		shiftScales.set(undo.shiftScales);
		daily[undo.dailySlot] = undo.daily;
		dailyVisits[undo.dailySlot] = undo.dailyVisits;
		weekly[undo.weeklySlot] = undo.weekly;
		weeklyVisits[undo.weeklySlot] = undo.weeklyVisits;
	}

	function update(t: number, value: number): DetectorOutput {
		if (t < s.lastTimestamp) return out;
		if (t === s.lastTimestamp) {
			if (!canUndo) return out;
			restoreUndo();
		}
		if (!Number.isFinite(value)) {
			out.score = 0;
			out.anomaly = false;
			return out;
		}
		const dailySlot = slotOf(t, DAY, slotsPerDay);
		const weeklySlot = slotOf(t, WEEK, slotsPerWeek);
		saveUndo(dailySlot, weeklySlot);

		if (s.count === 0) {
			s.level = value;
			s.lastTimestamp = t;
			s.count = 1;
			out.expected = out.lower = out.upper = value;
			out.sigmas = out.score = 0;
			out.anomaly = false;
			return out;
		}
		const delta = t - s.lastTimestamp;
		s.stepMs = s.stepMs === 0 ? delta : s.stepMs + 0.05 * (Math.min(delta, 4 * s.stepMs) - s.stepMs);
		s.daysSeen += delta / DAY;

		// Seasonal terms only make sense when several samples fall in a day.
		const seasonal = opts.dailyRate > 0 && s.stepMs <= DAY / 8;
		const useWeekly = seasonal && opts.weeklyRate > 0 && s.daysSeen > 14;
		const expected = s.level + (seasonal ? daily[dailySlot]! : 0) + (useWeekly ? weekly[weeklySlot]! : 0);
		const residual = value - expected;

		// For the evidence, sigma is floored at a fraction of the series' spread, spikes included, so that a series that is
		// mostly constant (zeros between rare bursts, a noiseless rhythm) does not turn every small wiggle into
		// thousands of sigmas. The band and the reported sigmas use the plain robust scale: that is the noise
		// people see on the chart.
		const floor = 1e-9 * Math.max(1, Math.abs(s.level));
		const bandSigma = Math.max(
			s.medianAbsResidual * MEDIAN_ABS_TO_SIGMA,
			BAND_FLOOR * s.spread * MAD_TO_SIGMA,
			floor
		);
		const clipSigma = Math.max(s.scale, BAND_FLOOR * s.spread, floor) * MAD_TO_SIGMA;
		const sigma = Math.max(s.scale, opts.minRelativeSigma * s.spread, floor) * MAD_TO_SIGMA;
		const z = residual / sigma;
		const warm = s.count > opts.warmupPoints;

		let evidence = directional(z);
		for (let h = 0; h < shiftAlphas.length; h++) {
			// Running means of the residual, each judged against its own typical size so that autocorrelated
			// residuals (slow drifts) do not read as shifts.
			const mean = shiftMeans[h]! + shiftAlphas[h]! * (clamp(z, opts.evidenceClipSigmas) - shiftMeans[h]!);
			shiftMeans[h] = mean;
			const typical = Math.max(shiftScales[h]! * MAD_TO_SIGMA, 0.05);
			evidence = Math.max(evidence, directional(mean / typical));
			shiftScales[h] = warm
				? shiftScales[h]! + scaleAlpha * (Math.min(Math.abs(mean), 3 * typical) - shiftScales[h]!)
				: shiftScales[h]! + (Math.abs(mean) - shiftScales[h]!) / s.count;
		}

		// Volatility change: a noise burst, or (for two-sided series) a flatline.
		s.shortVolatility +=
			volatilityAlpha * (Math.min(Math.abs(z), opts.evidenceClipSigmas) - s.shortVolatility);
		if (warm && opts.volatilityWeight > 0) {
			const logRatio = Math.log(Math.max(s.shortVolatility, 1e-3) * MAD_TO_SIGMA);
			const change = opts.direction === 'both' ? Math.abs(logRatio) : Math.max(logRatio, 0);
			evidence = Math.max(evidence, opts.volatilityWeight * change);
		}

		// Robust model update: only the clipped residual reaches the baseline.
		const clipped = clamp(residual, opts.clipSigmas * clipSigma);
		s.level += levelAlpha * clipped;
		let remaining = clipped * (1 - levelAlpha);
		if (seasonal) {
			const visitsPerDay = Math.max(1, opts.slotMs / s.stepMs);
			dailyVisits[dailySlot] = dailyVisits[dailySlot]! + 1;
			const dailyStep = Math.max(1 / dailyVisits[dailySlot]!, opts.dailyRate / visitsPerDay);
			daily[dailySlot] = daily[dailySlot]! + dailyStep * remaining;
			remaining *= 1 - dailyStep;
			if (s.daysSeen > 7 && opts.weeklyRate > 0) {
				weeklyVisits[weeklySlot] = weeklyVisits[weeklySlot]! + 1;
				const weeklyStep = Math.max(1 / weeklyVisits[weeklySlot]!, opts.weeklyRate / visitsPerDay);
				weekly[weeklySlot] = weekly[weeklySlot]! + weeklyStep * remaining;
			}
		}
		const absResidual = Math.abs(residual);
		// The band's scale is a running median of |residual|: each point nudges it by the same small factor
		// whatever its size, so a burst barely widens the band, yet a lasting change in noise level is followed.
		s.medianAbsResidual = warm
			? s.medianAbsResidual * (absResidual > s.medianAbsResidual ? 1 + medianStep : 1 - medianStep)
			: s.medianAbsResidual +
				(absResidual * (MAD_TO_SIGMA / MEDIAN_ABS_TO_SIGMA) - s.medianAbsResidual) / s.count;
		s.scale = warm
			? s.scale + scaleAlpha * (Math.min(absResidual, opts.scaleClipSigmas * clipSigma) - s.scale)
			: s.scale + (absResidual - s.scale) / s.count;
		const deviation = Math.abs(value - s.level - (seasonal ? daily[dailySlot]! : 0));
		s.spread = warm
			? s.spread + spreadAlpha * (deviation - s.spread)
			: s.spread + (deviation - s.spread) / s.count;

		// A shift that persists is the new normal: re-anchor so the alert ends and the band follows.
		const slowShift = shiftMeans[shiftMeans.length - 1] ?? 0;
		const stillShifted = Math.abs(z) > opts.reanchorSigmas && Math.sign(z) === Math.sign(slowShift);
		s.reanchorRun = Math.abs(slowShift) > opts.reanchorSigmas && stillShifted ? s.reanchorRun + 1 : 0;
		if (s.reanchorRun >= opts.reanchorPoints) {
			s.level += slowShift * sigma;
			shiftMeans.fill(0);
			s.reanchorRun = 0;
		}

		// Judge the evidence against its own recent tail: where big deviations are routine (bursty series) a
		// big deviation is less surprising.
		let normalised = evidence;
		if (opts.tailQuantile > 0 && warm) {
			const tail = Math.exp(s.logTail);
			normalised = evidence / Math.max(tail, opts.tailFloor);
			s.logTail += evidence > tail ? tailStep * opts.tailQuantile : -tailStep * (1 - opts.tailQuantile);
		}
		const raw = warm && normalised > 0 ? normalised / (normalised + opts.scoreMidpoint) : 0;
		const gated = raw > s.gate ? raw : 0;
		s.gate = Math.max(s.gate * gateDecay, raw);

		s.lastTimestamp = t;
		s.count++;

		out.expected = expected;
		out.lower = expected - opts.bandSigmas * bandSigma;
		out.upper = expected + opts.bandSigmas * bandSigma;
		out.sigmas = residual / bandSigma;
		out.score = gated;
		out.anomaly = gated >= opts.threshold;
		return out;
	}

	return {
		options: opts,
		update,
		warmUp(points) {
			for (const p of points) update(p.timestamp, p.value);
		},
		expectedAt(t) {
			// Same seasonal gates as update(), so the projection matches what the next update would expect.
			const seasonal = opts.dailyRate > 0 && s.stepMs <= DAY / 8;
			const useWeekly = seasonal && opts.weeklyRate > 0 && s.daysSeen > 14;
			const expected =
				s.level +
				(seasonal ? daily[slotOf(t, DAY, slotsPerDay)]! : 0) +
				(useWeekly ? weekly[slotOf(t, WEEK, slotsPerWeek)]! : 0);
			const floor = 1e-9 * Math.max(1, Math.abs(s.level));
			const bandSigma = Math.max(
				s.medianAbsResidual * MEDIAN_ABS_TO_SIGMA,
				BAND_FLOOR * s.spread * MAD_TO_SIGMA,
				floor
			);
			const half = s.count > 0 ? opts.bandSigmas * bandSigma : 0;
			return { expected, lower: expected - half, upper: expected + half };
		},
		toJSON(): DetectorState {
			return {
				version: 1,
				options: { ...opts, shiftHalfLives: [...opts.shiftHalfLives] },
				scalars: { ...s },
				daily: Array.from(daily),
				dailyVisits: Array.from(dailyVisits),
				weekly: Array.from(weekly),
				weeklyVisits: Array.from(weeklyVisits),
				shiftMeans: Array.from(shiftMeans),
				shiftScales: Array.from(shiftScales),
				undo: canUndo ? structuredClone(undo) : null
			};
		}
	};
}

/** Rebuilds a detector from `toJSON()` output (e.g. after JSON.parse of what the server persisted). */
export function restoreDetector(state: DetectorState): Detector {
	if (state.version !== 1) throw new Error(`unknown detector state version ${String(state.version)}`);
	return createDetector({}, state);
}
