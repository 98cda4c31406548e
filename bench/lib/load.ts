import { setTimeout as sleep } from 'node:timers/promises';

/** Time source of the load generators (milliseconds, monotonic); replaceable in tests. */
export interface Clock {
  now(): number;
  sleepUntil(time: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleepUntil: async (time) => {
    const delay = time - performance.now();
    if (delay > 0) await sleep(delay);
  },
};

/**
 * Intended start times (ms from `start`) of an open model at a fixed arrival rate: one request
 * every 1000/rate ms, for `durationMs`. Evenly spaced rather than Poisson so two runs offer the
 * very same load.
 */
export function arrivalTimes(ratePerSecond: number, durationMs: number, start = 0): number[] {
  if (!(ratePerSecond > 0)) throw new Error(`arrival rate must be positive, got ${ratePerSecond}`);
  const interval = 1000 / ratePerSecond;
  const count = Math.floor((durationMs * ratePerSecond) / 1000);
  return Array.from({ length: count }, (_, i) => start + i * interval);
}

export interface OpenModelOptions {
  ratePerSecond: number;
  durationMs: number;
  task: (index: number) => Promise<void>;
  /** Requests allowed in flight at once; later arrivals wait (and their wait counts as latency). */
  maxInFlight?: number;
  clock?: Clock;
  /** Checked before each arrival: true ends the schedule early (requests in flight are awaited). */
  shouldStop?: () => boolean;
}

export interface LoadResult {
  /** Latencies of completed tasks, ms. In the open model, measured from the intended start. */
  latenciesMs: number[];
  completed: number;
  errors: number;
  /** First few error messages, for the report. */
  errorSamples: string[];
  elapsedMs: number;
  /** Completed per second over the elapsed time. */
  throughput: number;
}

function recorder() {
  const result = { latenciesMs: [] as number[], errors: 0, errorSamples: [] as string[] };
  const fail = (error: unknown) => {
    result.errors += 1;
    if (result.errorSamples.length < 5) result.errorSamples.push(error instanceof Error ? error.message : String(error));
  };
  return { result, fail };
}

/**
 * Open model without coordinated omission: request i is due at its intended start time whatever
 * happened to earlier ones, and its latency runs from that intended time, so a stalled server
 * (or a late client) shows up as latency instead of silently lowering the offered load.
 */
export async function runOpenModel(options: OpenModelOptions): Promise<LoadResult> {
  const clock = options.clock ?? realClock;
  const maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
  const t0 = clock.now();
  const due = arrivalTimes(options.ratePerSecond, options.durationMs, t0);
  const { result, fail } = recorder();
  const running = new Set<Promise<void>>();
  for (let i = 0; i < due.length; i += 1) {
    const intended = due[i]!;
    await clock.sleepUntil(intended);
    if (options.shouldStop?.()) break;
    while (running.size >= maxInFlight) await Promise.race(running);
    const run: Promise<void> = options
      .task(i)
      .then(
        () => void result.latenciesMs.push(clock.now() - intended),
        (error: unknown) => fail(error),
      )
      .finally(() => running.delete(run));
    running.add(run);
  }
  await Promise.all(running);
  const elapsedMs = clock.now() - t0;
  return { ...result, completed: result.latenciesMs.length, elapsedMs, throughput: (result.latenciesMs.length * 1000) / elapsedMs };
}

export interface ClosedLoopOptions {
  /** Concurrent workers, each issuing its next request when the previous one finished. */
  connections: number;
  durationMs: number;
  task: (worker: number, iteration: number) => Promise<void>;
  clock?: Clock;
}

/** Closed model: `connections` workers back to back for `durationMs` (work started in time is finished). */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const clock = options.clock ?? realClock;
  const t0 = clock.now();
  const end = t0 + options.durationMs;
  const { result, fail } = recorder();
  await Promise.all(
    Array.from({ length: options.connections }, async (_, worker) => {
      for (let iteration = 0; clock.now() < end; iteration += 1) {
        const started = clock.now();
        try {
          await options.task(worker, iteration);
          result.latenciesMs.push(clock.now() - started);
        } catch (error) {
          fail(error);
        }
      }
    }),
  );
  const elapsedMs = clock.now() - t0;
  return { ...result, completed: result.latenciesMs.length, elapsedMs, throughput: (result.latenciesMs.length * 1000) / elapsedMs };
}
