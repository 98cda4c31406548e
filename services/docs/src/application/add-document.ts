import type { Readable } from 'node:stream';
import { newId, type Actor, type Clock } from '@tramita/kernel';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import { Document, type DocumentEniMetadata } from '../domain/document.ts';
import { issueCsv, newDocumentIdentifier, type EniIssuer } from './eni-issuer.ts';
import type { DocumentTransactions, FileRecords, FilesAsker } from './ports.ts';
import { ensureOpen, requireTramitador, resolveExpediente } from './resolve-expediente.ts';
import { recordUpload, storeUpload, type StoreUploadDeps } from './store-upload.ts';
import type { DocsRepositories } from './ports.ts';

export interface AddDocumentDeps extends StoreUploadDeps {
  transactions: DocumentTransactions;
  /** Reads outside a transaction. */
  repositories: DocsRepositories;
  files: FileRecords;
  issuer: EniIssuer;
  clock: Clock;
}

export interface AddDocumentInput {
  fileCode: string;
  organism?: string;
  caller: OrganismCaller;
  actor: Actor;
  asker: FilesAsker;
  audited: AuditedBy;
  eni: DocumentEniMetadata;
  folder: string | null;
  fileName: string | undefined;
  content: Readable;
  confirm?: () => Promise<void>;
}

/**
 * Adds a document to an open expediente (Ley 39/2015 art. 70: the expediente is the ordered
 * aggregation of its documents): its bytes become version 1, it takes the next place in the
 * índice, an ENI identifier and its CSV. A finished expediente's documents are read-only.
 */
export async function addDocument(deps: AddDocumentDeps, input: AddDocumentInput): Promise<Document> {
  const expediente = await resolveExpediente(
    { repositories: deps.repositories, files: deps.files, issuer: deps.issuer, clock: deps.clock },
    { fileCode: input.fileCode, ...(input.organism ? { organism: input.organism } : {}), caller: input.caller, asker: input.asker },
  );
  requireTramitador(input.caller, expediente);
  ensureOpen(expediente);
  const now = deps.clock.now();
  const id = newId(now.getTime());
  const upload = await storeUpload(deps, { key: id, fileName: input.fileName, content: input.content, ...(input.confirm ? { confirm: input.confirm } : {}) });
  return recordUpload(deps.blobs, upload, () =>
    deps.transactions.run(async (documents, audit, repositories) => {
      // Checked again inside the transaction: the expediente may have finished meanwhile.
      const current = await repositories.expedientes.get(expediente.organism, expediente.fileCode);
      ensureOpen(current ?? expediente);
      const document = Document.upload({
        id,
        ...upload,
        uploadedBy: input.actor,
        at: now,
        organism: expediente.organism,
        eni: input.eni,
        folder: input.folder,
      });
      await documents.insert(document);
      const placement = {
        eniIdentifier: newDocumentIdentifier(deps.issuer, expediente.organism, now, now),
        position: await documents.nextPosition(expediente.organism, expediente.fileCode),
      };
      document.attachTo(expediente.fileCode, input.actor, now, null, expediente.organism, placement);
      await documents.update(document);
      await issueCsv(repositories.csvs, deps.issuer, document.currentVersionRecord(), expediente.organism, now);
      await audit.record(
        {
          action: 'document.add',
          organism: expediente.organism,
          fileCode: expediente.fileCode,
          details: { documentId: id, eniIdentifier: placement.eniIdentifier, mediaType: upload.mediaType, size: upload.size, sha256: upload.sha256 },
        },
        input.audited,
      );
      return document;
    }),
  );
}
