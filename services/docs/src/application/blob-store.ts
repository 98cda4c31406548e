import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '@tramita/kernel';

/** What `put` learnt about the bytes it stored. */
export interface StoredBlob {
  /** Bytes written. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
}

/** A stored blob opened for reading. */
export interface BlobContent {
  content: Readable;
  size: number;
}

/**
 * Binary storage by opaque key (the document id). Keys and streams only: no paths or URLs
 * leave an adapter, so a filesystem, an S3 bucket or memory can stand behind it.
 */
export interface BlobStore {
  /**
   * Streams `source` under `key`, hashing and counting as it goes. More than `maxBytes` bytes
   * throws a `file-too-large` DomainError; on any failure nothing is left under `key`.
   * The blob becomes visible only complete.
   */
  put(key: string, source: Readable, options: { maxBytes: number }): Promise<StoredBlob>;
  /** Null when there is no blob under `key`. */
  get(key: string): Promise<BlobContent | null>;
  /** Idempotent: deleting a missing blob is fine. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export const fileTooLarge = (maxBytes: number) =>
  new DomainError('file-too-large', 'too-large', `The file is larger than the ${maxBytes} bytes allowed.`, { maxBytes });

/**
 * Passes chunks through while counting and hashing them; throws `file-too-large` as soon as more
 * than `maxBytes` went by. Every adapter uses it so the limit and the digest mean the same.
 */
export function metered(maxBytes: number): { transform: (source: AsyncIterable<Buffer | string>) => AsyncGenerator<Buffer>; result: () => StoredBlob } {
  const hash = createHash('sha256');
  let size = 0;
  let digest: string | undefined;
  return {
    async *transform(source) {
      for await (const chunk of source) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += buffer.length;
        if (size > maxBytes) throw fileTooLarge(maxBytes);
        hash.update(buffer);
        yield buffer;
      }
    },
    result: () => ({ size, sha256: (digest ??= hash.digest('hex')) }),
  };
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Keys are opaque but safe everywhere: letters, digits, dot, dash, underscore; no "..". */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new DomainError('blob-key-invalid', 'validation', 'Invalid blob key.');
}

/** A whole blob in memory (an ENI package or a stamped copy needs all of it); an error when the key is missing. */
export async function readBlobBytes(blobs: BlobStore, key: string): Promise<Uint8Array> {
  const blob = await blobs.get(key);
  if (!blob) throw new Error(`The content ${key} is missing from the blob store`);
  const chunks: Buffer[] = [];
  for await (const chunk of blob.content) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
