import { beforeEach, describe, expect, it } from 'vitest';
import { buildEnvelope, InMemorySagaStore, SagaEngine, sagaReply, type Envelope, type OutgoingMessage, type Outbox } from '@tramita/messaging';
import { InMemoryFileRepository } from '../../adapters/in-memory/file-repository.in-memory.ts';
import { Expediente } from '../../domain/expediente.ts';
import { createFileSaga, FileCodeTakenError, type CreateFileSagaData } from './create-file.saga.ts';

// Message scripts: the saga engine with an in-memory store, a fake repository and no broker.
const cause = { source: 'files', correlationId: 'request-1', causationId: null };
const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
const TIMEOUT = 60_000;

let now: Date;
let sent: OutgoingMessage[];
let files: InMemoryFileRepository;
let store: InMemorySagaStore;
let engine: SagaEngine<CreateFileSagaData, unknown>;
const outbox: Outbox = { cause, send: (message) => void sent.push(message) };

function data(overrides: Partial<CreateFileSagaData> = {}): CreateFileSagaData {
  return {
    sagaId: '0190a000-0000-7000-8000-000000000001',
    code: 'EXP-2026-1',
    organism: 'L01280796',
    processId: '0190a000-0000-7000-8000-0000000000aa',
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    procedureCode: null,
    description: 'Solicitud de licencia',
    documentIds: ['doc-1', 'doc-2'],
    requestedBy: agat,
    requestedAt: '2026-03-01T10:00:00.000Z',
    phase: null,
    ...overrides,
  };
}

const start = (d = data()) => engine.start({}, outbox, { id: d.sagaId, subject: d.code, data: d });
const lastSent = () => sent.at(-1)!;
const types = () => sent.map((m) => m.type);

/** The participant's reply to the last command sent, delivered to the engine. */
async function reply(outcome: 'success' | 'failure', type: string, payload: unknown, command: OutgoingMessage = lastSent()) {
  const commandEnvelope = buildEnvelope(command, cause).envelope;
  const replyEnvelope: Envelope = buildEnvelope(sagaReply(commandEnvelope, outcome, type, payload), cause).envelope;
  return engine.onReply({}, outbox, replyEnvelope);
}

const processCreated = (processId = data().processId) => ({
  processId,
  phase: { code: 'INICIAL', name: 'Inicial' },
  procedure: { code: 'DEFAULT', version: 1 },
});

beforeEach(() => {
  now = new Date('2026-03-01T10:00:00.000Z');
  sent = [];
  files = new InMemoryFileRepository();
  store = new InMemorySagaStore();
  engine = new SagaEngine(createFileSaga({ filesIn: () => files, timeoutMs: TIMEOUT }), store, { clock: { now: () => now } });
});

describe('create-file saga', () => {
  it('reserves the code and asks bpm to open the process with the chosen id', async () => {
    const state = await start();
    expect(state.status).toBe('running');
    expect(files.rowOf('EXP-2026-1')).toMatchObject({ status: 'creating', sagaId: data().sagaId, version: 0 });
    expect(sent).toEqual([
      expect.objectContaining({
        topic: 'bpm.commands',
        type: 'CreateProcess',
        subject: data().processId,
        data: { processId: data().processId, fileCode: 'EXP-2026-1', organism: 'L01280796', requestedBy: agat },
        saga: { id: data().sagaId, step: 'open-process', direction: 'forward', replyTo: 'files.create-file.replies' },
      }),
    ]);
  });

  it('names the option procedure in CreateProcess when the option has one', async () => {
    await start(data({ procedureCode: 'LICENCIAS' }));
    expect(sent[0]!.data).toMatchObject({ procedureCode: 'LICENCIAS' });
  });

  it('attaches the documents after the process exists and completes with FileCreated', async () => {
    await start();
    await reply('success', 'ProcessCreated', processCreated());
    expect(lastSent()).toMatchObject({
      topic: 'docs.commands',
      type: 'AttachDocuments',
      subject: 'EXP-2026-1',
      data: { fileCode: 'EXP-2026-1', documentIds: ['doc-1', 'doc-2'], requestedBy: agat },
    });
    const state = await reply('success', 'DocumentsAttached', { fileCode: 'EXP-2026-1', documentIds: ['doc-1', 'doc-2'] });
    expect(state?.status).toBe('completed');
    expect(types()).toEqual(['CreateProcess', 'AttachDocuments', 'FileCreated']);
    expect(lastSent()).toMatchObject({
      topic: 'files.events',
      subject: 'EXP-2026-1',
      data: {
        code: 'EXP-2026-1',
        processId: data().processId,
        initialOption: { code: 'SEDE', name: 'Sede electrónica' },
        description: 'Solicitud de licencia',
        documentIds: ['doc-1', 'doc-2'],
        createdBy: agat,
        updatedBy: agat,
        createdAt: '2026-03-01T10:00:00.000Z',
        version: 1,
      },
    });
    expect(files.rowOf('EXP-2026-1')).toMatchObject({ status: 'active', version: 1, currentPhase: { code: 'INICIAL', name: 'Inicial' } });
  });

  it('removes only its reservation when bpm fails, and sends no DeleteProcess', async () => {
    await start();
    const state = await reply('failure', 'ProcessCreationFailed', { reason: 'procedure LICENCIAS unknown' });
    expect(state).toMatchObject({ status: 'compensated', reason: 'procedure LICENCIAS unknown' });
    expect(types()).toEqual(['CreateProcess']);
    expect(files.rowOf('EXP-2026-1') !== undefined).toBe(false);
  });

  it('deletes the process when docs fail, then removes the reservation once bpm confirms', async () => {
    await start();
    await reply('success', 'ProcessCreated', processCreated());
    const compensating = await reply('failure', 'DocumentsAttachFailed', { reason: 'doc-2 is attached elsewhere' });
    expect(compensating?.status).toBe('compensating');
    expect(lastSent()).toMatchObject({
      topic: 'bpm.commands',
      type: 'DeleteProcess',
      subject: data().processId,
      data: { processId: data().processId },
      saga: { step: 'open-process', direction: 'backward' },
    });
    expect(files.rowOf('EXP-2026-1') !== undefined).toBe(true);
    const state = await reply('success', 'ProcessDeleted', { processId: data().processId });
    expect(state).toMatchObject({ status: 'compensated', reason: 'doc-2 is attached elsewhere' });
    expect(files.rowOf('EXP-2026-1') !== undefined).toBe(false);
    expect(types()).toEqual(['CreateProcess', 'AttachDocuments', 'DeleteProcess']);
  });

  it('compensates the in-doubt bpm step when no reply comes in time', async () => {
    await start();
    now = new Date(now.getTime() + TIMEOUT - 1);
    expect(await engine.overdue({})).toEqual([]);
    now = new Date(now.getTime() + 2);
    expect(await engine.overdue({})).toEqual([data().sagaId]);
    const expired = await engine.expire({}, outbox, data().sagaId);
    expect(expired?.status).toBe('compensating');
    expect(expired?.reason).toContain('open-process');
    expect(lastSent()).toMatchObject({ type: 'DeleteProcess', data: { processId: data().processId } });
    const state = await reply('success', 'ProcessDeleted', { processId: data().processId });
    expect(state?.status).toBe('compensated');
    expect(files.rowOf('EXP-2026-1') !== undefined).toBe(false);
  });

  it('detaches documents and deletes the process when docs never answer', async () => {
    await start();
    await reply('success', 'ProcessCreated', processCreated());
    now = new Date(now.getTime() + TIMEOUT + 1);
    await engine.expire({}, outbox, data().sagaId);
    expect(lastSent()).toMatchObject({ type: 'DetachDocuments', topic: 'docs.commands', data: { fileCode: 'EXP-2026-1', documentIds: ['doc-1', 'doc-2'] } });
    await reply('success', 'DocumentsDetached', { fileCode: 'EXP-2026-1', documentIds: [] });
    expect(lastSent()).toMatchObject({ type: 'DeleteProcess' });
    const state = await reply('success', 'ProcessDeleted', { processId: data().processId });
    expect(state?.status).toBe('compensated');
    expect(types()).toEqual(['CreateProcess', 'AttachDocuments', 'DetachDocuments', 'DeleteProcess']);
  });

  it('ignores duplicate and stale replies', async () => {
    await start();
    const createProcess = lastSent();
    await reply('success', 'ProcessCreated', processCreated());
    // The same reply again, and a late failure for a step already passed.
    await reply('success', 'ProcessCreated', processCreated(), createProcess);
    await reply('failure', 'ProcessCreationFailed', { reason: 'late' }, createProcess);
    expect(types()).toEqual(['CreateProcess', 'AttachDocuments']);
    expect((await engine.find(data().sagaId))?.status).toBe('running');
    await reply('success', 'DocumentsAttached', { fileCode: 'EXP-2026-1', documentIds: ['doc-1', 'doc-2'] });
    const after = await reply('failure', 'DocumentsAttachFailed', { reason: 'too late' }, sent[1]);
    expect(after?.status).toBe('completed');
    expect(types()).toEqual(['CreateProcess', 'AttachDocuments', 'FileCreated']);
  });

  it('ends failed when a compensation fails, keeping the reason', async () => {
    await start();
    await reply('success', 'ProcessCreated', processCreated());
    await reply('failure', 'DocumentsAttachFailed', { reason: 'doc-9 unknown' });
    const state = await reply('failure', 'ProcessDeletionFailed', { reason: 'bpm database down' });
    expect(state?.status).toBe('failed');
    expect(state?.reason).toContain('doc-9 unknown');
    expect(state?.reason).toContain('bpm database down');
  });

  it('never deletes an expediente it did not reserve', async () => {
    const existing = Expediente.reserve({ ...data({ sagaId: '0190a000-0000-7000-8000-00000000ffff' }), by: agat, at: now });
    existing.activate({ documentIds: ['doc-0'], phase: null });
    await files.reserve(existing);
    await expect(start()).rejects.toBeInstanceOf(FileCodeTakenError);
    expect(await files.deleteReservation('EXP-2026-1', data().sagaId)).toBe(false);
    expect(files.rowOf('EXP-2026-1')).toMatchObject({ status: 'active', version: 1, documentIds: ['doc-0'] });
  });

  it('keeps a newer phase that bpm reported before the saga activated the expediente', async () => {
    await start();
    await reply('success', 'ProcessCreated', processCreated());
    const reserved = (await files.findByCode('EXP-2026-1', 'L01280796'))!;
    reserved.applyProcess({ phase: { code: 'ANALISIS_TECNICO', name: 'Análisis técnico' }, finished: false, version: 2 });
    await files.save(reserved);
    await reply('success', 'DocumentsAttached', { fileCode: 'EXP-2026-1', documentIds: ['doc-1', 'doc-2'] });
    expect(files.rowOf('EXP-2026-1')?.currentPhase).toEqual({ code: 'ANALISIS_TECNICO', name: 'Análisis técnico' });
  });

  it('compensates every remote step when the reservation is lost before activation', async () => {
    await start();
    await reply('success', 'ProcessCreated', processCreated());
    files.rows.clear();
    const state = await reply('success', 'DocumentsAttached', { fileCode: 'EXP-2026-1', documentIds: ['doc-1', 'doc-2'] });
    expect(state?.status).toBe('compensating');
    expect(lastSent()).toMatchObject({ type: 'DetachDocuments' });
  });

  it('fails at once, sending nothing, when the request breaks a domain rule', async () => {
    const state = await start(data({ description: 'x'.repeat(4001) }));
    expect(state.status).toBe('compensated');
    expect(sent).toEqual([]);
    expect(files.rows.size).toBe(0);
  });
});
