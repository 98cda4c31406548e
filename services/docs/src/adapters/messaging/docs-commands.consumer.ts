import { docsParticipant } from '@tramita/contracts';
import type { Clock } from '@tramita/kernel';
import { sagaParticipantConsumer, type SqlExecutor, type Subscription, type UnitOfWork } from '@tramita/messaging';
import { attachDocuments } from '../../application/attach-documents.ts';
import { detachDocuments } from '../../application/detach-documents.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';

export interface DocsCommandsDeps<Tx extends SqlExecutor> {
  unitOfWork: UnitOfWork<Tx>;
  /** The document repository bound to the consumer's transaction. */
  documentsIn: (trx: Tx) => DocumentRepository;
  clock: Clock;
}

/** Saga participant on docs.commands: AttachDocuments and its compensation DetachDocuments (docs' contract in packages/contracts). */
export function docsCommandsConsumer<Tx extends SqlExecutor>(deps: DocsCommandsDeps<Tx>): Subscription {
  return sagaParticipantConsumer(docsParticipant, {
    unitOfWork: deps.unitOfWork,
    handlers: {
      AttachDocuments: async (trx, command, { sagaId, reply }) => {
        const result = await attachDocuments({ documents: deps.documentsIn(trx), clock: deps.clock }, { ...command, attachmentId: sagaId });
        return result.attached
          ? reply.success('DocumentsAttached', { fileCode: command.fileCode, documentIds: result.documentIds })
          : reply.failure('DocumentsAttachFailed', { reason: result.reason });
      },
      DetachDocuments: async (trx, command, { sagaId, reply }) => {
        await detachDocuments({ documents: deps.documentsIn(trx), clock: deps.clock }, { ...command, attachmentId: sagaId });
        return reply.success('DocumentsDetached', { fileCode: command.fileCode, documentIds: command.documentIds });
      },
    },
  });
}
