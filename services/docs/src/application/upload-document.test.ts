import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { steppingClock } from '@tramita/kernel';
import { InMemoryBlobStore } from '../adapters/in-memory/blob-store.in-memory.ts';
import { InMemoryAuditTrail } from '@tramita/platform';
import { InMemoryDocumentRepository } from '../adapters/in-memory/document-repository.in-memory.ts';
import { inMemoryDocumentTransactions } from '../adapters/in-memory/document-transactions.in-memory.ts';
import { FileTypeSniffer } from '../adapters/media/media-type-sniffer.file-type.ts';
import { DEFAULT_ALLOWED_MEDIA_TYPES } from './media-type.ts';
import { uploadDocument } from './upload-document.ts';

const ana = { username: 'ana', displayName: 'Pérez, Ana' };
const audited = { actor: ana, correlationId: 'req-1', sourceAddress: '192.0.2.7' };
const pdf = Buffer.from('%PDF-1.4\n1 0 obj\nendobj\n');

function setup(maxBytes = 1024) {
  const documents = new InMemoryDocumentRepository();
  const blobs = new InMemoryBlobStore();
  const trail = new InMemoryAuditTrail('docs');
  const deps = {
    transactions: inMemoryDocumentTransactions(documents, trail),
    blobs,
    sniffer: new FileTypeSniffer(),
    clock: steppingClock(new Date('2026-03-01T09:00:00Z')),
    policy: { maxBytes, allowedMediaTypes: new Set<string>(DEFAULT_ALLOWED_MEDIA_TYPES) },
  };
  const upload = (bytes: Buffer[] | Buffer, fileName = 'a.pdf') =>
    uploadDocument(deps, { fileName, content: Readable.from(Array.isArray(bytes) ? bytes : [bytes]), uploadedBy: ana, audited, organism: 'E00000000' });
  return { documents, blobs, deps, upload, trail };
}

describe('uploadDocument', () => {
  it('stores the bytes under the new id, records name, size, hash and detected type, and audits the upload', async () => {
    const { upload, blobs, documents, trail } = setup();
    const document = await upload([pdf.subarray(0, 5), pdf.subarray(5)], '/tmp/Solicitud año.pdf');
    expect(document.snapshot()).toMatchObject({
      name: 'Solicitud año.pdf',
      mediaType: 'application/pdf',
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      fileCode: null,
      createdBy: ana,
    });
    expect(blobs.blobs.get(document.id)?.equals(pdf)).toBe(true);
    expect(await documents.get(document.id)).not.toBeNull();
    expect(trail.entries).toEqual([
      expect.objectContaining({
        action: 'document.upload',
        organism: 'E00000000',
        actor: ana,
        sourceAddress: '192.0.2.7',
        details: { documentId: document.id, mediaType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') },
      }),
    ]);
  });

  it('types valid UTF-8 text as text/plain', async () => {
    const { upload } = setup();
    expect((await upload(Buffer.from('Acta de la sesión'), 'acta.txt')).snapshot().mediaType).toBe('text/plain');
  });

  it('refuses an oversized file and keeps nothing', async () => {
    const { upload, blobs, documents } = setup(16);
    await expect(upload([pdf, pdf])).rejects.toMatchObject({ code: 'file-too-large', category: 'too-large' });
    expect(blobs.blobs.size).toBe(0);
    expect(documents.rows.size).toBe(0);
  });

  it('refuses an empty file and keeps nothing', async () => {
    const { upload, blobs } = setup();
    await expect(upload([])).rejects.toMatchObject({ code: 'file-empty' });
    expect(blobs.blobs.size).toBe(0);
  });

  it('refuses a type outside the allow-list and keeps nothing', async () => {
    const { upload, blobs, documents } = setup();
    await expect(upload(Buffer.from([0, 1, 2, 0xff]), 'x.pdf')).rejects.toMatchObject({
      code: 'media-type-not-allowed',
      details: expect.objectContaining({ mediaType: 'application/octet-stream' }),
    });
    expect(blobs.blobs.size).toBe(0);
    expect(documents.rows.size).toBe(0);
  });

  it('removes the blob when recording the metadata fails', async () => {
    const { deps, blobs, documents } = setup();
    documents.insert = () => Promise.reject(new Error('database down'));
    await expect(uploadDocument(deps, { fileName: 'a.pdf', content: Readable.from([pdf]), uploadedBy: ana, audited, organism: 'E00000000' })).rejects.toThrow(
      'database down',
    );
    expect(blobs.blobs.size).toBe(0);
  });

  it('fails loudly if the stored blob vanished before it could be typed', async () => {
    const { deps } = setup();
    deps.blobs.get = () => Promise.resolve(null);
    await expect(uploadDocument(deps, { fileName: 'a.pdf', content: Readable.from([pdf]), uploadedBy: ana, audited, organism: 'E00000000' })).rejects.toThrow(
      'vanished',
    );
  });

  it('keeps nothing when something follows the file (the confirmation fails after the bytes are stored)', async () => {
    const { deps, blobs, documents } = setup();
    let storedWhenAsked = 0;
    const confirm = async () => {
      storedWhenAsked = blobs.blobs.size;
      throw new Error('a second file follows');
    };
    await expect(
      uploadDocument(deps, { fileName: 'a.pdf', content: Readable.from([pdf]), uploadedBy: ana, audited, organism: 'E00000000', confirm }),
    ).rejects.toThrow('a second file follows');
    expect(storedWhenAsked).toBe(1);
    expect(blobs.blobs.size).toBe(0);
    expect(documents.rows.size).toBe(0);
  });

  it('keeps nothing when the source is destroyed halfway (a body cut short, a timeout)', async () => {
    const { deps, blobs, documents } = setup();
    const source = new Readable({ read: () => undefined });
    source.push(pdf.subarray(0, 5));
    setTimeout(() => source.destroy(new Error('multipart-truncated')), 10);
    await expect(uploadDocument(deps, { fileName: 'a.pdf', content: source, uploadedBy: ana, audited, organism: 'E00000000' })).rejects.toThrow(
      'multipart-truncated',
    );
    expect(blobs.blobs.size).toBe(0);
    expect(documents.rows.size).toBe(0);
  });

  it('passes a source failure through and keeps nothing', async () => {
    const { deps, blobs } = setup();
    const failing = Readable.from(
      (async function* () {
        yield pdf;
        throw new Error('client went away');
      })(),
    );
    await expect(uploadDocument(deps, { fileName: 'a.pdf', content: failing, uploadedBy: ana, audited, organism: 'E00000000' })).rejects.toThrow(
      'client went away',
    );
    expect(blobs.blobs.size).toBe(0);
  });
});
