import { bpmCommands, bpmReplies, parseMessage, topics } from '@tramita/contracts';
import type { Clock } from '@tramita/kernel';
import { inboxConsumer, sagaReply, type AnyTransaction, type Subscription, type UnitOfWork } from '@tramita/messaging';
import { createProcess } from '../../application/create-process.ts';
import { deleteProcess } from '../../application/delete-process.ts';
import type { BpmRepositories } from '../../application/ports.ts';

export interface BpmCommandsDeps {
  unitOfWork: UnitOfWork;
  /** The repositories bound to the consumer's transaction. */
  repositoriesOf: (trx: AnyTransaction) => BpmRepositories;
  clock: Clock;
  defaultProcedureCode: string;
}

/** Saga participant: CreateProcess and its compensation DeleteProcess, replied on the command's `replyto`. */
export function bpmCommandsConsumer(deps: BpmCommandsDeps): Subscription {
  return inboxConsumer({
    group: 'bpm',
    source: 'bpm',
    topics: [topics.bpmCommands],
    unitOfWork: deps.unitOfWork,
    handlers: {
      CreateProcess: async (trx, envelope, outbox) => {
        const command = parseMessage(bpmCommands.CreateProcess, envelope);
        const result = await createProcess(
          { ...deps.repositoriesOf(trx), outbox, clock: deps.clock, defaultProcedureCode: deps.defaultProcedureCode },
          command,
        );
        if (result.outcome === 'refused') {
          outbox.send(sagaReply(envelope, 'failure', 'ProcessCreationFailed', bpmReplies.ProcessCreationFailed.parse({ reason: result.reason })));
          return;
        }
        const reply = bpmReplies.ProcessCreated.parse({
          processId: result.process.processId,
          phase: result.process.phase,
          procedure: { code: result.procedure.code, version: result.procedure.version },
        });
        outbox.send(sagaReply(envelope, 'success', 'ProcessCreated', reply));
      },
      DeleteProcess: async (trx, envelope, outbox) => {
        const { processId } = parseMessage(bpmCommands.DeleteProcess, envelope);
        await deleteProcess({ ...deps.repositoriesOf(trx), outbox, clock: deps.clock }, processId);
        outbox.send(sagaReply(envelope, 'success', 'ProcessDeleted', bpmReplies.ProcessDeleted.parse({ processId })));
      },
    },
  });
}
