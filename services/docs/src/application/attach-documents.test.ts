import { describe, expect, it } from 'vitest';
import { steppingClock } from '@tramita/kernel';
import { Document } from '../domain/document.ts';
import { InMemoryDocumentRepository } from '../adapters/in-memory/document-repository.in-memory.ts';
import { inMemoryDocsRepositories } from '../adapters/in-memory/document-transactions.in-memory.ts';
import { testIssuer } from '../../test/eni-issuer.ts';
import { attachDocuments } from './attach-documents.ts';
import { detachDocuments } from './detach-documents.ts';

const ana = { username: 'ana', displayName: 'Pérez, Ana' };
const luis = { username: 'luis', displayName: 'Gil, Luis' };

async function setup() {
  const documents = new InMemoryDocumentRepository();
  const clock = steppingClock(new Date('2026-05-01T08:00:00Z'));
  for (const [id, owner] of [
    ['d1', ana],
    ['d2', ana],
    ['d3', luis],
  ] as const) {
    await documents.insert(
      Document.upload({
        id,
        name: `${id}.pdf`,
        mediaType: 'application/pdf',
        size: 1,
        sha256: '0'.repeat(64),
        uploadedBy: owner,
        at: new Date('2026-04-30T00:00:00Z'),
      }),
    );
  }
  const repositories = inMemoryDocsRepositories(documents);
  const deps = { ...repositories, clock, issuer: testIssuer() };
  const attach = (fileCode: string, documentIds: string[], attachmentId: string | null = 'saga-1', requestedBy = ana) =>
    attachDocuments(deps, { fileCode, organism: 'E00000000', documentIds, requestedBy, attachmentId });
  const detach = (fileCode: string, documentIds: string[], attachmentId: string | null = 'saga-1') =>
    detachDocuments(deps, { fileCode, documentIds, attachmentId });
  const fileCodeOf = async (id: string) => (await documents.get(id))?.fileCode;
  return { documents, attach, detach, fileCodeOf, repositories };
}

describe('attachDocuments', () => {
  it('files each document in the índice with an ENI identifier of the organism and a CSV for its version, and registers the expediente', async () => {
    const { attach, documents, repositories } = await setup();
    await attach('EXP-1', ['d1', 'd2']);
    const [d1, d2] = [(await documents.get('d1'))!.snapshot(), (await documents.get('d2'))!.snapshot()];
    expect(d1.eniIdentifier).toMatch(/^ES_E00000000_2026_0000[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(d1.eniIdentifier).not.toBe(d2.eniIdentifier);
    expect([d1.position, d2.position]).toEqual([1, 2]);
    expect(d1.incorporatedAt).not.toBeNull();
    const csv = (await repositories.csvs.forDocument('d1')).get(1);
    expect(csv).toMatchObject({ documentId: 'd1', version: 1, organ: 'E00000000', sha256: '0'.repeat(64), annulment: null });
    expect(await repositories.expedientes.get('E00000000', 'EXP-1')).toMatchObject({
      eniIdentifier: expect.stringMatching(/^ES_E00000000_2026_EXP_/),
      finished: false,
    });
  });

  it("annuls the CSVs of documents its saga's compensation takes back, and keeps their identifiers", async () => {
    const { attach, detach, documents, repositories } = await setup();
    await attach('EXP-1', ['d1']);
    const identifier = (await documents.get('d1'))!.snapshot().eniIdentifier;
    await detach('EXP-1', ['d1']);
    expect((await repositories.csvs.forDocument('d1')).get(1)?.annulment?.reason).toBe('Alta del expediente deshecha');
    expect((await documents.get('d1'))!.snapshot()).toMatchObject({ fileCode: null, eniIdentifier: identifier, position: null });
  });

  it("attaches all the requester's documents, listing each once", async () => {
    const { attach, fileCodeOf, documents } = await setup();
    expect(await attach('EXP-1', ['d1', 'd2', 'd1'])).toEqual({ attached: true, documentIds: ['d1', 'd2'] });
    expect(await fileCodeOf('d1')).toBe('EXP-1');
    expect((await documents.get('d2'))?.snapshot()).toMatchObject({ attachmentId: 'saga-1', updatedBy: ana });
  });

  it('is idempotent for the same expediente', async () => {
    const { attach } = await setup();
    await attach('EXP-1', ['d1']);
    expect(await attach('EXP-1', ['d1', 'd2'], 'saga-2')).toEqual({ attached: true, documentIds: ['d1', 'd2'] });
  });

  it("refuses unknown documents, others' documents and documents attached elsewhere, changing nothing", async () => {
    const { attach, fileCodeOf } = await setup();
    await attach('EXP-1', ['d2']);
    const result = await attach('EXP-2', ['d1', 'nope', 'd3', 'd2'], 'saga-2');
    expect(result.attached).toBe(false);
    const reason = result.attached ? '' : result.reason;
    expect(reason).toContain('Document nope does not exist.');
    expect(reason).toContain('Document d3 was uploaded by another user.');
    expect(reason).toContain('Document d2 is already attached to expediente EXP-1.');
    expect(await fileCodeOf('d1')).toBeNull();
    expect(await fileCodeOf('d2')).toBe('EXP-1');
  });
  // A late attach after its saga's compensation is refused before it gets here: packages/messaging's saga participant (saga-participant.test.ts).
});

describe('detachDocuments', () => {
  it('detaches what this attachment attached and nothing else', async () => {
    const { attach, detach, fileCodeOf } = await setup();
    await attach('EXP-1', ['d1']);
    await attach('EXP-1', ['d2'], 'saga-other');
    await attach('EXP-9', ['d3'], 'saga-1', luis);
    expect(await detach('EXP-1', ['d1', 'd2', 'd3', 'unknown'])).toEqual({ detached: ['d1'] });
    expect(await fileCodeOf('d1')).toBeNull();
    expect(await fileCodeOf('d2')).toBe('EXP-1');
    expect(await fileCodeOf('d3')).toBe('EXP-9');
  });

  it('is idempotent and works without an attachment id', async () => {
    const { attach, detach, fileCodeOf } = await setup();
    await attach('EXP-1', ['d1', 'd2']);
    expect(await detach('EXP-1', ['d1'])).toEqual({ detached: ['d1'] });
    expect(await detach('EXP-1', ['d1'])).toEqual({ detached: [] });
    expect(await detach('EXP-1', ['d2'], null)).toEqual({ detached: ['d2'] });
    expect(await fileCodeOf('d2')).toBeNull();
  });
});
