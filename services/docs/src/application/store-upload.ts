import { Readable } from 'node:stream';
import { DomainError } from '@tramita/kernel';
import { sanitizeDocumentName } from '../domain/document-name.ts';
import type { BlobStore } from './blob-store.ts';
import { decideMediaType, TextDetector, type MediaTypeSniffer } from './media-type.ts';

export interface UploadPolicy {
  maxBytes: number;
  allowedMediaTypes: ReadonlySet<string>;
}

export interface StoreUploadDeps {
  blobs: BlobStore;
  sniffer: MediaTypeSniffer;
  policy: UploadPolicy;
}

/** Bytes stored under a key, measured, hashed and typed from their content. */
export interface StoredUpload {
  key: string;
  /** Sanitised file name. */
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/**
 * Streams an upload to the blob store under `key` while measuring it, recognises its media type
 * from the stored bytes and checks the allow-list. A refusal leaves no blob behind; so must the
 * caller when what it records next fails (`discardUpload`).
 */
export async function storeUpload(
  deps: StoreUploadDeps,
  input: {
    key: string;
    fileName: string | undefined;
    /** The bytes, streamed: never held whole in memory. */
    content: Readable;
    /** Checked once the bytes are stored (e.g. "nothing else was sent"); throwing discards the blob. */
    confirm?: () => Promise<void>;
  },
): Promise<StoredUpload> {
  const text = new TextDetector();
  const observed = Readable.from(observe(input.content, text), { objectMode: false });
  let stored;
  try {
    stored = await deps.blobs.put(input.key, observed, { maxBytes: deps.policy.maxBytes });
  } catch (error) {
    // The store may have failed before reading anything; let go of the source either way.
    input.content.destroy();
    throw error;
  }
  try {
    await input.confirm?.();
    if (stored.size === 0) throw new DomainError('file-empty', 'validation', 'The file is empty.');
    const mediaType = decideMediaType(await sniffStored(deps, input.key), text.isText());
    if (!deps.policy.allowedMediaTypes.has(mediaType)) {
      throw new DomainError('media-type-not-allowed', 'validation', `Files of type ${mediaType} are not accepted.`, {
        mediaType,
        allowedMediaTypes: [...deps.policy.allowedMediaTypes],
      });
    }
    return { key: input.key, name: sanitizeDocumentName(input.fileName), mediaType, size: stored.size, sha256: stored.sha256 };
  } catch (error) {
    await deps.blobs.delete(input.key);
    throw error;
  }
}

/** Runs `record` for a stored upload; when it fails, the blob goes too, so nothing is left behind. */
export async function recordUpload<T>(blobs: BlobStore, upload: StoredUpload, record: () => Promise<T>): Promise<T> {
  try {
    return await record();
  } catch (error) {
    await blobs.delete(upload.key);
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

async function sniffStored(deps: StoreUploadDeps, key: string): Promise<string | undefined> {
  const blob = await deps.blobs.get(key);
  if (!blob) throw new Error(`Blob ${key} vanished right after it was stored`);
  try {
    return await deps.sniffer.sniff(blob.content);
  } finally {
    blob.content.destroy();
  }
}
