import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricsSnapshot, SpikeInfo } from '../../metrics';
import { MAX_NOTICES, SpikeNotificationCenter, TOAST_MS } from './spike-notifications.svelte';

function spike(id: string, phase: SpikeInfo['phase'], brand = 'acme'): SpikeInfo {
	return {
		id,
		brand,
		metric: 'volume',
		source: null,
		phase,
		direction: 'up',
		started_at: 1,
		detected_at: 1,
		peak_at: 1,
		ended_at: null,
		severity: 6.2,
		peak_value: 10,
		peak_expected: 2
	};
}

function snapshotWith(marks: MetricsSnapshot['annotations']): MetricsSnapshot {
	return { brand: 'acme', annotations: marks } as MetricsSnapshot;
}

describe('spike notifications', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('notifies once per spike phase, and toasts go away by themselves', () => {
		const center = new SpikeNotificationCenter();
		center.fromEvent({ brand: 'acme', spike: spike('s1', 'forming') });
		center.fromEvent({ brand: 'acme', spike: spike('s1', 'forming') });
		center.fromEvent({ brand: 'acme', spike: spike('s1', 'peak') });
		center.fromEvent({ brand: 'acme', spike: spike('s1', 'resolved') });
		expect(center.notices.map((n) => n.key)).toEqual(['s1:peak', 's1:forming']);
		expect(center.unread).toBe(2);
		expect(center.toasts).toHaveLength(2);
		vi.advanceTimersByTime(TOAST_MS);
		expect(center.toasts).toHaveLength(0);
		center.markAllRead();
		expect(center.unread).toBe(0);
	});

	it('ignores malformed events and stays bounded', () => {
		const center = new SpikeNotificationCenter();
		center.fromEvent({ nonsense: true });
		center.fromEvent(null);
		for (let i = 0; i < MAX_NOTICES * 3; i += 1)
			center.fromEvent({ brand: 'acme', spike: spike(`s${i}`, 'peak') });
		expect(center.notices).toHaveLength(MAX_NOTICES);
		expect(center.toasts.length).toBeLessThanOrEqual(3);
		expect(vi.getTimerCount()).toBeLessThanOrEqual(3);
		center.destroy();
		expect(vi.getTimerCount()).toBe(0);
	});

	it('primes on the first snapshot, then notifies new spike markers', () => {
		const center = new SpikeNotificationCenter();
		const old = { id: 'old', kind: 'spike' as const, at: 1, label: 'Volume spike', phase: 'peak' as const };
		center.fromSnapshot(snapshotWith([old]));
		expect(center.notices).toHaveLength(0);
		center.fromSnapshot(
			snapshotWith([
				old,
				{ id: 'new', kind: 'spike', at: 2, label: 'Volume spike', phase: 'forming', severity: 5 }
			])
		);
		expect(center.notices.map((n) => n.key)).toEqual(['new:forming']);
	});
});
