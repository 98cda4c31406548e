import type { bpmParticipant } from '@tramita/contracts';
import type { EngineServices, PlazoCounter } from '@tramita/bpmn';
import type { Clock } from '@tramita/kernel';
import type { ParticipantHandlers, SqlExecutor } from '@tramita/messaging';
import { createProcess } from '../../application/create-process.ts';
import { deleteProcess } from '../../application/delete-process.ts';
import type { BpmRepositories } from '../../application/ports.ts';
import type { CalendarDefaults } from '../../application/legal-calendar.ts';

type BpmParticipant = typeof bpmParticipant;

/**
 * bpm's answers as a saga participant on bpm.commands (its contract in packages/contracts):
 * CreateProcess and its compensation DeleteProcess. main.ts hands them to messaging's
 * participant consumer, which checks commands and replies and refuses late commands.
 */
export function bpmCommandHandlers<Tx extends SqlExecutor>(deps: {
  /** The repositories bound to the consumer's transaction. */
  repositoriesOf: (trx: Tx) => BpmRepositories;
  clock: Clock;
  /** The engine's services at `now`, with the count of plazos in legal units (ADR 0016). */
  engineServices: (now: Date, plazoDue: PlazoCounter) => EngineServices;
  /** The seat of organisms that have not stated theirs (ADR 0016). */
  calendarDefaults: CalendarDefaults;
  defaultProcedureCode: string;
  defaultOrganism: string;
}): ParticipantHandlers<BpmParticipant['commands'], BpmParticipant['replies'], Tx> {
  return {
    CreateProcess: async (trx, command, { outbox, reply }) => {
      const result = await createProcess(
        {
          ...deps.repositoriesOf(trx),
          outbox,
          clock: deps.clock,
          engineServices: deps.engineServices,
          calendarDefaults: deps.calendarDefaults,
          defaultProcedureCode: deps.defaultProcedureCode,
          defaultOrganism: deps.defaultOrganism,
        },
        command,
      );
      if (result.outcome === 'refused') return reply.failure('ProcessCreationFailed', { reason: result.reason });
      return reply.success('ProcessCreated', {
        processId: result.process.processId,
        phase: result.process.phase,
        procedure: { code: result.procedure.code, version: result.procedure.version },
      });
    },
    DeleteProcess: async (trx, { processId }, { outbox, reply }) => {
      await deleteProcess({ ...deps.repositoriesOf(trx), outbox, clock: deps.clock }, processId);
      return reply.success('ProcessDeleted', { processId });
    },
  };
}
