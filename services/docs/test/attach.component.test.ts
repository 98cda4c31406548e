import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@tramita/contracts';
import { newId } from '@tramita/kernel';
import { buildEnvelope, type Envelope } from '@tramita/messaging';
import { eventually, PDF_BYTES, PNG_BYTES, startDocs, testUsers, type DocsHarness } from './helpers.ts';
import type { TestUser } from '@tramita/platform/testing';

const otherTramitador = { username: 'otro', givenName: 'Olga', familyName: 'Otra Ruiz', roles: ['tramitador'] };
const requestedBy = { username: 'agat', displayName: 'Gat Alba, Antonio' };

describe('docs service: saga participant on docs.commands, and deletion rules', () => {
  let docs: DocsHarness;
  const replies: Envelope[] = [];

  beforeAll(async () => {
    docs = await startDocs({ DOCS_SWEEP_INTERVAL_SECONDS: '0' });
    await docs.transport.subscribe({
      group: 'test-replies',
      topics: [topics.createFileReplies],
      handle: async (message) => void replies.push(message.envelope),
      deadLetter: async () => undefined,
    });
  });
  afterAll(async () => docs.stop());

  const uploadAs = async (user = testUsers.tramitador, bytes = PDF_BYTES) => {
    const response = await docs.upload(bytes, 'anexo.pdf', { user });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  const command = async (type: 'AttachDocuments' | 'DetachDocuments', data: Record<string, unknown>, sagaId: string) => {
    const message = buildEnvelope(
      {
        topic: topics.docsCommands,
        type,
        subject: String(data.fileCode),
        data,
        saga: {
          id: sagaId,
          step: 'attach-documents',
          direction: type === 'AttachDocuments' ? 'forward' : 'backward',
          replyTo: topics.createFileReplies,
        },
      },
      { source: 'test', correlationId: 'c', causationId: null },
    );
    await docs.transport.publish([message]);
    return eventually(() => replies.find((reply) => reply.causationid === message.envelope.id));
  };

  const metadata = async (id: string) => {
    const response = await fetch(`${docs.running.url}/api/docs/${id}`, { headers: await docs.headers(testUsers.consulta) });
    return (await response.json()) as { fileCode: string | null; updatedAt: string; createdAt: string; updatedBy: { username: string } };
  };
  const listed = async (fileCode: string) => {
    const response = await fetch(`${docs.running.url}/api/docs?fileCode=${encodeURIComponent(fileCode)}`, {
      headers: await docs.headers(testUsers.consulta),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { id: string }[] }).items.map((item) => item.id);
  };
  const remove = async (id: string, user = testUsers.tramitador) =>
    fetch(`${docs.running.url}/api/docs/${id}`, { method: 'DELETE', headers: await docs.headers(user) });

  let first: string;
  let second: string;
  let foreign: string;
  const saga = newId();

  it("attaches the requester's documents and replies DocumentsAttached", async () => {
    first = await uploadAs();
    second = await uploadAs(testUsers.tramitador, PNG_BYTES);
    foreign = await uploadAs(otherTramitador);

    const reply = await command('AttachDocuments', { fileCode: 'EXP-2024-1', documentIds: [first, second], requestedBy }, saga);
    expect(reply).toMatchObject({
      type: 'DocumentsAttached',
      outcome: 'success',
      sagaid: saga,
      sagastep: 'attach-documents',
      sagadirection: 'forward',
      data: { fileCode: 'EXP-2024-1', documentIds: [first, second] },
    });
    expect(await listed('EXP-2024-1')).toEqual([first, second]);
    const attached = await metadata(first);
    expect(attached.fileCode).toBe('EXP-2024-1');
    expect(attached.updatedBy.username).toBe('agat');
  });

  it('attaching again to the same expediente succeeds and changes nothing', async () => {
    const before = await metadata(first);
    const reply = await command('AttachDocuments', { fileCode: 'EXP-2024-1', documentIds: [first], requestedBy }, saga);
    expect(reply.outcome).toBe('success');
    expect(await metadata(first)).toEqual(before);
  });

  it('fails for an unknown document and attaches none of the others', async () => {
    const loose = await uploadAs();
    const unknown = newId();
    const reply = await command('AttachDocuments', { fileCode: 'EXP-2024-2', documentIds: [loose, unknown], requestedBy }, newId());
    expect(reply).toMatchObject({ type: 'DocumentsAttachFailed', outcome: 'failure' });
    expect((reply.data as { reason: string }).reason).toContain(`Document ${unknown} does not exist`);
    expect((await metadata(loose)).fileCode).toBeNull();
    expect(await listed('EXP-2024-2')).toEqual([]);
  });

  it("fails for another user's document", async () => {
    const reply = await command('AttachDocuments', { fileCode: 'EXP-2024-3', documentIds: [foreign], requestedBy }, newId());
    expect(reply.outcome).toBe('failure');
    expect((reply.data as { reason: string }).reason).toContain('uploaded by another user');
    expect((await metadata(foreign)).fileCode).toBeNull();
  });

  it('fails for a document attached to another expediente', async () => {
    const reply = await command('AttachDocuments', { fileCode: 'EXP-2024-4', documentIds: [second], requestedBy }, newId());
    expect(reply.outcome).toBe('failure');
    expect((reply.data as { reason: string }).reason).toContain('already attached to expediente EXP-2024-1');
    expect((await metadata(second)).fileCode).toBe('EXP-2024-1');
  });

  it("refuses to delete an attached document (409) or someone else's (403); an admin may delete it", async () => {
    const attached = await remove(first);
    expect(attached.status).toBe(409);
    expect(((await attached.json()) as { code: string }).code).toBe('document-attached');

    const notOwner = await remove(foreign);
    expect(notOwner.status).toBe(403);
    expect(await docs.blobFiles()).toContain(foreign);

    expect((await remove(foreign, testUsers.admin)).status).toBe(204);
    expect(await docs.blobFiles()).not.toContain(foreign);
    expect((await remove(foreign, testUsers.admin)).status).toBe(404);
  });

  it("detaches on compensation, replies DocumentsDetached, and refuses that saga's late attach", async () => {
    const other = await uploadAs();
    const otherSaga = newId();
    expect((await command('AttachDocuments', { fileCode: 'EXP-2024-5', documentIds: [other], requestedBy }, otherSaga)).outcome).toBe('success');

    const reply = await command('DetachDocuments', { fileCode: 'EXP-2024-1', documentIds: [first, second, other] }, saga);
    expect(reply).toMatchObject({
      type: 'DocumentsDetached',
      outcome: 'success',
      sagadirection: 'backward',
      data: { fileCode: 'EXP-2024-1', documentIds: [first, second, other] },
    });
    expect(await listed('EXP-2024-1')).toEqual([]);
    expect((await metadata(first)).fileCode).toBeNull();
    expect((await metadata(other)).fileCode).toBe('EXP-2024-5');

    // A compensation for something that never happened is fine too.
    expect((await command('DetachDocuments', { fileCode: 'EXP-NADA', documentIds: [newId()] }, newId())).outcome).toBe('success');

    const late = await command('AttachDocuments', { fileCode: 'EXP-2024-1', documentIds: [first], requestedBy }, saga);
    expect(late.outcome).toBe('failure');
    expect((await metadata(first)).fileCode).toBeNull();
  });

  it('lets the uploader delete a detached document, bytes included', async () => {
    expect((await remove(first)).status).toBe(204);
    expect(await docs.blobFiles()).not.toContain(first);
    const gone = await fetch(`${docs.running.url}/api/docs/${first}`, { headers: await docs.headers() });
    expect(gone.status).toBe(404);
  });

  it("answers a member of another organism as for a missing document: metadata, download and the expediente's list", async () => {
    const id = await uploadAs();
    expect((await command('AttachDocuments', { fileCode: 'EXP-ORG-1', organism: 'A01002820', documentIds: [id], requestedBy }, newId())).outcome).toBe(
      'success',
    );
    const as = async (user: TestUser, path: string) => fetch(`${docs.running.url}${path}`, { headers: await docs.headers(user) });
    const outsider = testUsers.consulta; // a member of the default organism only
    const member = { username: 'eva', memberships: [{ organism: 'A01002820', roles: ['consulta'] }] };
    expect((await as(outsider, `/api/docs/${id}`)).status).toBe(404);
    expect((await as(outsider, `/api/docs/${id}/content`)).status).toBe(404);
    expect(await listed('EXP-ORG-1')).toEqual([]);
    const own = await as(member, `/api/docs/${id}`);
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ fileCode: 'EXP-ORG-1', organism: 'A01002820' });
    expect((await as(member, `/api/docs/${id}/content`)).status).toBe(200);

    // The audit trail (ADR 0014): the upload, the member's download and the outsider's refusals,
    // each once; that organism's administrator reads them, the default organism's does not.
    const orgAdmin = { username: 'olga', memberships: [{ organism: 'A01002820', roles: ['admin'] }] };
    const trail = await as(orgAdmin, '/api/admin/docs/audit?fileCode=EXP-ORG-1');
    expect(trail.status).toBe(200);
    const entries = ((await trail.json()) as { items: { action: string; outcome: string; actor: { username: string }; details: Record<string, unknown> }[] })
      .items;
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.actor.username])).toEqual([
      ['access.refused', 'refused', outsider.username],
      ['access.refused', 'refused', outsider.username],
      ['document.download', 'success', 'eva'],
    ]);
    expect(entries[2]!.details).toMatchObject({ documentId: id });
    const defaultAdmin = await as(testUsers.admin, '/api/admin/docs/audit?fileCode=EXP-ORG-1');
    expect(((await defaultAdmin.json()) as { items: unknown[] }).items).toEqual([]);
    const uploads = await as({ username: 'root', memberships: [{ organism: 'E00000000', roles: ['platform-admin'] }] }, '/api/admin/docs/audit?limit=1000');
    const all = ((await uploads.json()) as { items: { action: string; details: { documentId?: string } }[] }).items;
    expect(all.filter((entry) => entry.action === 'document.upload' && entry.details.documentId === id)).toHaveLength(1);
  });
});
