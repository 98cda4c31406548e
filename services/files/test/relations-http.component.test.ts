import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORGANISM, type TestUser } from '@tramita/platform/testing';
import { createAndWait, startHarness, waitFor, type Harness } from './harness.ts';

const OTHER = 'A01002820';
/** A case worker of another organism only. */
const eva: TestUser = { username: 'eva', givenName: 'Eva', familyName: 'Otra Sanz', memberships: [{ organism: OTHER, roles: ['tramitador', 'consulta'] }] };
/** A case worker of both organisms. */
const dual: TestUser = {
  username: 'doble',
  givenName: 'Dora',
  familyName: 'Doble Ruiz',
  memberships: [
    { organism: TEST_ORGANISM, roles: ['tramitador'] },
    { organism: OTHER, roles: ['tramitador'] },
  ],
};

describe('related expedientes HTTP API (component)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    for (const code of ['REL-A', 'REL-B', 'REL-C', 'REL-D']) await createAndWait(h, { code, initialOption: 'SEDE', documents: ['d-1'] });
    // an expediente of the other organism, created by its own case worker
    const started = await as(eva, 'POST', '/api/files', { code: 'EVA-1', initialOption: 'SEDE', documents: ['d-1'] });
    const { sagaId } = (await started.json()) as { sagaId: string };
    await waitFor(
      async () => ((await (await as(eva, 'GET', `/api/sagas/${sagaId}`)).json()) as { status: string }).status === 'completed' || undefined,
      'EVA-1',
    );
  });
  afterAll(async () => h.stop());

  const as = async (user: TestUser, method: string, path: string, body?: unknown) =>
    h.call(method, path, { user: null, headers: await h.issuer.headers(user), ...(body !== undefined ? { body } : {}) });
  const json = async (response: Response) => (await response.json()) as Record<string, any>;
  const relationsOf = async (code: string, user?: TestUser) =>
    (await json(user ? await as(user, 'GET', `/api/files/${code}/relations`) : await h.call('GET', `/api/files/${code}/relations`))).items as Record<
      string,
      any
    >[];

  it('shows a relation on both expedientes, outgoing where it was stated and incoming on the other', async () => {
    const created = await h.call('POST', '/api/files/REL-A/relations', { body: { kind: 'recurso', code: 'REL-B' } });
    expect(created.status).toBe(201);
    const relation = await json(created);
    expect(created.headers.get('location')).toBe(`/api/files/REL-A/relations/${relation.id}`);
    expect(relation).toMatchObject({
      kind: 'recurso',
      direction: 'outgoing',
      other: { code: 'REL-B', organism: TEST_ORGANISM },
      createdBy: { username: 'agat' },
    });
    expect(await relationsOf('REL-A')).toEqual([relation]);
    expect(await relationsOf('REL-B')).toEqual([{ ...relation, direction: 'incoming', other: { code: 'REL-A', organism: TEST_ORGANISM } }]);
  });

  it('refuses a self-relation (400) and the same relation twice (409), the reverse of a symmetric kind included', async () => {
    const self = await h.call('POST', '/api/files/REL-C/relations', { body: { kind: 'relacionado', code: 'REL-C' } });
    expect(self.status).toBe(400);
    expect(await json(self)).toMatchObject({ code: 'self-relation' });
    expect((await h.call('POST', '/api/files/REL-C/relations', { body: { kind: 'acumulado', code: 'REL-D' } })).status).toBe(201);
    const reverse = await h.call('POST', '/api/files/REL-D/relations', { body: { kind: 'acumulado', code: 'REL-C' } });
    expect(reverse.status).toBe(409);
    expect(await json(reverse)).toMatchObject({ code: 'relation-exists' });
    expect((await h.call('POST', '/api/files/REL-C/relations', { body: { kind: 'acumulado', code: 'REL-D' } })).status).toBe(409);
    // a directed kind stated the other way round is another relation
    expect((await h.call('POST', '/api/files/REL-D/relations', { body: { kind: 'antecedente', code: 'REL-C' } })).status).toBe(201);
    expect((await relationsOf('REL-C')).map((r) => [r.kind, r.direction])).toEqual([
      ['acumulado', 'outgoing'],
      ['antecedente', 'incoming'],
    ]);
  });

  it('answers a relation to an expediente the caller cannot see exactly as one to a missing expediente', async () => {
    const hidden = await h.call('POST', '/api/files/REL-A/relations', { body: { kind: 'relacionado', code: 'EVA-1' } });
    const missing = await h.call('POST', '/api/files/REL-A/relations', { body: { kind: 'relacionado', code: 'NOPE-1' } });
    expect(hidden.status).toBe(404);
    const [hiddenBody, missingBody] = [await json(hidden), await json(missing)];
    expect(hiddenBody).toMatchObject({ code: 'file-not-found', fileCode: 'EVA-1', detail: expect.stringContaining('EVA-1') });
    expect({ ...hiddenBody, detail: undefined, instance: undefined, fileCode: undefined }).toEqual({
      ...missingBody,
      detail: undefined,
      instance: undefined,
      fileCode: undefined,
    });
    // naming the organism of an expediente in one's own does not help either
    expect((await h.call('POST', '/api/files/REL-A/relations', { body: { kind: 'relacionado', code: 'REL-B', organism: OTHER } })).status).toBe(404);
    expect((await relationsOf('REL-A')).map((r) => r.other.code)).toEqual(['REL-B']);
  });

  it("answers another organism's member 404 on every route, and lists only relations whose other side the caller sees", async () => {
    const [relation] = await relationsOf('REL-A');
    const answers = [
      await as(eva, 'GET', '/api/files/REL-A/relations'),
      await as(eva, 'POST', '/api/files/REL-A/relations', { kind: 'relacionado', code: 'EVA-1' }),
      await as(eva, 'POST', '/api/files/EVA-1/relations', { kind: 'relacionado', code: 'REL-A' }),
      await as(eva, 'DELETE', `/api/files/REL-A/relations/${relation!.id}`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(await json(answer)).toMatchObject({ code: 'file-not-found' });
    }

    // Someone of both organisms relates them; each side's own members see nothing of it.
    const across = await json(await as(dual, 'POST', '/api/files/EVA-1/relations', { kind: 'antecedente', code: 'REL-A' }));
    expect(across).toMatchObject({ direction: 'outgoing', other: { code: 'REL-A', organism: TEST_ORGANISM } });
    expect((await relationsOf('REL-A', dual)).map((r) => r.id)).toContain(across.id);
    expect((await relationsOf('REL-A')).map((r) => r.id)).not.toContain(across.id);
    expect(await relationsOf('EVA-1', eva)).toEqual([]);
    const notTheirs = await h.call('DELETE', `/api/files/REL-A/relations/${across.id}`);
    expect(notTheirs.status).toBe(404);
    expect(await json(notTheirs)).toMatchObject({ code: 'relation-not-found' });
    expect((await as(dual, 'DELETE', `/api/files/REL-A/relations/${across.id}`)).status).toBe(204);
    expect(await relationsOf('EVA-1', dual)).toEqual([]);
  });

  it('lets consulta read relations but not change them', async () => {
    const [relation] = await relationsOf('REL-A');
    expect((await h.call('GET', '/api/files/REL-A/relations', { user: 'consulta' })).status).toBe(200);
    expect((await h.call('POST', '/api/files/REL-A/relations', { user: 'consulta', body: { kind: 'relacionado', code: 'REL-D' } })).status).toBe(403);
    expect((await h.call('DELETE', `/api/files/REL-A/relations/${relation!.id}`, { user: 'consulta' })).status).toBe(403);
    expect(await relationsOf('REL-A')).toEqual([relation]);
  });

  it('unlinks a relation from either side, and then it is gone from both', async () => {
    const [relation] = await relationsOf('REL-B');
    const removed = await h.call('DELETE', `/api/files/REL-B/relations/${relation!.id}`);
    expect(removed.status).toBe(204);
    expect(await relationsOf('REL-A')).toEqual([]);
    expect(await relationsOf('REL-B')).toEqual([]);
    const again = await h.call('DELETE', `/api/files/REL-B/relations/${relation!.id}`);
    expect(again.status).toBe(404);
    expect(await json(again)).toMatchObject({ code: 'relation-not-found' });
  });

  it('documents its routes in OpenAPI', async () => {
    const doc = (await (await h.call('GET', '/openapi.json', { user: null })).json()) as {
      paths: Record<string, Record<string, { tags: string[] }>>;
      tags: { name: string }[];
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/files/{code}/relations', '/api/files/{code}/relations/{id}']));
    expect(doc.paths['/api/files/{code}/relations']!.post!.tags).toEqual(['relations']);
    expect(doc.tags.map((tag) => tag.name)).toEqual(expect.arrayContaining(['interesados', 'relations']));
  });
});
