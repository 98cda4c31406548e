import type { SagaEngine } from '../core/saga.ts';
import type { SagaNotifier } from '../core/saga-notifier.ts';
import type { SqlExecutor, UnitOfWork } from './unit-of-work.ts';

/** Where the sweeper reports (a pino logger fits). */
export interface SweeperLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Compensates sagas that waited past their deadline: finds them in one transaction, then expires
 * each in its own, so one failure does not hold back the others. Changes are announced to the
 * notifier once committed.
 */
export function startSagaSweeper<D, Tx extends SqlExecutor>(deps: {
  /** The orchestrating service: the `source` of the compensations it sends. */
  service: string;
  engine: SagaEngine<D, Tx>;
  unitOfWork: UnitOfWork<Tx>;
  notifier: SagaNotifier;
  intervalMs: number;
  logger: SweeperLog;
}): { sweep(): Promise<number>; stop(): Promise<void> } {
  const cause = () => ({ source: deps.service, correlationId: 'saga-sweeper', causationId: null });
  let running: Promise<number> | undefined;

  async function sweepOnce(): Promise<number> {
    const ids = await deps.unitOfWork.run(cause(), (trx) => deps.engine.overdue(trx));
    let expired = 0;
    for (const id of ids) {
      try {
        const state = await deps.notifier.afterCommit(() => deps.unitOfWork.run(cause(), (trx, outbox) => deps.engine.expire(trx, outbox, id)));
        expired += 1;
        deps.logger.warn({ sagaId: id, status: state?.status, reason: state?.reason }, 'saga timed out');
      } catch (error) {
        deps.logger.error({ err: error, sagaId: id }, 'could not expire saga');
      }
    }
    return expired;
  }

  const sweep = (): Promise<number> => {
    running ??= sweepOnce().finally(() => (running = undefined));
    return running;
  };

  const timer = setInterval(() => {
    sweep().catch((error: unknown) => deps.logger.error({ err: error }, 'saga sweep failed'));
  }, deps.intervalMs);
  timer.unref();

  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
