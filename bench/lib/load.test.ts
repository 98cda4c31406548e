import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { arrivalTimes, runClosedLoop, runOpenModel, type Clock } from './load.ts';

describe('open-model scheduler', () => {
  it('spaces intended start times evenly at the arrival rate', () => {
    expect(arrivalTimes(4, 1000)).toEqual([0, 250, 500, 750]);
    expect(arrivalTimes(10, 350, 1000)).toEqual([1000, 1100, 1200]);
    expect(() => arrivalTimes(0, 1000)).toThrow(/positive/);
  });

  it('starts requests on schedule, not when earlier ones finish', async () => {
    const starts: number[] = [];
    const t0 = performance.now();
    const result = await runOpenModel({
      ratePerSecond: 50,
      durationMs: 400,
      task: async () => {
        starts.push(performance.now() - t0);
        await sleep(100); // each request is slower than the interval (20 ms)
      },
    });
    expect(result.completed).toBe(20);
    // The 10th request starts ~180 ms in, long before 9 requests of 100 ms could have finished one by one.
    expect(starts[9]!).toBeLessThan(700);
    expect(result.errors).toBe(0);
  });

  it('counts waiting behind a stalled server as latency (no coordinated omission)', async () => {
    // One request at a time, each taking 40 ms, but due every 10 ms: request i waits for the i
    // before it, so its latency from the intended start grows by ~30 ms per request.
    const result = await runOpenModel({ ratePerSecond: 100, durationMs: 200, maxInFlight: 1, task: () => sleep(40) });
    expect(result.completed).toBe(20);
    const first = result.latenciesMs[0]!;
    const last = result.latenciesMs.at(-1)!;
    expect(first).toBeGreaterThanOrEqual(39);
    expect(first).toBeLessThan(300);
    // A closed-loop measurement would report ~40 ms for every request; the truth is ~600 ms for the last.
    expect(last).toBeGreaterThan(500);
  });

  it('measures from the intended start on an injected clock', async () => {
    let now = 0;
    const clock: Clock = { now: () => now, sleepUntil: async (t) => void (now = Math.max(now, t)) };
    const result = await runOpenModel({
      ratePerSecond: 10,
      durationMs: 300,
      clock,
      task: async (i) => void (now += i === 0 ? 250 : 5), // the first request stalls 250 ms
    });
    // Due at 0, 100, 200: the second and third were due while the first was stalling.
    expect(result.latenciesMs).toEqual([250, 155, 60]);
  });

  it('ends the schedule early when asked to, awaiting what is in flight', async () => {
    let stop = false;
    let finished = 0;
    const started = performance.now();
    const run = runOpenModel({ ratePerSecond: 100, durationMs: 60_000, shouldStop: () => stop, task: () => sleep(30).then(() => void (finished += 1)) });
    await sleep(100);
    stop = true;
    const result = await run;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.completed).toBe(finished);
    expect(result.completed).toBeGreaterThan(3);
  });

  it('records failures apart from latencies', async () => {
    const result = await runOpenModel({
      ratePerSecond: 100,
      durationMs: 50,
      task: async (i) => {
        if (i % 2 === 1) throw new Error(`boom ${i}`);
      },
    });
    expect(result.completed).toBe(3);
    expect(result.errors).toBe(2);
    expect(result.errorSamples).toEqual(['boom 1', 'boom 3']);
  });
});

describe('closed-loop load', () => {
  it('keeps every connection busy back to back until the duration ends', async () => {
    const perWorker = [0, 0, 0];
    const result = await runClosedLoop({
      connections: 3,
      durationMs: 200,
      task: async (worker) => {
        perWorker[worker]! += 1;
        await sleep(20);
      },
    });
    expect(result.completed).toBe(perWorker.reduce((a, b) => a + b));
    for (const count of perWorker) expect(count).toBeGreaterThanOrEqual(5);
    expect(result.throughput).toBeGreaterThan(40);
    expect(result.throughput).toBeLessThan(160);
  });
});
