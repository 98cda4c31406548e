import type { Kysely } from 'kysely';
import type { Clock } from '@tramita/kernel';
import { docsCommands, parseMessage, topics } from '@tramita/contracts';
import { inboxConsumer, sagaReply, type Envelope, type Outbox, type Subscription, type UnitOfWork } from '@tramita/messaging';
import { attachDocuments } from '../../application/attach-documents.ts';
import { detachDocuments } from '../../application/detach-documents.ts';
import { PostgresCompensationLog } from '../postgres/compensation-log.postgres.ts';
import type { DocsDatabase } from '../postgres/database.ts';
import { PostgresDocumentRepository } from '../postgres/document-repository.postgres.ts';

/**
 * The docs service as a saga participant on `docs.commands`: each command runs in the inbox
 * transaction, and its reply goes out through the outbox of that same transaction.
 */
export function docsCommandsConsumer(options: { unitOfWork: UnitOfWork; clock: Clock }): Subscription {
  return inboxConsumer({
    group: 'docs',
    source: 'docs',
    topics: [topics.docsCommands],
    unitOfWork: options.unitOfWork,
    handlers: {
      AttachDocuments: async (trx, envelope, outbox) => {
        const command = parseMessage(docsCommands.AttachDocuments, envelope);
        const db = trx as unknown as Kysely<DocsDatabase>;
        const result = await attachDocuments(
          { documents: new PostgresDocumentRepository(db), compensations: new PostgresCompensationLog(db), clock: options.clock },
          { ...command, attachmentId: envelope.sagaid ?? null },
        );
        if (result.attached) {
          reply(outbox, envelope, 'success', 'DocumentsAttached', { fileCode: command.fileCode, documentIds: result.documentIds });
        } else {
          reply(outbox, envelope, 'failure', 'DocumentsAttachFailed', { reason: result.reason });
        }
      },
      DetachDocuments: async (trx, envelope, outbox) => {
        const command = parseMessage(docsCommands.DetachDocuments, envelope);
        const db = trx as unknown as Kysely<DocsDatabase>;
        await detachDocuments(
          { documents: new PostgresDocumentRepository(db), compensations: new PostgresCompensationLog(db), clock: options.clock },
          { ...command, attachmentId: envelope.sagaid ?? null },
        );
        reply(outbox, envelope, 'success', 'DocumentsDetached', { fileCode: command.fileCode, documentIds: command.documentIds });
      },
    },
  });
}

/** Commands sent outside a saga get no reply (there is nowhere to send it). */
function reply(outbox: Outbox, command: Envelope, outcome: 'success' | 'failure', type: string, data: unknown): void {
  if (!command.replyto || !command.sagaid) return;
  outbox.send(sagaReply(command, outcome, type, data));
}
