import { Readable } from 'node:stream';
import { assertBlobKey, metered, type BlobContent, type BlobStore, type StoredBlob } from '../../application/blob-store.ts';

/** Blobs in a Map, for unit tests; same limits and digests as the real stores. */
export class InMemoryBlobStore implements BlobStore {
  readonly blobs = new Map<string, Buffer>();

  async put(key: string, source: Readable, options: { maxBytes: number }): Promise<StoredBlob> {
    assertBlobKey(key);
    const meter = metered(options.maxBytes);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of meter.transform(source)) chunks.push(chunk);
    } catch (error) {
      source.destroy();
      throw error;
    }
    this.blobs.set(key, Buffer.concat(chunks));
    return meter.result();
  }

  async get(key: string): Promise<BlobContent | null> {
    const bytes = this.blobs.get(key);
    return bytes ? { content: Readable.from([bytes]), size: bytes.length } : null;
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  async exists(key: string): Promise<boolean> {
    return this.blobs.has(key);
  }
}
