import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAndWait, happyBpm, happyDocs, startHarness, waitFor, type Harness, type Reply } from './harness.ts';
import { TEST_ORGANISM } from '@tramita/platform/testing';

const body = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  initialOption: 'SEDE',
  description: 'Solicitud de licencia de obra menor',
  documents: ['doc-1', 'doc-2'],
  ...extra,
});

describe('creating an expediente (component)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());
  beforeEach(() => {
    h.bpm = happyBpm;
    h.docs = happyDocs;
  });

  it('completes the saga, makes the record readable and publishes FileCreated', async () => {
    const response = await h.call('POST', '/api/files', { body: body('OK-1') });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { sagaId: string; status: string; fileCode: string };
    expect(accepted).toMatchObject({ status: 'running', fileCode: 'OK-1' });
    expect(response.headers.get('location')).toBe(`/api/sagas/${accepted.sagaId}`);

    const saga = await waitFor(async () => {
      const s = (await (await h.call('GET', `/api/sagas/${accepted.sagaId}`, { user: 'consulta' })).json()) as { status: string };
      return s.status === 'completed' ? s : undefined;
    }, 'saga completion');
    expect(saga).toMatchObject({ id: accepted.sagaId, fileCode: 'OK-1' });

    const record = await h.call('GET', '/api/files/OK-1/record', { user: 'consulta' });
    expect(record.status).toBe(200);
    expect(record.headers.get('etag')).toBe('"1"');
    const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
    expect(await record.json()).toMatchObject({
      code: 'OK-1',
      initialOption: { code: 'SEDE', name: 'Sede electrónica' },
      description: 'Solicitud de licencia de obra menor',
      status: 'active',
      finished: false,
      currentPhase: { code: 'INICIAL', name: 'Inicial' },
      documentIds: ['doc-1', 'doc-2'],
      createdBy: agat,
      updatedBy: agat,
      version: 1,
    });
    const created = await waitFor(() => h.fileEvents.find((e) => e.type === 'FileCreated' && e.subject === 'OK-1'), 'FileCreated');
    expect(created.data).toMatchObject({ code: 'OK-1', version: 1, documentIds: ['doc-1', 'doc-2'] });
    const createProcess = h.bpmCommands.find((c) => (c.data as { fileCode: string }).fileCode === 'OK-1')!;
    expect(createProcess.data).toEqual({ processId: expect.any(String), fileCode: 'OK-1', organism: TEST_ORGANISM, requestedBy: agat });
    expect(createProcess.correlationid).toBe(created.correlationid);
  });

  it('removes the reservation and sends no DeleteProcess when bpm fails', async () => {
    h.bpm = () => ({ outcome: 'failure', type: 'ProcessCreationFailed', data: { reason: 'no default procedure' } });
    const saga = await createAndWait(h, body('BPM-FAIL'));
    expect(saga).toMatchObject({ status: 'compensated', reason: 'no default procedure' });
    const mine = h.bpmCommands.filter((c) => (c.data as { fileCode?: string }).fileCode === 'BPM-FAIL');
    expect(mine.map((c) => c.type)).toEqual(['CreateProcess']);
    expect(h.bpmCommands.filter((c) => c.type === 'DeleteProcess' && c.sagaid === saga.sagaId)).toEqual([]);
    expect(h.docsCommands.filter((c) => c.sagaid === saga.sagaId)).toEqual([]);
    expect(await (await h.call('GET', '/api/files/BPM-FAIL/availability')).json()).toEqual({ code: 'BPM-FAIL', available: true });
    expect((await h.call('GET', '/api/files/BPM-FAIL/record')).status).toBe(404);
  });

  it('deletes exactly the process it created when docs fail, then frees the code', async () => {
    h.docs = () => ({ outcome: 'failure', type: 'DocumentsAttachFailed', data: { reason: 'doc-2 belongs to another expediente' } });
    const saga = await createAndWait(h, body('DOCS-FAIL'));
    expect(saga).toMatchObject({ status: 'compensated', reason: 'doc-2 belongs to another expediente' });
    const commands = h.bpmCommands.filter((c) => c.sagaid === saga.sagaId);
    expect(commands.map((c) => c.type)).toEqual(['CreateProcess', 'DeleteProcess']);
    expect(commands[1]!.data).toEqual({ processId: (commands[0]!.data as { processId: string }).processId });
    expect(h.docsCommands.filter((c) => c.sagaid === saga.sagaId).map((c) => c.type)).toEqual(['AttachDocuments']);
    expect(await (await h.call('GET', '/api/files/DOCS-FAIL/availability')).json()).toEqual({ code: 'DOCS-FAIL', available: true });
    expect(h.fileEvents.filter((e) => e.subject === 'DOCS-FAIL')).toEqual([]);
  });

  it('refuses a duplicate code with 409 and leaves the existing expediente alone', async () => {
    await createAndWait(h, body('DUP-1'));
    const before = await (await h.call('GET', '/api/files/DUP-1/record')).json();
    const commandsBefore = h.bpmCommands.length + h.docsCommands.length;

    const response = await h.call('POST', '/api/files', { body: body('DUP-1', { initialOption: 'PETICION_DTO', description: 'otra' }) });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 409, code: 'file-code-taken' });

    await new Promise((r) => setTimeout(r, 100));
    expect(await (await h.call('GET', '/api/files/DUP-1/record')).json()).toEqual(before);
    expect(h.bpmCommands.length + h.docsCommands.length).toBe(commandsBefore);
    expect(await (await h.call('GET', '/api/files/DUP-1/availability')).json()).toEqual({ code: 'DUP-1', available: false });
  });

  it('lets exactly one of two concurrent requests for a new code through', async () => {
    const [a, b] = await Promise.all([h.call('POST', '/api/files', { body: body('RACE-1') }), h.call('POST', '/api/files', { body: body('RACE-1') })]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const winner = (await (a.status === 202 ? a : b).json()) as { sagaId: string };
    await waitFor(
      async () => ((await (await h.call('GET', `/api/sagas/${winner.sagaId}`)).json()) as { status: string }).status === 'completed' || undefined,
      'winner',
    );
    expect(h.bpmCommands.filter((c) => (c.data as { fileCode?: string }).fileCode === 'RACE-1')).toHaveLength(1);
    expect(await (await h.call('GET', '/api/files/RACE-1/record')).json()).toMatchObject({ version: 1, status: 'active' });
  });

  it('streams running then completed over server-sent events', async () => {
    let release: (() => void) | undefined;
    h.bpm = (command) => new Promise<Reply>((resolve) => (release = () => resolve(happyBpm(command))));
    const response = await h.call('POST', '/api/files', { body: body('SSE-1') });
    const { sagaId } = (await response.json()) as { sagaId: string };

    const stream = await h.call('GET', `/api/sagas/${sagaId}`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const statuses = () => [...text.matchAll(/event: status\ndata: (.*)\n\n/g)].map((m) => (JSON.parse(m[1]!) as { status: string }).status);
    while (statuses().length === 0) text += (await reader.read()).value ?? '';
    expect(statuses()).toEqual(['running']);

    (await waitFor(() => release, 'bpm to receive CreateProcess'))();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += chunk.value;
    }
    const seen = statuses().filter((s, i, all) => s !== all[i - 1]);
    expect(seen).toEqual(['running', 'completed']);
  });

  it('answers the events alias with the final status and closes, and 404 for unknown sagas', async () => {
    const saga = await createAndWait(h, body('SSE-2'));
    const text = await (await h.call('GET', `/api/sagas/${saga.sagaId}/events`)).text();
    expect(text).toMatch(/^event: status\ndata: \{.*"status":"completed".*\}\n\n$/);
    const unknown = await h.call('GET', '/api/sagas/0190a000-0000-7000-8000-000000000000', { headers: { accept: 'text/event-stream' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'saga-not-found' });
    expect((await h.call('GET', '/api/sagas/nope')).status).toBe(404);
  });
});

describe('a saga whose participant never answers (component)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ FILES_SAGA_TIMEOUT_MS: '300' });
  });
  afterAll(async () => h.stop());

  it('times out, compensates the in-doubt step and frees the code', async () => {
    h.bpm = (command) => (command.type === 'CreateProcess' ? 'silence' : happyBpm(command));
    const saga = await createAndWait(h, body('SLOW-1'));
    expect(saga.status).toBe('compensated');
    expect(saga.reason).toContain('open-process');
    expect(h.bpmCommands.map((c) => c.type)).toEqual(['CreateProcess', 'DeleteProcess']);
    expect(await (await h.call('GET', '/api/files/SLOW-1/availability')).json()).toEqual({ code: 'SLOW-1', available: true });
  });
});
