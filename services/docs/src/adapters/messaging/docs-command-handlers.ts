import type { docsParticipant } from '@tramita/contracts';
import type { Clock } from '@tramita/kernel';
import type { ParticipantHandlers, SqlExecutor } from '@tramita/messaging';
import { attachDocuments } from '../../application/attach-documents.ts';
import { detachDocuments } from '../../application/detach-documents.ts';
import type { EniIssuer } from '../../application/eni-issuer.ts';
import type { DocsRepositories } from '../../application/ports.ts';

type DocsParticipant = typeof docsParticipant;

/**
 * docs' answers as a saga participant on docs.commands (its contract in packages/contracts):
 * AttachDocuments and its compensation DetachDocuments. main.ts hands them to messaging's
 * participant consumer, which checks commands and replies and refuses late commands.
 */
export function docsCommandHandlers<Tx extends SqlExecutor>(
  repositoriesIn: (trx: Tx) => DocsRepositories,
  clock: Clock,
  issuer: EniIssuer,
  /** The organism of commands sent before organisms existed (ADR 0013). */
  defaultOrganism: string,
): ParticipantHandlers<DocsParticipant['commands'], DocsParticipant['replies'], Tx> {
  return {
    AttachDocuments: async (trx, command, { sagaId, reply }) => {
      const result = await attachDocuments(
        { ...repositoriesIn(trx), clock, issuer },
        { ...command, organism: command.organism ?? defaultOrganism, attachmentId: sagaId },
      );
      return result.attached
        ? reply.success('DocumentsAttached', { fileCode: command.fileCode, documentIds: result.documentIds })
        : reply.failure('DocumentsAttachFailed', { reason: result.reason });
    },
    DetachDocuments: async (trx, command, { sagaId, reply }) => {
      await detachDocuments({ ...repositoriesIn(trx), clock }, { ...command, attachmentId: sagaId });
      return reply.success('DocumentsDetached', { fileCode: command.fileCode, documentIds: command.documentIds });
    },
  };
}
