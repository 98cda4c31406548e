import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORGANISM, type TestUser } from '@tramita/platform/testing';
import { createAndWait, startHarness, type Harness } from './harness.ts';

const OTHER = 'A01002820';
/** A case worker of another organism: every route must answer her as if the expediente did not exist. */
const eva: TestUser = { username: 'eva', givenName: 'Eva', familyName: 'Otra Sanz', memberships: [{ organism: OTHER, roles: ['tramitador', 'consulta'] }] };
const address = { street: 'Calle Mayor 1', postalCode: '28013', municipality: 'Madrid' };
const ana = { document: '12.345.678-z', name: 'Pérez Gil, Ana', role: 'solicitante', channel: 'electronic', email: 'ana@example.org' };
const company = { document: 'B65410011', name: 'Obras Ejemplo, S.L.', role: 'interesado', channel: 'electronic', email: 'obras@example.org' };

describe('interesados HTTP API (component)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  const as = async (user: TestUser, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    h.call(method, path, { user: null, headers: { ...(await h.issuer.headers(user)), ...headers }, ...(body !== undefined ? { body } : {}) });
  const json = async (response: Response) => (await response.json()) as Record<string, any>;

  it('adds, changes and removes interesados, each with a history row', async () => {
    await createAndWait(h, { code: 'INT-1', initialOption: 'SEDE', documents: ['d-1'] });
    const added = await h.call('POST', '/api/files/INT-1/interesados', { body: ana });
    expect(added.status).toBe(201);
    const first = await json(added);
    expect(first).toMatchObject({ fileCode: 'INT-1', organism: TEST_ORGANISM, document: '12345678Z', documentKind: 'NIF', version: 1, address: null });
    expect(added.headers.get('location')).toBe(`/api/files/INT-1/interesados/${first.id}`);
    expect(added.headers.get('etag')).toBe('"1"');
    const second = await json(await h.call('POST', '/api/files/INT-1/interesados', { body: company }));
    expect(second).toMatchObject({ documentKind: 'CIF', channel: 'electronic' });

    const changed = await h.call('PATCH', `/api/files/INT-1/interesados/${first.id}`, {
      body: { ...ana, channel: 'postal', email: null, address },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(await json(changed)).toMatchObject({ channel: 'postal', address: { ...address, province: null, country: 'ES' }, version: 2 });

    const removed = await h.call('DELETE', `/api/files/INT-1/interesados/${second.id}?expectedVersion=1`);
    expect(removed.status).toBe(204);

    const list = await json(await h.call('GET', '/api/files/INT-1/interesados', { user: 'consulta' }));
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    const history = await json(await h.call('GET', '/api/files/INT-1/interesados/history', { user: 'consulta' }));
    expect(history.items.map((e: { change: string; interesadoId: string }) => [e.change, e.interesadoId])).toEqual([
      ['added', first.id],
      ['added', second.id],
      ['changed', first.id],
      ['removed', second.id],
    ]);
    expect(history.items[2]).toMatchObject({
      before: { channel: 'electronic', version: 1 },
      after: { channel: 'postal', version: 2 },
      by: { username: 'agat' },
    });
    expect(history.items[3]).toMatchObject({ before: { document: 'B65410011' }, after: null });
  });

  it('refuses bad statements with 400 naming the field, a second copy with 409, and changes nothing', async () => {
    await createAndWait(h, { code: 'INT-2', initialOption: 'SEDE', documents: ['d-1'] });
    const badNif = await h.call('POST', '/api/files/INT-2/interesados', { body: { ...ana, document: '12345678A' } });
    expect(badNif.status).toBe(400);
    expect(await json(badNif)).toMatchObject({ errors: [expect.objectContaining({ path: 'body.document', message: expect.stringContaining('should be Z') })] });
    for (const document of ['X1234567Z', 'B65410012']) {
      const bad = await json(await h.call('POST', '/api/files/INT-2/interesados', { body: { ...ana, document } }));
      expect(bad).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'body.document' })] });
    }
    const postalCompany = await h.call('POST', '/api/files/INT-2/interesados', { body: { ...company, channel: 'postal', address } });
    expect(postalCompany.status).toBe(400);
    expect(await json(postalCompany)).toMatchObject({ code: 'electronic-channel-required', field: 'channel' });
    expect(await json(await h.call('POST', '/api/files/INT-2/interesados', { body: { ...ana, email: null } }))).toMatchObject({
      status: 400,
      code: 'email-required',
    });

    expect((await h.call('POST', '/api/files/INT-2/interesados', { body: ana })).status).toBe(201);
    const duplicate = await h.call('POST', '/api/files/INT-2/interesados', { body: { ...ana, document: '12345678-Z', name: 'Otra' } });
    expect(duplicate.status).toBe(409);
    expect(await json(duplicate)).toMatchObject({ code: 'interesado-duplicate' });
    expect((await json(await h.call('GET', '/api/files/INT-2/interesados'))).items).toHaveLength(1);
    expect((await json(await h.call('GET', '/api/files/INT-2/interesados/history'))).items).toHaveLength(1);
  });

  it('needs the version being changed: 428 without one, 409 for a stale one', async () => {
    await createAndWait(h, { code: 'INT-3', initialOption: 'SEDE', documents: ['d-1'] });
    const { id } = await json(await h.call('POST', '/api/files/INT-3/interesados', { body: ana }));
    const blind = await h.call('PATCH', `/api/files/INT-3/interesados/${id}`, { body: { ...ana, name: 'A ciegas' } });
    expect(blind.status).toBe(428);
    expect(await json(blind)).toMatchObject({ code: 'version-required' });
    expect((await h.call('DELETE', `/api/files/INT-3/interesados/${id}`)).status).toBe(428);
    expect((await h.call('PATCH', `/api/files/INT-3/interesados/${id}`, { body: { ...ana, name: 'Nueva', expectedVersion: 1 } })).status).toBe(200);
    const stale = await h.call('PATCH', `/api/files/INT-3/interesados/${id}`, { body: { ...ana, name: 'Vieja', expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ code: 'version-conflict' });
    const staleDelete = await h.call('DELETE', `/api/files/INT-3/interesados/${id}`, { headers: { 'if-match': '"1"' } });
    expect(staleDelete.status).toBe(409);
    expect((await json(await h.call('GET', '/api/files/INT-3/interesados'))).items).toMatchObject([{ name: 'Nueva', version: 2 }]);
  });

  it('lets consulta read but not write', async () => {
    await createAndWait(h, { code: 'INT-4', initialOption: 'SEDE', documents: ['d-1'] });
    const { id } = await json(await h.call('POST', '/api/files/INT-4/interesados', { body: ana }));
    expect((await h.call('GET', '/api/files/INT-4/interesados', { user: 'consulta' })).status).toBe(200);
    expect((await h.call('GET', '/api/files/INT-4/interesados/history', { user: 'consulta' })).status).toBe(200);
    expect((await h.call('GET', '/api/interesados?document=12345678Z', { user: 'consulta' })).status).toBe(200);
    const writes = [
      await h.call('POST', '/api/files/INT-4/interesados', { user: 'consulta', body: company }),
      await h.call('PATCH', `/api/files/INT-4/interesados/${id}`, { user: 'consulta', body: { ...ana, expectedVersion: 1 } }),
      await h.call('DELETE', `/api/files/INT-4/interesados/${id}?expectedVersion=1`, { user: 'consulta' }),
    ];
    expect(writes.map((response) => response.status)).toEqual([403, 403, 403]);
    expect((await json(await h.call('GET', '/api/files/INT-4/interesados'))).items).toMatchObject([{ id, version: 1 }]);
  });

  it("answers another organism's member 404 on every route and never finds its interesados", async () => {
    await createAndWait(h, { code: 'INT-5', initialOption: 'SEDE', documents: ['d-1'] });
    const { id } = await json(await h.call('POST', '/api/files/INT-5/interesados', { body: { ...ana, document: 'Y1234567X' } }));
    const answers = [
      await as(eva, 'GET', '/api/files/INT-5/interesados'),
      await as(eva, 'GET', '/api/files/INT-5/interesados/history'),
      await as(eva, 'POST', '/api/files/INT-5/interesados', company),
      await as(eva, 'PATCH', `/api/files/INT-5/interesados/${id}`, { ...ana, expectedVersion: 1 }),
      await as(eva, 'DELETE', `/api/files/INT-5/interesados/${id}?expectedVersion=1`),
    ];
    const missing = await json(await as(eva, 'GET', '/api/files/INT-404/interesados'));
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      const body = await json(answer);
      expect({ ...body, detail: undefined, instance: undefined, fileCode: undefined }).toEqual({
        ...missing,
        detail: undefined,
        instance: undefined,
        fileCode: undefined,
      });
    }
    const search = await json(await as(eva, 'GET', '/api/interesados?document=Y1234567X'));
    expect(search).toEqual({ document: 'Y1234567X', items: [] });
    // ... while the expediente's own organism finds it, and the interesado is untouched
    expect((await json(await h.call('GET', '/api/interesados?document=y-1234567-x', { user: 'consulta' }))).items).toMatchObject([
      { id, fileCode: 'INT-5', version: 1 },
    ]);
  });

  it('answers an interesado of another expediente as missing', async () => {
    await createAndWait(h, { code: 'INT-6', initialOption: 'SEDE', documents: ['d-1'] });
    await createAndWait(h, { code: 'INT-7', initialOption: 'SEDE', documents: ['d-1'] });
    const { id } = await json(await h.call('POST', '/api/files/INT-6/interesados', { body: ana }));
    const wrong = await h.call('PATCH', `/api/files/INT-7/interesados/${id}`, { body: { ...ana, name: 'Ajena', expectedVersion: 1 } });
    expect(wrong.status).toBe(404);
    expect(await json(wrong)).toMatchObject({ code: 'interesado-not-found' });
    expect((await h.call('DELETE', `/api/files/INT-7/interesados/${id}?expectedVersion=1`)).status).toBe(404);
    expect((await json(await h.call('GET', '/api/files/INT-6/interesados'))).items).toMatchObject([{ name: 'Pérez Gil, Ana', version: 1 }]);
  });

  it('refuses every change once the expediente is finished', async () => {
    await createAndWait(h, { code: 'INT-8', initialOption: 'SEDE', documents: ['d-1'] });
    const { id } = await json(await h.call('POST', '/api/files/INT-8/interesados', { body: ana }));
    const command = h.bpmCommands.find((c) => c.type === 'CreateProcess' && (c.data as { fileCode: string }).fileCode === 'INT-8')!;
    await h.publishBpmEvent('ProcessAdvanced', {
      processId: (command.data as { processId: string }).processId,
      fileCode: 'INT-8',
      procedure: { code: 'DEFAULT', version: 1 },
      phase: { code: 'FINALIZADO', name: 'Finalizado' },
      finished: true,
      startedAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-02T10:00:00.000Z',
      version: 2,
      from: { code: 'INICIAL', name: 'Inicial' },
      by: { username: 'validador', displayName: 'Valido Sanz, Victor' },
    });
    const refused = [
      await h.call('POST', '/api/files/INT-8/interesados', { body: company }),
      await h.call('PATCH', `/api/files/INT-8/interesados/${id}`, { body: { ...ana, name: 'Tarde', expectedVersion: 1 } }),
      await h.call('DELETE', `/api/files/INT-8/interesados/${id}?expectedVersion=1`),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(await json(answer)).toMatchObject({ code: 'file-finished' });
    }
    expect((await json(await h.call('GET', '/api/files/INT-8/interesados'))).items).toHaveLength(1);
  });

  it('documents its routes in OpenAPI', async () => {
    const doc = (await (await h.call('GET', '/openapi.json', { user: null })).json()) as {
      paths: Record<string, Record<string, { responses: object; tags: string[] }>>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/files/{code}/interesados',
        '/api/files/{code}/interesados/history',
        '/api/files/{code}/interesados/{id}',
        '/api/interesados',
      ]),
    );
    const patch = doc.paths['/api/files/{code}/interesados/{id}']!.patch!;
    expect(patch.tags).toEqual(['interesados']);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '428']));
  });
});
