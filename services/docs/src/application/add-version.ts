import type { Readable } from 'node:stream';
import { conflict, type Actor } from '@tramita/kernel';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';
import { documentToChange, type DocumentWriteDeps } from './document-in-expediente.ts';
import { issueCsv } from './eni-issuer.ts';
import type { DocumentTransactions, FilesAsker } from './ports.ts';
import { ensureOpen } from './resolve-expediente.ts';
import { recordUpload, storeUpload, type StoreUploadDeps } from './store-upload.ts';

export interface AddVersionDeps extends StoreUploadDeps, DocumentWriteDeps {
  transactions: DocumentTransactions;
}

/**
 * Replaces a document's content by a new version (ENI: a document is never edited; every version
 * is immutable, keeps its hash and stays downloadable) with its own CSV. Only in an open
 * expediente, by one of its tramitadores.
 */
export async function addVersion(
  deps: AddVersionDeps,
  input: {
    id: string;
    caller: OrganismCaller;
    actor: Actor;
    asker: FilesAsker;
    audited: AuditedBy;
    fileName: string | undefined;
    content: Readable;
    confirm?: () => Promise<void>;
  },
): Promise<Document> {
  const { document, expediente } = await documentToChange(deps, input.id, input.caller, input.asker);
  // An unattached upload is replaced by uploading again.
  if (!expediente)
    throw conflict('document-not-attached', 'The document is not in an expediente yet; upload a new document instead.', { documentId: input.id });
  if (document.removed)
    throw conflict('document-removed', `The document was removed from expediente ${expediente.fileCode}; it no longer changes.`, { documentId: input.id });
  const upload = await storeUpload(deps, {
    key: document.nextBlobKey(),
    fileName: input.fileName,
    content: input.content,
    ...(input.confirm ? { confirm: input.confirm } : {}),
  });
  return recordUpload(deps.blobs, upload, () =>
    deps.transactions.run(async (documents, audit, repositories) => {
      const now = deps.clock.now();
      const current = await documents.getForUpdate(input.id);
      if (!current || current.snapshot().currentVersion !== document.snapshot().currentVersion) {
        throw conflictingVersion(input.id);
      }
      ensureOpen((await repositories.expedientes.get(expediente.organism, expediente.fileCode)) ?? expediente);
      const version = current.addVersion({
        name: upload.name,
        mediaType: upload.mediaType,
        size: upload.size,
        sha256: upload.sha256,
        by: input.actor,
        at: now,
      });
      await documents.insertVersion(version);
      await documents.update(current);
      await issueCsv(repositories.csvs, deps.issuer, version, expediente.organism, now);
      await audit.record(
        {
          action: 'document.version',
          organism: expediente.organism,
          fileCode: expediente.fileCode,
          details: { documentId: input.id, version: version.version, mediaType: version.mediaType, size: version.size, sha256: version.sha256 },
        },
        input.audited,
      );
      return current;
    }),
  );
}

const conflictingVersion = (id: string) =>
  conflict('document-version-conflict', `Someone else added a version of document ${id} at the same time; reload it and try again.`, { documentId: id });
