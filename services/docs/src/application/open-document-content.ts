import { notFound } from '@tramita/kernel';
import type { Document, DocumentVersion } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { BlobContent, BlobStore } from './blob-store.ts';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import type { StandaloneAudit } from './ports.ts';
import { getDocument } from './get-document.ts';

/**
 * A document's metadata and the bytes of its current version (or of an earlier one), opened for
 * streaming to the caller. The download is a read of personal data: it is recorded in the audit
 * trail before a byte is sent (ADR 0014).
 */
export async function openDocumentContent(
  deps: { documents: DocumentRepository; blobs: BlobStore; audit: StandaloneAudit },
  id: string,
  caller: OrganismCaller,
  audited: AuditedBy,
  versionNumber?: number,
): Promise<{ document: Document; version: DocumentVersion; blob: BlobContent }> {
  const document = await getDocument(deps.documents, id, caller);
  const version = versionNumber === undefined ? document.currentVersionRecord() : await deps.documents.getVersion(id, versionNumber);
  if (!version) throw notFound('document-version-not-found', `Document ${id} has no version ${versionNumber}.`, { documentId: id, version: versionNumber });
  const blob = await deps.blobs.get(version.blobKey);
  if (!blob) throw notFound('document-content-missing', `The content of document ${id} is missing.`, { documentId: id });
  try {
    await deps.audit.recordAlone(
      {
        action: 'document.download',
        organism: document.organism,
        fileCode: document.fileCode,
        details: { documentId: id, version: version.version, sha256: version.sha256 },
      },
      audited,
    );
  } catch (error) {
    blob.content.destroy();
    throw error;
  }
  return { document, version, blob };
}
