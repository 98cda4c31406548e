import { describe, expect, it } from 'vitest';
import { attemptDelivery } from './delivery-attempts.ts';

const policy = { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 };
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' });

/** A handler that throws the given errors, one per call, then succeeds. */
function failing(...errors: Error[]) {
  let calls = 0;
  return {
    handle: async () => {
      const error = errors[calls++];
      if (error) throw error;
    },
    calls: () => calls,
  };
}

describe('attemptDelivery', () => {
  it('succeeds at once when the handler does', async () => {
    const handler = failing();
    expect(await attemptDelivery(handler.handle, policy, () => false)).toEqual({ handled: true });
    expect(handler.calls()).toBe(1);
  });

  it('gives up after maxAttempts failures of the message itself, with the last reason', async () => {
    const handler = failing(new Error('bad 1'), new Error('bad 2'), new Error('bad 3'), new Error('never reached'));
    expect(await attemptDelivery(handler.handle, policy, () => false)).toEqual({ handled: false, reason: 'bad 3', attempts: 3 });
    expect(handler.calls()).toBe(3);
  });

  it('waits out a database outage however many failures it takes, without counting them', async () => {
    const outage = Array.from({ length: 10 }, refused);
    const handler = failing(new Error('bad 1'), ...outage, new Error('bad 2'));
    const seen: unknown[] = [];
    expect(
      await attemptDelivery(
        handler.handle,
        policy,
        () => false,
        (error) => void seen.push(error),
      ),
    ).toEqual({ handled: true });
    expect(handler.calls()).toBe(13);
    expect(seen).toHaveLength(10);
  });

  it('stops trying when told to, even in the middle of an outage', async () => {
    let calls = 0;
    const outcome = await attemptDelivery(
      async () => {
        calls++;
        throw refused();
      },
      policy,
      () => calls >= 4,
    );
    expect(outcome).toEqual({ stopped: true });
    expect(calls).toBe(4);
  });
});
