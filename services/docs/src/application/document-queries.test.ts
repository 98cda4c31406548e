import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Document } from '../domain/document.ts';
import { InMemoryBlobStore } from '../adapters/in-memory/blob-store.in-memory.ts';
import { InMemoryAuditTrail } from '@tramita/platform';
import { InMemoryDocumentRepository } from '../adapters/in-memory/document-repository.in-memory.ts';
import { inMemoryDocumentTransactions } from '../adapters/in-memory/document-transactions.in-memory.ts';
import { deleteDocument } from './delete-document.ts';
import { getDocument } from './get-document.ts';
import { listDocuments } from './list-documents.ts';
import { openDocumentContent } from './open-document-content.ts';

const ana = { username: 'ana', displayName: 'Pérez, Ana' };
const luis = { username: 'luis', displayName: 'Gil, Luis' };
/** A caller with `roles` in the default organism, where these documents' expedientes are. */
const as = (username: string, roles: string[] = ['tramitador']) => ({
  username,
  roles,
  isService: false,
  memberships: [{ organism: 'E00000000', roles, units: [] }],
});
const audited = { actor: ana, correlationId: 'req-1', sourceAddress: null };
const stranger = { username: 'eva', roles: ['tramitador'], isService: false, memberships: [{ organism: 'A01002820', roles: ['tramitador'], units: [] }] };

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
    if (fileCode) document.attachTo(fileCode, ana, new Date(at), null, 'E00000000');
    await documents.insert(document);
    await blobs.put(id, Readable.from([Buffer.from(id)]), { maxBytes: 100 });
  };
  await make('b', '2026-01-02T00:00:00Z', 'EXP-1');
  await make('a', '2026-01-01T00:00:00Z', 'EXP-1');
  await make('c', '2026-01-03T00:00:00Z', 'EXP-2');
  await make('loose', '2026-01-04T00:00:00Z');
  return { documents, blobs, trail: new InMemoryAuditTrail('docs') };
}

describe('reading documents', () => {
  it('gets one document or a 404-style error', async () => {
    const { documents } = await seed();
    expect((await getDocument(documents, 'a', as('ana'))).id).toBe('a');
    await expect(getDocument(documents, 'zzz', as('ana'))).rejects.toMatchObject({ code: 'document-not-found', category: 'not-found' });
  });

  it("lists an expediente's documents oldest first", async () => {
    const { documents } = await seed();
    expect((await listDocuments(documents, 'EXP-1', as('ana'))).map((d) => d.id)).toEqual(['a', 'b']);
    expect(await listDocuments(documents, 'EXP-404', as('ana'))).toEqual([]);
  });

  it('opens the content with its size, and says when the bytes are missing', async () => {
    const { documents, blobs, trail } = await seed();
    const { blob } = await openDocumentContent({ documents, blobs, audit: trail }, 'a', as('ana'), audited);
    expect(blob.size).toBe(1);
    // A download reads personal data: recorded with the expediente and organism, never the bytes.
    expect(trail.entries).toEqual([
      expect.objectContaining({
        action: 'document.download',
        organism: 'E00000000',
        fileCode: 'EXP-1',
        details: { documentId: 'a', version: 1, sha256: 'a'.repeat(64) },
      }),
    ]);
    await blobs.delete('a');
    await expect(openDocumentContent({ documents, blobs, audit: trail }, 'a', as('ana'), audited)).rejects.toMatchObject({ code: 'document-content-missing' });
  });
});

describe('documents and organisms (ADR 0013)', () => {
  it("answers another organism's member as for missing documents: metadata, content and list", async () => {
    const { documents, blobs, trail } = await seed();
    await expect(getDocument(documents, 'a', stranger)).rejects.toMatchObject({ code: 'document-not-found' });
    await expect(openDocumentContent({ documents, blobs, audit: trail }, 'a', stranger, audited)).rejects.toMatchObject({
      code: 'document-not-found',
      refusal: { organism: 'E00000000', fileCode: 'EXP-1' },
    });
    expect(trail.entries).toEqual([]);
    expect(await listDocuments(documents, 'EXP-1', stranger)).toEqual([]);
    expect((await listDocuments(documents, 'EXP-1', { isService: true, memberships: [] })).map((d) => d.id)).toEqual(['a', 'b']);
    // Naming the organism: its expediente's documents, and none of an organism the caller is not in.
    expect((await listDocuments(documents, 'EXP-1', as('ana'), 'E00000000')).map((d) => d.id)).toEqual(['a', 'b']);
    expect(await listDocuments(documents, 'EXP-1', stranger, 'E00000000')).toEqual([]);
  });

  it("shows an unattached upload of someone who uploads for one organism to that organism's members only", async () => {
    const { documents } = await seed();
    const own = Document.upload({
      id: 'own',
      name: 'own.pdf',
      mediaType: 'application/pdf',
      size: 3,
      sha256: 'b'.repeat(64),
      uploadedBy: ana,
      at: new Date(),
      organism: 'E00000000',
    });
    await documents.insert(own);
    expect((await getDocument(documents, 'own', as('luis', ['consulta']))).organism).toBe('E00000000');
    await expect(getDocument(documents, 'own', stranger)).rejects.toMatchObject({ code: 'document-not-found', refusal: { organism: 'E00000000' } });
  });

  it('keeps an unattached upload (no organism yet) readable by its id, and gives it the organism of the expediente it joins', async () => {
    const { documents } = await seed();
    expect((await getDocument(documents, 'loose', stranger)).organism).toBeNull();
    expect((await getDocument(documents, 'a', as('ana'))).organism).toBe('E00000000');
  });
});

describe('deleteDocument', () => {
  it('deletes an unattached document for its uploader, bytes included', async () => {
    const { documents, blobs, trail } = await seed();
    await deleteDocument(
      { documents, blobs, transactions: inMemoryDocumentTransactions(documents, trail) },
      { id: 'loose', requestedBy: ana, isAdmin: false, caller: as('ana'), audited },
    );
    expect(await documents.get('loose')).toBeNull();
    expect(await blobs.exists('loose')).toBe(false);
    expect(trail.entries.map((entry) => [entry.action, entry.details])).toEqual([['document.delete', { documentId: 'loose' }]]);
  });

  it('refuses another user but lets an admin delete', async () => {
    const { documents, blobs, trail } = await seed();
    await expect(
      deleteDocument(
        { documents, blobs, transactions: inMemoryDocumentTransactions(documents, trail) },
        { id: 'loose', requestedBy: luis, isAdmin: false, caller: as('luis'), audited },
      ),
    ).rejects.toMatchObject({
      category: 'forbidden',
    });
    await deleteDocument(
      { documents, blobs, transactions: inMemoryDocumentTransactions(documents, trail) },
      { id: 'loose', requestedBy: luis, isAdmin: true, caller: as('luis', ['admin']), audited },
    );
    expect(await documents.get('loose')).toBeNull();
  });

  it('refuses an attached document and keeps its bytes', async () => {
    const { documents, blobs, trail } = await seed();
    await expect(
      deleteDocument(
        { documents, blobs, transactions: inMemoryDocumentTransactions(documents, trail) },
        { id: 'a', requestedBy: ana, isAdmin: false, caller: as('ana'), audited },
      ),
    ).rejects.toMatchObject({
      code: 'document-attached',
    });
    expect(await blobs.exists('a')).toBe(true);
  });

  it('loses to an attachment that happened between the check and the delete', async () => {
    const { documents, blobs, trail } = await seed();
    documents.removeIfUnattached = () => Promise.resolve(false);
    await expect(
      deleteDocument(
        { documents, blobs, transactions: inMemoryDocumentTransactions(documents, trail) },
        { id: 'loose', requestedBy: ana, isAdmin: false, caller: as('ana'), audited },
      ),
    ).rejects.toMatchObject({
      code: 'document-attached',
    });
    expect(await blobs.exists('loose')).toBe(true);
  });
});
