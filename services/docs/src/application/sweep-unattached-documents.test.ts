import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Clock } from '@tramita/kernel';
import { Document } from '../domain/document.ts';
import { InMemoryBlobStore } from '../adapters/in-memory/blob-store.in-memory.ts';
import { InMemoryDocumentRepository } from '../adapters/in-memory/document-repository.in-memory.ts';
import { sweepUnattachedDocuments } from './sweep-unattached-documents.ts';

const ana = { username: 'ana', displayName: 'Pérez, Ana' };
const now = new Date('2026-06-10T12:00:00Z');
const clock: Clock = { now: () => now };
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

async function seed(entries: { id: string; age: number; fileCode?: string }[]) {
  const documents = new InMemoryDocumentRepository();
  const blobs = new InMemoryBlobStore();
  for (const { id, age, fileCode } of entries) {
    const document = Document.upload({ id, name: id, mediaType: 'text/plain', size: 1, sha256: '0'.repeat(64), uploadedBy: ana, at: hoursAgo(age) });
    if (fileCode) document.attachTo(fileCode, ana, hoursAgo(age), null, 'E00000000');
    await documents.insert(document);
    await blobs.put(id, Readable.from([Buffer.from('x')]), { maxBytes: 10 });
  }
  return { documents, blobs };
}

describe('sweepUnattachedDocuments', () => {
  it('deletes unattached uploads older than the TTL, metadata and bytes', async () => {
    const { documents, blobs } = await seed([
      { id: 'old', age: 30 },
      { id: 'fresh', age: 2 },
      { id: 'old-attached', age: 48, fileCode: 'EXP-1' },
    ]);
    expect(await sweepUnattachedDocuments({ documents, blobs, clock }, { ttlHours: 24 })).toEqual(['old']);
    expect(await documents.get('old')).toBeNull();
    expect(await blobs.exists('old')).toBe(false);
    expect(await blobs.exists('fresh')).toBe(true);
    expect(await documents.get('old-attached')).not.toBeNull();
  });

  it('works through more candidates than one batch', async () => {
    const entries = Array.from({ length: 7 }, (_, i) => ({ id: `d${i}`, age: 25 + i }));
    const { documents, blobs } = await seed(entries);
    const removed = await sweepUnattachedDocuments({ documents, blobs, clock }, { ttlHours: 24, batchSize: 3 });
    expect(removed.sort()).toEqual(entries.map((e) => e.id).sort());
    expect(blobs.blobs.size).toBe(0);
  });

  it('keeps a document attached between listing and deleting', async () => {
    const { documents, blobs } = await seed([{ id: 'racy', age: 30 }]);
    documents.removeIfUnattached = () => Promise.resolve(false);
    expect(await sweepUnattachedDocuments({ documents, blobs, clock }, { ttlHours: 24 })).toEqual([]);
    expect(await blobs.exists('racy')).toBe(true);
  });
});
