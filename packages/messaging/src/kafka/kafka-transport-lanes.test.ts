import { describe, expect, it } from 'vitest';
import { SerialLanes } from './kafka-transport-lanes.ts';

const tick = (ms = 1) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SerialLanes', () => {
  const noFlow = { pause() {}, resume() {} };

  it('runs the items of one lane one after another, in order', async () => {
    const lanes = new SerialLanes(100, noFlow, () => {});
    const log: string[] = [];
    for (const n of [1, 2, 3]) {
      lanes.push('p0', async () => {
        log.push(`start ${n}`);
        await tick(5 - n);
        log.push(`end ${n}`);
      });
    }
    await lanes.idle();
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs different lanes concurrently', async () => {
    const lanes = new SerialLanes(100, noFlow, () => {});
    const gate = deferred();
    let otherRan = false;
    lanes.push('p0', () => gate.promise);
    lanes.push('p1', async () => void (otherRan = true));
    await tick();
    expect(otherRan).toBe(true);
    expect(lanes.pending).toBe(1);
    gate.resolve();
    await lanes.idle();
    expect(lanes.pending).toBe(0);
  });

  it('reports a failing item and goes on with the lane', async () => {
    const errors: unknown[] = [];
    const lanes = new SerialLanes(100, noFlow, (error) => errors.push(error));
    let after = false;
    lanes.push('p0', async () => {
      throw new Error('bad');
    });
    lanes.push('p0', async () => void (after = true));
    await lanes.idle();
    expect(errors).toEqual([new Error('bad')]);
    expect(after).toBe(true);
  });

  it('pauses the source at the limit and resumes it once half is done', async () => {
    const calls: string[] = [];
    const lanes = new SerialLanes(4, { pause: () => calls.push('pause'), resume: () => calls.push('resume') }, () => {});
    const gates = [deferred(), deferred(), deferred(), deferred()];
    gates.forEach((gate, n) => lanes.push(`p${n}`, () => gate.promise));
    expect(calls).toEqual(['pause']);
    gates[0]!.resolve();
    await tick();
    expect(calls).toEqual(['pause']);
    gates[1]!.resolve();
    await tick();
    expect(calls).toEqual(['pause', 'resume']);
    gates[2]!.resolve();
    gates[3]!.resolve();
    await lanes.idle();
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('waits in idle() for items queued while waiting', async () => {
    const lanes = new SerialLanes(100, noFlow, () => {});
    const done: number[] = [];
    lanes.push('p0', async () => {
      await tick(2);
      lanes.push('p1', async () => {
        await tick(2);
        done.push(2);
      });
      done.push(1);
    });
    await lanes.idle();
    expect(done).toEqual([1, 2]);
  });
});
