import type { Logger } from '@tramita/platform';
import type { SqlExecutor, SagaEngine, UnitOfWork } from '@tramita/messaging';
import type { SagaNotifier } from './saga-notifier.ts';

const cause = () => ({ source: 'files', correlationId: 'saga-sweeper', causationId: null });

/**
 * Compensates sagas that waited past their deadline: finds them in one transaction, then expires
 * each in its own, so one failure does not hold back the others.
 */
export function startSagaSweeper<D>(deps: {
  engine: SagaEngine<D, SqlExecutor>;
  unitOfWork: UnitOfWork;
  notifier: SagaNotifier;
  intervalMs: number;
  logger: Logger;
}): { sweep(): Promise<number>; stop(): Promise<void> } {
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
