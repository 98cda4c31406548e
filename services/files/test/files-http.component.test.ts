import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORGANISM, testUsers } from '@tramita/platform/testing';
import { catalogued } from './fake-bpm-catalogue.ts';
import { createAndWait, startHarness, waitFor, type Harness } from './harness.ts';

const body = (code: string, extra: Record<string, unknown> = {}) => ({ code, initialOption: 'SEDE', documents: ['doc-1'], ...extra });

describe('files HTTP API (component)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  const processIdOf = (code: string) =>
    (h.bpmCommands.find((c) => c.type === 'CreateProcess' && (c.data as { fileCode: string }).fileCode === code)!.data as { processId: string }).processId;

  const snapshot = (code: string, phase: { code: string; name: string }, finished: boolean, version: number) => ({
    processId: processIdOf(code),
    fileCode: code,
    procedure: { code: 'DEFAULT', version: 1 },
    phase,
    finished,
    startedAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    version,
  });

  it('edits until bpm finishes the process, then refuses with file-finished', async () => {
    await createAndWait(h, body('EDIT-1', { description: 'Primera' }));
    const edited = await h.call('PATCH', '/api/files/EDIT-1', {
      body: { description: 'Segunda', initialOption: 'PETICION_DTO' },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(await edited.json()).toMatchObject({ description: 'Segunda', initialOption: { code: 'PETICION_DTO', name: 'A petición departamento' }, version: 2 });
    const updated = await waitFor(() => h.fileEvents.find((e) => e.type === 'FileUpdated' && e.subject === 'EDIT-1'), 'FileUpdated');
    expect(updated.data).toMatchObject({ code: 'EDIT-1', description: 'Segunda', version: 2 });

    const stale = await h.call('PATCH', '/api/files/EDIT-1', { body: { description: 'Tercera', expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'version-conflict' });

    const from = { code: 'INICIAL', name: 'Inicial' };
    const by = { username: 'validador', displayName: 'Valido Sanz, Victor' };
    await h.publishBpmEvent('ProcessAdvanced', { ...snapshot('EDIT-1', { code: 'FINALIZADO', name: 'Finalizado' }, true, 3), from, by });
    // An older snapshot arriving late changes nothing.
    await h.publishBpmEvent('ProcessAdvanced', { ...snapshot('EDIT-1', { code: 'ANALISIS_TECNICO', name: 'Análisis técnico' }, false, 2), from, by });
    const record = (await (await h.call('GET', '/api/files/EDIT-1/record')).json()) as Record<string, unknown>;
    expect(record).toMatchObject({ status: 'finished', finished: true, currentPhase: { code: 'FINALIZADO', name: 'Finalizado' }, version: 2 });

    const refused = await h.call('PATCH', '/api/files/EDIT-1', { body: { description: 'Tarde', expectedVersion: 2 } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'file-finished' });
    expect(await (await h.call('GET', '/api/files/EDIT-1/record')).json()).toEqual(record);
  });

  it('follows ProcessStarted and ignores ProcessDeleted and unknown processes', async () => {
    await createAndWait(h, body('PHASE-1'));
    await h.publishBpmEvent('ProcessStarted', snapshot('PHASE-1', { code: 'ANALISIS_TECNICO', name: 'Análisis técnico' }, false, 2));
    await h.publishBpmEvent('ProcessDeleted', { processId: processIdOf('PHASE-1'), fileCode: 'PHASE-1', version: 9 });
    await h.publishBpmEvent('ProcessStarted', { ...snapshot('PHASE-1', { code: 'X', name: 'X' }, false, 5), processId: 'someone-else' });
    expect(await (await h.call('GET', '/api/files/PHASE-1/record')).json()).toMatchObject({ currentPhase: { code: 'ANALISIS_TECNICO' }, version: 1 });
  });

  it('answers 400 with field errors for bad requests, changing nothing', async () => {
    const malformed = await h.call('POST', '/api/files', { rawBody: '{"code": "X-1",' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'malformed-json' });

    const badCode = await h.call('POST', '/api/files', { body: body('has space') });
    expect(badCode.status).toBe(400);
    expect(await badCode.json()).toMatchObject({ code: 'invalid-request', errors: [expect.objectContaining({ path: 'body.code' })] });

    const noDocuments = await h.call('POST', '/api/files', { body: body('NODOC-1', { documents: [] }) });
    expect(noDocuments.status).toBe(400);
    expect(await noDocuments.json()).toMatchObject({ errors: [expect.objectContaining({ path: 'body.documents' })] });

    const tooLong = await h.call('POST', '/api/files', { body: body('LONG-1', { description: 'x'.repeat(4001) }) });
    expect(tooLong.status).toBe(400);

    const unknownOption = await h.call('POST', '/api/files', { body: body('OPT-1', { initialOption: 'NOPE' }) });
    expect(unknownOption.status).toBe(400);
    expect(await unknownOption.json()).toMatchObject({ code: 'unknown-initial-option' });

    expect((await h.call('GET', '/api/files/-bad/availability')).status).toBe(400);
    expect((await h.call('PATCH', '/api/files/NOPE-1', { body: {} })).status).toBe(400);
    expect((await h.call('PATCH', '/api/files/NOPE-1', { body: { description: 'x' }, headers: { 'if-match': 'garbage' } })).status).toBe(400);
    expect(h.bpmCommands.filter((c) => ['NODOC-1', 'LONG-1', 'OPT-1'].includes((c.data as { fileCode: string }).fileCode))).toEqual([]);
  });

  it('refuses an edit that does not say which version it changes (428), touching nothing', async () => {
    await createAndWait(h, body('BLIND-1', { description: 'Primera' }));
    const blind = await h.call('PATCH', '/api/files/BLIND-1', { body: { description: 'A ciegas' } });
    expect(blind.status).toBe(428);
    expect(blind.headers.get('content-type')).toContain('application/problem+json');
    expect(await blind.json()).toMatchObject({ status: 428, code: 'version-required' });
    const star = await h.call('PATCH', '/api/files/BLIND-1', { body: { description: 'A ciegas' }, headers: { 'if-match': '*' } });
    expect(star.status).toBe(428);
    expect(await (await h.call('GET', '/api/files/BLIND-1/record')).json()).toMatchObject({ description: 'Primera', version: 1 });
    // of ten concurrent edits of version 1, exactly one wins
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.call('PATCH', '/api/files/BLIND-1', { body: { description: `Edición ${i}`, expectedVersion: 1 } })),
    );
    expect(racing.map((response) => response.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
  });

  it('treats codes that differ only in case as the same code', async () => {
    await createAndWait(h, body('EXP-RB-1'));
    const again = await h.call('POST', '/api/files', { body: body('exp-rb-1') });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'file-code-taken' });
    expect(await (await h.call('GET', '/api/files/Exp-Rb-1/availability')).json()).toEqual({ code: 'Exp-Rb-1', available: false });
  });

  it('answers a caller without the role 403 before looking at its input', async () => {
    const empty = await h.call('POST', '/api/initial-options', { user: 'consulta', body: {} });
    expect(empty.status).toBe(403);
    expect(await empty.json()).not.toHaveProperty('errors');
    expect((await h.call('PATCH', '/api/files/X-1', { user: 'consulta', body: {} })).status).toBe(403);
    expect((await h.call('POST', '/api/files', { user: 'consulta', body: {} })).status).toBe(403);
  });

  it('answers 404 for unknown expedientes', async () => {
    const record = await h.call('GET', '/api/files/NOPE-1/record');
    expect(record.status).toBe(404);
    expect(await record.json()).toMatchObject({ code: 'file-not-found' });
    expect((await h.call('PATCH', '/api/files/NOPE-1', { body: { description: 'x', expectedVersion: 1 } })).status).toBe(404);
  });

  it('needs a token, and the tramitador role to write', async () => {
    expect((await h.call('GET', '/api/initial-options', { user: null })).status).toBe(401);
    expect((await h.call('POST', '/api/files', { user: null, body: body('AUTH-1') })).status).toBe(401);
    const forbidden = await h.call('POST', '/api/files', { user: 'consulta', body: body('AUTH-1') });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'role-required' });
    expect((await h.call('PATCH', '/api/files/AUTH-1', { user: 'consulta', body: { description: 'x' } })).status).toBe(403);
    // Availability is asked in the organism one would create in: consulta creates nowhere.
    expect((await h.call('GET', '/api/files/AUTH-1/availability', { user: 'consulta' })).status).toBe(403);
    expect(await (await h.call('GET', '/api/files/AUTH-1/availability', { user: 'tramitador' })).json()).toEqual({ code: 'AUTH-1', available: true });
  });

  it("lists initial options and lets an organism's administrators add one to its catalogue", async () => {
    const list = await h.call('GET', '/api/initial-options', { user: 'consulta' });
    expect(await list.json()).toEqual({
      items: [
        { code: 'PETICION_DTO', name: 'A petición departamento', organism: null },
        { code: 'SEDE', name: 'Sede electrónica', organism: null },
      ],
    });
    expect((await h.call('POST', '/api/initial-options', { body: { code: 'OBRAS', name: 'Obras', organism: TEST_ORGANISM } })).status).toBe(403);
    const licencias = { code: 'OBRAS', name: 'Licencias de obras', procedureCode: 'LICENCIAS', organism: TEST_ORGANISM };
    // bpm runs no LICENCIAS yet: the option is refused, and bpm was asked with the admin's own token.
    h.bpmCatalogue.asked = [];
    const adminHeaders = await h.issuer.headers(testUsers.admin);
    const early = await h.call('POST', '/api/initial-options', { user: null, headers: adminHeaders, body: licencias });
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ code: 'unknown-procedure', procedureCode: 'LICENCIAS', organism: TEST_ORGANISM });
    expect(h.bpmCatalogue.asked).toEqual([{ authorization: adminHeaders.authorization, requestId: expect.any(String) }]);
    // bpm cannot be asked: nothing is accepted blindly.
    h.bpmCatalogue.behaviour = { status: 500 };
    const blind = await h.call('POST', '/api/initial-options', { user: 'admin', body: licencias });
    expect(blind.status).toBe(503);
    expect(await blind.json()).toMatchObject({ code: 'procedure-catalogue-unavailable' });
    h.bpmCatalogue.behaviour = 'list';
    expect((await (await h.call('GET', '/api/initial-options', { user: 'admin' })).json()).items.map((o: { code: string }) => o.code)).not.toContain('OBRAS');

    h.bpmCatalogue.procedures = [catalogued('LICENCIAS', TEST_ORGANISM)];
    const added = await h.call('POST', '/api/initial-options', {
      user: 'admin',
      body: { code: 'OBRAS', name: 'Licencias de obras', procedureCode: 'LICENCIAS', organism: TEST_ORGANISM },
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ code: 'OBRAS', name: 'Licencias de obras', procedureCode: 'LICENCIAS', active: true, organism: TEST_ORGANISM });
    expect((await h.call('POST', '/api/initial-options', { user: 'admin', body: { code: 'OBRAS', name: 'Otra', organism: TEST_ORGANISM } })).status).toBe(409);

    await createAndWait(h, body('OBRA-1', { initialOption: 'OBRAS' }));
    const command = h.bpmCommands.find((c) => (c.data as { fileCode: string }).fileCode === 'OBRA-1')!;
    expect(command.data).toMatchObject({ procedureCode: 'LICENCIAS' });
  });

  it('documents its routes in OpenAPI', async () => {
    const doc = (await (await h.call('GET', '/openapi.json', { user: null })).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/files',
        '/api/files/{code}/record',
        '/api/files/{code}/availability',
        '/api/files/{code}',
        '/api/initial-options',
        '/api/sagas/{id}',
        '/api/sagas/{id}/events',
      ]),
    );
    const patch = (doc.paths['/api/files/{code}'] as { patch: { responses: Record<string, { content?: Record<string, unknown> }> } }).patch;
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '428']));
    expect(patch.responses['428']!.content).toHaveProperty(['application/problem+json']);
  });

  it("answers another organism's caller exactly as for a missing expediente or saga, over HTTP, and changes nothing", async () => {
    const { sagaId } = await createAndWait(h, body('ORG-1', { description: 'Propia' }));
    const other = await h.issuer.headers({ username: 'eva', memberships: [{ organism: 'A01002820', roles: ['tramitador', 'consulta'] }] });
    const asOther = (method: string, path: string, extra: RequestInit = {}) =>
      fetch(`${h.service.url}${path}`, {
        method,
        ...extra,
        headers: { ...other, 'content-type': 'application/json', ...(extra.headers as Record<string, string>) },
      });
    const problem = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });

    const record = await problem(await asOther('GET', '/api/files/ORG-1/record'));
    const missing = await problem(await asOther('GET', '/api/files/ORG-404/record'));
    expect(record.status).toBe(404);
    expect({ ...record.body, detail: undefined, instance: undefined, fileCode: undefined }).toEqual({
      ...missing.body,
      detail: undefined,
      instance: undefined,
      fileCode: undefined,
    });
    expect((await asOther('PATCH', '/api/files/ORG-1', { body: JSON.stringify({ description: 'Ajena', expectedVersion: 1 }) })).status).toBe(404);
    expect((await asOther('GET', `/api/sagas/${sagaId}`)).status).toBe(404);
    expect((await asOther('GET', `/api/sagas/${sagaId}/events`)).status).toBe(404);

    const own = await (await h.call('GET', '/api/files/ORG-1/record')).json();
    expect(own).toMatchObject({ organism: TEST_ORGANISM, description: 'Propia', version: 1 });
    expect(h.fileEvents.find((e) => e.type === 'FileCreated' && e.subject === 'ORG-1')?.data).toMatchObject({ organism: TEST_ORGANISM });
  });
});
