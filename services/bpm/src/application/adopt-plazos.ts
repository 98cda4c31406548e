import { locateProcedureFor } from '../domain/procedure-repository.ts';
import type { CalendarDefaults } from './legal-calendar.ts';
import { openMaximumPlazo, plazoSubjectOf } from './open-maximum-plazo.ts';
import type { UnitOfWork } from './ports.ts';
import { loadProcedureOf } from './process-lookup.ts';
import { PLAZO_ACTOR } from './expire-plazos.ts';

const cause = (id: string) => ({ source: 'bpm', correlationId: `adopt-plazos-${id}`, causationId: null });

/**
 * Gives every unfinished expediente started before legal time its maximum plazo (ADR 0016),
 * counted from when its process started, as if it had been opened with it; forward-only and
 * idempotent, one process per transaction. Returns how many it opened.
 */
export async function adoptPlazos(unitOfWork: UnitOfWork, host: { calendarDefaults: CalendarDefaults }, batch = 100): Promise<number> {
  let opened = 0;
  for (;;) {
    const missing = await unitOfWork.run(cause('list'), (repositories) => repositories.plazos.processesWithoutMaximum(batch));
    let progressed = false;
    for (const processId of missing) {
      const done = await unitOfWork
        .run(cause(processId), async (repositories, outbox) => {
          const process = await repositories.processes.findById(processId);
          if (!process || process.finished || (await repositories.plazos.ofProcess(processId)).some((plazo) => plazo.kind === 'MAXIMO')) return false;
          const procedure = await loadProcedureOf(repositories, process);
          const { code, version } = process.state().procedure;
          const located = await locateProcedureFor(repositories.procedures, code, process.organism, version);
          const bpmn = located ? await repositories.procedures.findBpmn(code, located.catalogue, version) : null;
          await openMaximumPlazo(
            { ...repositories, outbox, calendarDefaults: host.calendarDefaults },
            plazoSubjectOf(process),
            procedure,
            bpmn?.model ?? null,
            PLAZO_ACTOR,
          );
          return true;
        })
        .catch(() => false);
      if (done) opened++;
      progressed ||= done;
    }
    if (missing.length < batch || !progressed) return opened;
  }
}
