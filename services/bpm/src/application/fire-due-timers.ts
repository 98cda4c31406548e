import type { Actor } from '@tramita/kernel';
import { recordRun, runEngine, type EngineHost } from './engine-runner.ts';
import type { UnitOfWork } from './ports.ts';

/** Who moves a process when one of its timers fires: the engine itself. */
export const TIMER_ACTOR: Actor = { username: 'bpm-timer', displayName: 'Temporizador del procedimiento' };

/**
 * Fires the timers that are due, each in its own transaction (ADR 0015, point 3): the timer is
 * claimed with `for update skip locked` (another replica skips it), the engine applies it, and it
 * is marked fired, all in one commit — a crash before the commit leaves it due, after it fired.
 * Returns how many fired (at most `limit`).
 */
export async function fireDueTimers(unitOfWork: UnitOfWork, engine: EngineHost, limit: number): Promise<number> {
  let fired = 0;
  while (fired < limit) {
    const correlationId = `timer-${engine.clock.now().getTime()}-${fired}`;
    const one = await unitOfWork.run({ source: 'bpm', correlationId, causationId: null }, async (repositories, outbox, audit) => {
      const deps = { ...repositories, ...engine, outbox };
      const [due] = await repositories.instances.claimDueTimers(engine.clock.now(), 1);
      if (!due) return false;
      const process = await repositories.processes.findById(due.processId);
      if (process) {
        const locked = await repositories.processes.lockByFileCode(process.fileCode, process.organism);
        const context = { processId: due.processId, organism: process.organism, fileCode: process.fileCode, actor: TIMER_ACTOR };
        const progress = await runEngine(deps, { instanceId: due.instanceId, event: { type: 'fireTimer', timerId: due.engineTimerId } }, context);
        if (locked) await recordRun(deps, locked, progress, TIMER_ACTOR);
        await audit.record(
          { action: 'timer.fire', organism: process.organism, fileCode: process.fileCode, details: { timerId: due.timerId } },
          {
            actor: TIMER_ACTOR,
            correlationId,
            sourceAddress: null,
          },
        );
      }
      await repositories.instances.markTimerFired(due.timerId, engine.clock.now());
      return true;
    });
    if (!one) break;
    fired += 1;
  }
  return fired;
}
