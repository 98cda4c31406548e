import type { Readable } from 'node:stream';
import { newId, type Actor, type Clock } from '@tramita/kernel';
import type { AuditedBy } from '@tramita/platform';
import { Document } from '../domain/document.ts';
import type { DocumentTransactions } from './ports.ts';
import { recordUpload, storeUpload, type StoreUploadDeps } from './store-upload.ts';

export type { UploadPolicy } from './store-upload.ts';

export interface UploadDocumentDeps extends StoreUploadDeps {
  /** The metadata row and its audit entry commit together (ADR 0014). */
  transactions: DocumentTransactions;
  clock: Clock;
}

export interface UploadDocumentInput {
  /** File name as the client sent it (sanitised here). */
  fileName: string | undefined;
  /** The bytes, streamed: never held whole in memory. */
  content: Readable;
  uploadedBy: Actor;
  /** Who uploads, from where, in which request: the audit entry's attribution. */
  audited: AuditedBy;
  /**
   * The uploader's organism, when they upload for one organism only (ADR 0013): until the saga
   * attaches the document to an expediente, only that organism's members read it, and its audit
   * entry is that organism's. Null otherwise: readable by id, as before organisms.
   */
  organism: string | null;
  /** Checked once the bytes are stored and before anything is recorded (e.g. "nothing else was sent"); throwing discards the blob. */
  confirm?: () => Promise<void>;
}

/**
 * Stores an upload (streamed, measured, typed from its content) as a new unattached document.
 * Whatever fails, no blob and no row are left behind.
 */
export async function uploadDocument(deps: UploadDocumentDeps, input: UploadDocumentInput): Promise<Document> {
  const now = deps.clock.now();
  const id = newId(now.getTime());
  const upload = await storeUpload(deps, { key: id, fileName: input.fileName, content: input.content, ...(input.confirm ? { confirm: input.confirm } : {}) });
  return recordUpload(deps.blobs, upload, async () => {
    const document = Document.upload({ id, ...upload, uploadedBy: input.uploadedBy, at: now, organism: input.organism });
    await deps.transactions.run(async (documents, audit) => {
      await documents.insert(document);
      // Not yet attached: the document joins an expediente (and its organism) when the saga attaches it.
      await audit.record(
        {
          action: 'document.upload',
          organism: input.organism,
          details: { documentId: id, mediaType: upload.mediaType, size: upload.size, sha256: upload.sha256 },
        },
        input.audited,
      );
    });
    return document;
  });
}
