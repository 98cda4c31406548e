import { bpmParticipant } from '@tramita/contracts';
import type { Clock } from '@tramita/kernel';
import { sagaParticipantConsumer, type SqlExecutor, type Subscription, type UnitOfWork } from '@tramita/messaging';
import { createProcess } from '../../application/create-process.ts';
import { deleteProcess } from '../../application/delete-process.ts';
import type { BpmRepositories } from '../../application/ports.ts';

export interface BpmCommandsDeps<Tx extends SqlExecutor> {
  unitOfWork: UnitOfWork<Tx>;
  /** The repositories bound to the consumer's transaction. */
  repositoriesOf: (trx: Tx) => BpmRepositories;
  clock: Clock;
  defaultProcedureCode: string;
}

/** Saga participant on bpm.commands: CreateProcess and its compensation DeleteProcess (bpm's contract in packages/contracts). */
export function bpmCommandsConsumer<Tx extends SqlExecutor>(deps: BpmCommandsDeps<Tx>): Subscription {
  return sagaParticipantConsumer(bpmParticipant, {
    unitOfWork: deps.unitOfWork,
    handlers: {
      CreateProcess: async (trx, command, { outbox, reply }) => {
        const result = await createProcess(
          { ...deps.repositoriesOf(trx), outbox, clock: deps.clock, defaultProcedureCode: deps.defaultProcedureCode },
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
    },
  });
}
