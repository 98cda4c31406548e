import { describe, expect, it } from 'vitest';
import { SerialLanes, type SerialLanesOptions } from './kafka-transport-lanes.ts';

const tick = (ms = 1) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

type Work = () => Promise<void>;
const noFlow = { pause() {}, resume() {} };

/** Lanes of work items, run one after another within each batch. */
function lanes(options: Partial<SerialLanesOptions<Work>> = {}): SerialLanes<Work> {
  return new SerialLanes<Work>({
    limit: 100,
    maxBatch: 1,
    flow: noFlow,
    run: async (items) => {
      for (const item of items) await item();
    },
    onError: () => {},
    ...options,
  });
}

describe('SerialLanes', () => {
  it('runs the items of one lane one after another, in order', async () => {
    const serial = lanes();
    const log: string[] = [];
    for (const n of [1, 2, 3]) {
      serial.push('p0', async () => {
        log.push(`start ${n}`);
        await tick(5 - n);
        log.push(`end ${n}`);
      });
    }
    await serial.idle();
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs different lanes concurrently', async () => {
    const serial = lanes();
    const gate = deferred();
    let otherRan = false;
    serial.push('p0', () => gate.promise);
    serial.push('p1', async () => void (otherRan = true));
    await tick();
    expect(otherRan).toBe(true);
    expect(serial.pending).toBe(1);
    gate.resolve();
    await serial.idle();
    expect(serial.pending).toBe(0);
  });

  it('hands the items queued while a lane was busy to one run, in order, at most maxBatch at a time', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const serial = new SerialLanes<number>({
      limit: 100,
      maxBatch: 3,
      flow: noFlow,
      run: async (items) => {
        batches.push(items);
        if (items[0] === 0) await gate.promise;
      },
      onError: () => {},
    });
    serial.push('p0', 0); // runs alone at once
    for (const n of [1, 2, 3, 4, 5]) serial.push('p0', n);
    serial.push('p1', 10);
    await tick();
    expect(batches).toEqual([[0], [10]]);
    gate.resolve();
    await serial.idle();
    expect(batches).toEqual([[0], [10], [1, 2, 3], [4, 5]]);
    expect(serial.pending).toBe(0);
  });

  it('reports a failing item and goes on with the lane', async () => {
    const errors: unknown[] = [];
    const serial = lanes({ onError: (error) => errors.push(error) });
    let after = false;
    serial.push('p0', async () => {
      throw new Error('bad');
    });
    serial.push('p0', async () => void (after = true));
    await serial.idle();
    expect(errors).toEqual([new Error('bad')]);
    expect(after).toBe(true);
  });

  it('pauses the source at the limit and resumes it once half is done', async () => {
    const calls: string[] = [];
    const serial = lanes({ limit: 4, flow: { pause: () => calls.push('pause'), resume: () => calls.push('resume') } });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    gates.forEach((gate, n) => serial.push(`p${n}`, () => gate.promise));
    expect(calls).toEqual(['pause']);
    gates[0]!.resolve();
    await tick();
    expect(calls).toEqual(['pause']);
    gates[1]!.resolve();
    await tick();
    expect(calls).toEqual(['pause', 'resume']);
    gates[2]!.resolve();
    gates[3]!.resolve();
    await serial.idle();
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('waits in idle() for items queued while waiting', async () => {
    const serial = lanes();
    const done: number[] = [];
    serial.push('p0', async () => {
      await tick(2);
      serial.push('p1', async () => {
        await tick(2);
        done.push(2);
      });
      done.push(1);
    });
    await serial.idle();
    expect(done).toEqual([1, 2]);
  });
});
