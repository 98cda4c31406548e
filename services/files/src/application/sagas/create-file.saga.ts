import { notFound, type Actor } from '@tramita/kernel';
import { bpmParticipant, bpmProxy, docsParticipant, docsProxy, topics } from '@tramita/contracts';
import { remoteStep, type SagaDefinition } from '@tramita/messaging';
import { Expediente, type CodeName } from '../../domain/expediente.ts';
import type { FileRepository } from '../../domain/file-repository.ts';
import { sendRecordedEvents } from '../file-events.ts';

/** What the create-expediente saga carries: ids and metadata only, never document content. */
export interface CreateFileSagaData {
  sagaId: string;
  code: string;
  /** The organism (DIR3) the expediente belongs to. */
  organism: string;
  /** Its responsible unit within the organism (absent in sagas started before units). */
  unit?: string | null;
  /** Chosen at saga start so the compensation can name the process even if no reply came. */
  processId: string;
  initialOption: CodeName;
  /** bpm procedure for the option; null: bpm's default. */
  procedureCode: string | null;
  description: string;
  documentIds: string[];
  requestedBy: Actor;
  requestedAt: string;
  /** First phase, from bpm's ProcessCreated reply. */
  phase: CodeName | null;
}

export const CREATE_FILE_SAGA = 'create-file';

/** Raised when the code was taken between the pre-check and the reservation: the request ends in 409. */
export class FileCodeTakenError extends Error {
  readonly fileCode: string;

  constructor(fileCode: string) {
    super(`The code ${fileCode} was taken by a concurrent request.`);
    this.fileCode = fileCode;
    this.name = 'FileCodeTakenError';
  }
}

/**
 * The create-expediente saga. Each compensation sits right under its action and undoes only what
 * this saga instance created.
 */
export function createFileSaga<Tx>(deps: { filesIn: (trx: Tx) => FileRepository; timeoutMs: number }): SagaDefinition<CreateFileSagaData, Tx> {
  return {
    type: CREATE_FILE_SAGA,
    replyTopic: topics.createFileReplies,
    timeoutMs: deps.timeoutMs,
    steps: [
      {
        kind: 'local',
        name: 'reserve-file',
        async run(trx, data) {
          const reservation = Expediente.reserve({
            code: data.code,
            organism: data.organism,
            unit: data.unit ?? null,
            processId: data.processId,
            initialOption: data.initialOption,
            description: data.description,
            documentIds: data.documentIds,
            sagaId: data.sagaId,
            by: data.requestedBy,
            at: new Date(data.requestedAt),
          });
          // Not a DomainError on purpose: the engine rethrows it and the whole start rolls back.
          if (!(await deps.filesIn(trx).reserve(reservation))) throw new FileCodeTakenError(data.code);
          return data;
        },
        async compensate(trx, data) {
          await deps.filesIn(trx).deleteReservation(data.code, data.sagaId);
        },
      },
      remoteStep(bpmParticipant, {
        name: 'open-process',
        invoke: (data) =>
          bpmProxy.CreateProcess({
            processId: data.processId,
            fileCode: data.code,
            organism: data.organism,
            ...(data.procedureCode ? { procedureCode: data.procedureCode } : {}),
            requestedBy: data.requestedBy,
          }),
        onSuccess: { ProcessCreated: (data, reply) => ({ ...data, phase: reply.phase }) },
        compensate: (data) => bpmProxy.DeleteProcess({ processId: data.processId }),
      }),
      remoteStep(docsParticipant, {
        name: 'attach-documents',
        invoke: (data) =>
          docsProxy.AttachDocuments({ fileCode: data.code, organism: data.organism, documentIds: data.documentIds, requestedBy: data.requestedBy }),
        compensate: (data) => docsProxy.DetachDocuments({ fileCode: data.code, documentIds: data.documentIds }),
      }),
      {
        kind: 'local',
        name: 'activate-file',
        async run(trx, data, outbox) {
          const files = deps.filesIn(trx);
          const expediente = await files.findReservation(data.code, data.sagaId);
          if (!expediente) {
            throw notFound('reservation-lost', `The reservation of ${data.code} by this saga is gone.`);
          }
          expediente.activate({ documentIds: data.documentIds, phase: data.phase });
          await files.save(expediente);
          sendRecordedEvents(expediente, outbox);
          return data;
        },
      },
    ],
  };
}
