/**
 * Spike and note markers on the time charts: where they sit, how they are coloured and which range of
 * mentions a click opens. Pure, so every chart places them the same way and tests need no DOM.
 */
import type { ScaleTime } from 'd3';
import type { SnapshotAnnotation } from '../metrics';

/** Colour family of a marker: spikes by lifecycle phase, analyst notes apart. */
export type AnnotationTone = 'forming' | 'peak' | 'resolved' | 'note';

export function annotationTone(annotation: SnapshotAnnotation): AnnotationTone {
	if (annotation.kind === 'note') return 'note';
	return annotation.phase ?? 'peak';
}

/**
 * The mentions behind a marker: a spike's whole extent (an open one runs to `now`), a note's step. Bounds
 * snap outward to whole steps, so the list's total matches the bars the marker covers.
 */
export function annotationRange(
	annotation: SnapshotAnnotation,
	stepMs: number,
	now: number
): { from: number; to: number } {
	const from = Math.floor(annotation.at / stepMs) * stepMs;
	const rawEnd = annotation.end ?? (annotation.kind === 'spike' ? now : annotation.at);
	const to = Math.max(from + stepMs, Math.ceil(rawEnd / stepMs) * stepMs);
	return { from, to };
}

export interface AnnotationMark {
	annotation: SnapshotAnnotation;
	tone: AnnotationTone;
	/** Left edge in plot pixels, clamped to the plot. */
	x: number;
	/** Pixel width of the shaded extent; 0 for a point marker. */
	width: number;
	/** Where the flag sits: the start of the extent, or the point. */
	flagX: number;
}

/** Markers for the annotations that overlap [from, to), clamped to the plot and ordered left to right. */
export function annotationMarks(
	annotations: readonly SnapshotAnnotation[] | undefined,
	x: ScaleTime<number, number>,
	from: number,
	to: number,
	now: number
): AnnotationMark[] {
	if (!annotations?.length) return [];
	const [left, right] = x.range() as [number, number];
	const marks: AnnotationMark[] = [];
	for (const annotation of annotations) {
		const end = annotation.end ?? (annotation.kind === 'spike' ? Math.min(now, to) : annotation.at);
		if (end < from || annotation.at >= to) continue;
		const x0 = Math.max(left, x(Math.max(annotation.at, from)));
		const x1 = Math.min(right, x(Math.min(end, to)));
		marks.push({
			annotation,
			tone: annotationTone(annotation),
			x: x0,
			width: Math.max(0, x1 - x0),
			flagX: x0
		});
	}
	return marks.sort((a, b) => a.x - b.x);
}
