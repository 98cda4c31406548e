import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Document } from '../domain/document.ts';
import { InMemoryBlobStore } from '../adapters/in-memory/blob-store.in-memory.ts';
import { InMemoryDocumentRepository } from '../adapters/in-memory/document-repository.in-memory.ts';
import { deleteDocument } from './delete-document.ts';
import { getDocument } from './get-document.ts';
import { listDocuments } from './list-documents.ts';
import { openDocumentContent } from './open-document-content.ts';

const ana = { username: 'ana', displayName: 'Pérez, Ana' };
const luis = { username: 'luis', displayName: 'Gil, Luis' };

async function seed() {
  const documents = new InMemoryDocumentRepository();
  const blobs = new InMemoryBlobStore();
  const make = async (id: string, at: string, fileCode: string | null = null) => {
    const document = Document.upload({
      id,
      name: `${id}.pdf`,
      mediaType: 'application/pdf',
      size: 3,
      sha256: 'a'.repeat(64),
      uploadedBy: ana,
      at: new Date(at),
    });
    if (fileCode) document.attachTo(fileCode, ana, new Date(at), null);
    await documents.insert(document);
    await blobs.put(id, Readable.from([Buffer.from(id)]), { maxBytes: 100 });
  };
  await make('b', '2026-01-02T00:00:00Z', 'EXP-1');
  await make('a', '2026-01-01T00:00:00Z', 'EXP-1');
  await make('c', '2026-01-03T00:00:00Z', 'EXP-2');
  await make('loose', '2026-01-04T00:00:00Z');
  return { documents, blobs };
}

describe('reading documents', () => {
  it('gets one document or a 404-style error', async () => {
    const { documents } = await seed();
    expect((await getDocument(documents, 'a')).id).toBe('a');
    await expect(getDocument(documents, 'zzz')).rejects.toMatchObject({ code: 'document-not-found', category: 'not-found' });
  });

  it("lists an expediente's documents oldest first", async () => {
    const { documents } = await seed();
    expect((await listDocuments(documents, 'EXP-1')).map((d) => d.id)).toEqual(['a', 'b']);
    expect(await listDocuments(documents, 'EXP-404')).toEqual([]);
  });

  it('opens the content with its size, and says when the bytes are missing', async () => {
    const { documents, blobs } = await seed();
    const { blob } = await openDocumentContent({ documents, blobs }, 'a');
    expect(blob.size).toBe(1);
    await blobs.delete('a');
    await expect(openDocumentContent({ documents, blobs }, 'a')).rejects.toMatchObject({ code: 'document-content-missing' });
  });
});

describe('deleteDocument', () => {
  it('deletes an unattached document for its uploader, bytes included', async () => {
    const { documents, blobs } = await seed();
    await deleteDocument({ documents, blobs }, { id: 'loose', requestedBy: ana, isAdmin: false });
    expect(await documents.get('loose')).toBeNull();
    expect(await blobs.exists('loose')).toBe(false);
  });

  it('refuses another user but lets an admin delete', async () => {
    const { documents, blobs } = await seed();
    await expect(deleteDocument({ documents, blobs }, { id: 'loose', requestedBy: luis, isAdmin: false })).rejects.toMatchObject({
      category: 'forbidden',
    });
    await deleteDocument({ documents, blobs }, { id: 'loose', requestedBy: luis, isAdmin: true });
    expect(await documents.get('loose')).toBeNull();
  });

  it('refuses an attached document and keeps its bytes', async () => {
    const { documents, blobs } = await seed();
    await expect(deleteDocument({ documents, blobs }, { id: 'a', requestedBy: ana, isAdmin: false })).rejects.toMatchObject({
      code: 'document-attached',
    });
    expect(await blobs.exists('a')).toBe(true);
  });

  it('loses to an attachment that happened between the check and the delete', async () => {
    const { documents, blobs } = await seed();
    documents.removeIfUnattached = () => Promise.resolve(false);
    await expect(deleteDocument({ documents, blobs }, { id: 'loose', requestedBy: ana, isAdmin: false })).rejects.toMatchObject({
      code: 'document-attached',
    });
    expect(await blobs.exists('loose')).toBe(true);
  });
});
