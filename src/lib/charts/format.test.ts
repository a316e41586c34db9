import { describe, expect, it } from 'vitest';
import {
	formatChange,
	formatCount,
	formatDuration,
	formatDurationTick,
	formatPercent,
	formatSigned,
	formatStepSize,
	relativeChange
} from './format';

describe('formatDuration', () => {
	it('reads like a person would say it', () => {
		expect(formatDuration(45)).toBe('45 s');
		expect(formatDuration(12 * 60)).toBe('12 min');
		expect(formatDuration(3900)).toBe('1 h 05 min');
		expect(formatDuration(2 * 86400 + 3 * 3600)).toBe('2 d 03 h');
	});

	it('rounds to the minute without showing "60 min"', () => {
		expect(formatDuration(59.6)).toBe('1 min');
		expect(formatDuration(3599)).toBe('1 h 00 min');
	});

	it('shows a dash for missing values', () => {
		expect(formatDuration(null)).toBe('—');
		expect(formatDuration(Number.NaN)).toBe('—');
	});
});

describe('formatDurationTick', () => {
	it('labels round durations compactly', () => {
		expect(formatDurationTick(0)).toBe('0');
		expect(formatDurationTick(900)).toBe('15 min');
		expect(formatDurationTick(3600)).toBe('1 h');
		expect(formatDurationTick(5400)).toBe('1 h 30 min');
		expect(formatDurationTick(172800)).toBe('2 d');
	});
});

describe('number formats', () => {
	it('formats counts, percents and signed scores', () => {
		expect(formatCount(12345)).toBe('12,345');
		expect(formatCount(2_400_000)).toBe('2.4M');
		expect(formatPercent(0.1843)).toBe('18.4%');
		expect(formatPercent(null)).toBe('—');
		expect(formatSigned(0.234)).toBe('+0.23');
		expect(formatSigned(-0.08)).toBe('−0.08');
		expect(formatSigned(-0.001)).toBe('0.00');
	});

	it('describes the change against the previous window', () => {
		expect(relativeChange(120, 100)).toBeCloseTo(0.2);
		expect(relativeChange(5, 0)).toBeNull();
		expect(formatChange(0.2)).toBe('+20%');
		expect(formatChange(-0.044)).toBe('−4%');
		expect(formatChange(0.001)).toBe('0%');
	});

	it('names step sizes', () => {
		expect(formatStepSize(60)).toBe('1-minute steps');
		expect(formatStepSize(6 * 3600)).toBe('6-hour steps');
	});
});
