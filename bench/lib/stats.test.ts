import { describe, expect, it } from 'vitest';
import { latencySummary, median, pairedRatios, percentile, significant, spread } from './stats.ts';

describe('benchmark statistics', () => {
  it('takes the median of odd and even samples, whatever their order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('interpolates percentiles between closest ranks', () => {
    const values = Array.from({ length: 101 }, (_, i) => i); // 0..100
    expect(percentile(values, 0)).toBe(0);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([10, 20], 25)).toBe(12.5);
    expect(percentile([1, 2, 3, 4], 99)).toBeCloseTo(3.97, 10);
  });

  it('refuses empty samples, NaN and out-of-range percentiles instead of inventing a figure', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => median([1, Number.NaN])).toThrow(/NaN/);
    expect(() => percentile([1], 101)).toThrow(/range/);
  });

  it('reports the spread of repetitions as min, max, quartiles and relative range', () => {
    expect(spread([100, 90, 110, 120, 80])).toEqual({ n: 5, median: 100, min: 80, max: 120, p25: 90, p75: 110, iqr: 20, relativeRange: 0.4 });
  });

  it('summarises latencies as p50, p95, p99 and max', () => {
    const latencies = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
    const summary = latencySummary(latencies);
    expect(summary.count).toBe(1000);
    expect(summary.p50).toBeCloseTo(500.5, 5);
    expect(summary.p95).toBeCloseTo(950.05, 5);
    expect(summary.p99).toBeCloseTo(990.01, 5);
    expect(summary.max).toBe(1000);
    expect(() => latencySummary([])).toThrow();
  });

  it('pairs each figure with the baseline of its own round', () => {
    expect(pairedRatios([10, 20, 30], [100, 200, 300])).toEqual([0.1, 0.1, 0.1]);
    expect(() => pairedRatios([1], [1, 2])).toThrow(/unpaired/);
    expect(() => pairedRatios([1], [0])).toThrow(/zero/);
  });

  it('rounds to significant digits for tables', () => {
    expect(significant(1234.5678)).toBe(1230);
    expect(significant(0.0012345, 2)).toBe(0.0012);
    expect(significant(0)).toBe(0);
  });
});
