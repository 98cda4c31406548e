import { Readable } from 'node:stream';
import { DomainError, newId, type Actor, type Clock } from '@tramita/kernel';
import { Document } from '../domain/document.ts';
import type { AuditedBy } from '@tramita/platform';
import { sanitizeDocumentName } from '../domain/document-name.ts';
import type { BlobStore } from './blob-store.ts';
import { decideMediaType, TextDetector, type MediaTypeSniffer } from './media-type.ts';
import type { DocumentTransactions } from './ports.ts';

export interface UploadPolicy {
  maxBytes: number;
  allowedMediaTypes: ReadonlySet<string>;
}

export interface UploadDocumentDeps {
  /** The metadata row and its audit entry commit together (ADR 0014). */
  transactions: DocumentTransactions;
  blobs: BlobStore;
  sniffer: MediaTypeSniffer;
  clock: Clock;
  policy: UploadPolicy;
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
 * Streams an upload to the blob store under a generated key while measuring it, recognises its
 * media type from the stored bytes, checks the allow-list and records the metadata. Whatever
 * fails, no blob and no row are left behind.
 */
export async function uploadDocument(deps: UploadDocumentDeps, input: UploadDocumentInput): Promise<Document> {
  const now = deps.clock.now();
  const id = newId(now.getTime());
  const text = new TextDetector();
  const observed = Readable.from(observe(input.content, text), { objectMode: false });

  let stored;
  try {
    stored = await deps.blobs.put(id, observed, { maxBytes: deps.policy.maxBytes });
  } catch (error) {
    // The store may have failed before reading anything; let go of the source either way.
    input.content.destroy();
    throw error;
  }
  try {
    await input.confirm?.();
    if (stored.size === 0) throw new DomainError('file-empty', 'validation', 'The file is empty.');
    const mediaType = decideMediaType(await sniffStored(deps, id), text.isText());
    if (!deps.policy.allowedMediaTypes.has(mediaType)) {
      throw new DomainError('media-type-not-allowed', 'validation', `Files of type ${mediaType} are not accepted.`, {
        mediaType,
        allowedMediaTypes: [...deps.policy.allowedMediaTypes],
      });
    }
    const document = Document.upload({
      id,
      name: sanitizeDocumentName(input.fileName),
      mediaType,
      size: stored.size,
      sha256: stored.sha256,
      uploadedBy: input.uploadedBy,
      at: now,
      organism: input.organism,
    });
    await deps.transactions.run(async (documents, audit) => {
      await documents.insert(document);
      // Not yet attached: the document joins an expediente (and its organism) when the saga attaches it.
      await audit.record(
        { action: 'document.upload', organism: input.organism, details: { documentId: id, mediaType, size: stored.size, sha256: stored.sha256 } },
        input.audited,
      );
    });
    return document;
  } catch (error) {
    await deps.blobs.delete(id);
    throw error;
  }
}

async function* observe(source: AsyncIterable<Buffer | string>, text: TextDetector): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    text.observe(buffer);
    yield buffer;
  }
}

async function sniffStored(deps: UploadDocumentDeps, id: string): Promise<string | undefined> {
  const blob = await deps.blobs.get(id);
  if (!blob) throw new Error(`Blob ${id} vanished right after it was stored`);
  try {
    return await deps.sniffer.sniff(blob.content);
  } finally {
    blob.content.destroy();
  }
}
