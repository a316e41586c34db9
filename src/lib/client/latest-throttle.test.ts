import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestThrottle, type ThrottleClock } from './latest-throttle';

function fakeClock(withFrames: boolean): ThrottleClock {
	return {
		now: () => Date.now(),
		setTimeout: (callback, ms) => setTimeout(callback, ms),
		clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
		requestFrame: withFrames ? (callback) => setTimeout(callback, 16) : null,
		cancelFrame: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
	};
}

describe('LatestThrottle', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('applies only the latest of a burst, once', () => {
		const applied: number[] = [];
		const throttle = new LatestThrottle<number>((value) => applied.push(value), 250, fakeClock(true));
		for (let value = 1; value <= 10; value++) throttle.push(value);
		vi.advanceTimersByTime(20);
		expect(applied).toEqual([10]);
	});

	it('applies at most once per interval', () => {
		const applied: number[] = [];
		const throttle = new LatestThrottle<number>((value) => applied.push(value), 250, fakeClock(false));
		throttle.push(1);
		vi.advanceTimersByTime(0);
		throttle.push(2);
		throttle.push(3);
		vi.advanceTimersByTime(100);
		expect(applied).toEqual([1]);
		vi.advanceTimersByTime(150);
		expect(applied).toEqual([1, 3]);
		vi.advanceTimersByTime(1000);
		expect(applied).toEqual([1, 3]);
	});

	it('drops a pending value when cancelled', () => {
		const applied: number[] = [];
		const throttle = new LatestThrottle<number>((value) => applied.push(value), 250, fakeClock(true));
		throttle.push(1);
		throttle.cancel();
		vi.advanceTimersByTime(1000);
		expect(applied).toEqual([]);
		expect(vi.getTimerCount()).toBe(0);
	});
});
