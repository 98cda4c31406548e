/**
 * Small, dependency-free statistics for benchmark figures. Every figure that matters is reported
 * as a median with its spread, because these machines are noisy (±15 %) and a single number lies.
 */

/** Values sorted ascending, as a new array; NaN is refused (a NaN means a broken measurement). */
export function sorted(values: readonly number[]): number[] {
  if (values.some((v) => Number.isNaN(v))) throw new Error('NaN in a sample');
  return [...values].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks (the "R-7" / NumPy
 * default). Throws on an empty sample: a missing figure must be visible, not 0.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const s = sorted(values);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = s[lo]!;
  const b = s[hi]!;
  return a + (b - a) * (rank - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** A figure's central value and spread. */
export interface Spread {
  n: number;
  median: number;
  min: number;
  max: number;
  p25: number;
  p75: number;
  /** Interquartile range, p75 - p25. */
  iqr: number;
  /** (max - min) / median: how far apart the repetitions were, relative to the figure. */
  relativeRange: number;
}

export function spread(values: readonly number[]): Spread {
  const s = sorted(values);
  const m = median(s);
  const p25 = percentile(s, 25);
  const p75 = percentile(s, 75);
  const min = s[0]!;
  const max = s[s.length - 1]!;
  return { n: s.length, median: m, min, max, p25, p75, iqr: p75 - p25, relativeRange: m === 0 ? 0 : (max - min) / Math.abs(m) };
}

/** Latency percentiles of one sample (milliseconds). */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencySummary(latenciesMs: readonly number[]): LatencySummary {
  if (latenciesMs.length === 0) throw new Error('no latencies recorded');
  return {
    count: latenciesMs.length,
    p50: percentile(latenciesMs, 50),
    p95: percentile(latenciesMs, 95),
    p99: percentile(latenciesMs, 99),
    max: Math.max(...latenciesMs),
  };
}

/**
 * Ratios of paired measurements (figure_i / baseline_i, each pair from the same round), so a
 * round where the machine was slow for both cancels out. Pairs with a zero baseline are refused.
 */
export function pairedRatios(figures: readonly number[], baselines: readonly number[]): number[] {
  if (figures.length !== baselines.length) throw new Error(`unpaired ratio: ${figures.length} figures, ${baselines.length} baselines`);
  return figures.map((f, i) => {
    const b = baselines[i]!;
    if (b === 0) throw new Error('ratio to a zero baseline');
    return f / b;
  });
}

/** Rounds to `digits` significant digits, for tables. */
export function significant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}
