import { isTransientFailure } from './transient-failure.ts';
import { backoff, type RetryPolicy } from './transport.ts';

export type DeliveryOutcome = { handled: true } | { handled: false; reason: string; attempts: number } | { stopped: true };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a message's handler until it succeeds or has failed `policy.maxAttempts` times for
 * reasons of its own (then the caller dead-letters it, with the last reason). A failure of the
 * infrastructure under the handler (isTransientFailure: the database restarting, a connection
 * cut) does not count: it is waited out, with backoff, for as long as it lasts — dead-lettering
 * would drop the message's effect for good. `stopped` is checked before every attempt.
 */
export async function attemptDelivery(
  handle: () => Promise<void>,
  policy: RetryPolicy,
  stopped: () => boolean,
  onTransientFailure: (error: unknown) => void = () => {},
): Promise<DeliveryOutcome> {
  let reason = '';
  let waits = 0;
  for (let attempt = 1; attempt <= policy.maxAttempts;) {
    if (stopped()) return { stopped: true };
    try {
      await handle();
      return { handled: true };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      if (isTransientFailure(error)) {
        onTransientFailure(error);
        await sleep(backoff(policy, ++waits));
        continue;
      }
      waits = 0;
      if (attempt < policy.maxAttempts) await sleep(backoff(policy, attempt));
      attempt++;
    }
  }
  return { handled: false, reason, attempts: policy.maxAttempts };
}
