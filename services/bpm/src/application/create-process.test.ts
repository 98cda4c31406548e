import { describe, expect, it } from 'vitest';
import { engineServices } from '@tramita/bpmn';
import { steppingClock } from '@tramita/kernel';
import type { OutgoingMessage } from '@tramita/messaging';
import { bpmEvents } from '@tramita/contracts';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { InMemoryProcessRepository } from '../adapters/in-memory/process-repository.in-memory.ts';
import { inMemoryRepositories } from '../adapters/in-memory/repositories.in-memory.ts';
import { DEFAULT_PROCEDURE } from '../domain/default-procedure.ts';
import { Procedure } from '../domain/procedure.ts';
import { createProcess } from './create-process.ts';
import { deleteProcess } from './delete-process.ts';

const ana = { username: 'ana', displayName: 'Gat Alba, Ana' };

function setup() {
  const sent: OutgoingMessage[] = [];
  const processes = new InMemoryProcessRepository();
  const procedures = new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]);
  const deps = {
    ...inMemoryRepositories({ processes, procedures }),
    engineServices,
    calendarDefaults: { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' as const },
    outbox: { send: (m: OutgoingMessage) => void sent.push(m) },
    clock: steppingClock(new Date('2026-03-01T09:00:00Z')),
    defaultProcedureCode: 'EXPEDIENTE',
    defaultOrganism: 'E00000000',
  };
  return { deps, sent, processes };
}

describe('createProcess', () => {
  it('opens the process in the initial phase of the default procedure and announces it', async () => {
    const { deps, sent, processes } = setup();
    const result = await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
    expect(result.outcome).toBe('created');
    const stored = await processes.findById('p-1');
    expect(stored?.phase.code).toBe('INICIAL');
    expect(stored?.state().history[0]?.enteredBy).toEqual(ana);
    // ProcessStarted, then the expediente's maximum plazo (art. 21, ADR 0016).
    expect(sent.map((message) => message.type)).toEqual(['ProcessStarted', 'PlazoChanged']);
    expect(sent[0]).toMatchObject({ topic: 'bpm.events', type: 'ProcessStarted', subject: 'p-1' });
    expect(bpmEvents.ProcessStarted.parse(sent[0]!.data)).toMatchObject({
      processId: 'p-1',
      fileCode: 'EXP-1',
      procedure: { code: 'EXPEDIENTE', version: 1 },
      phase: { code: 'INICIAL', name: 'Fase inicial' },
      finished: false,
      version: 1,
    });
  });

  it('takes the latest version of the procedure named in the command', async () => {
    const { deps } = setup();
    await deps.procedures.add(Procedure.restore({ ...DEFAULT_PROCEDURE, version: 2, name: 'Tramitación v2' }), null);
    const result = await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', procedureCode: 'EXPEDIENTE', requestedBy: ana });
    expect(result.outcome === 'created' && result.procedure.version).toBe(2);
  });

  it("opens a process with its organism's own procedure, and refuses another organism's as an unknown one", async () => {
    const { deps, sent, processes } = setup();
    await deps.procedures.add(Procedure.restore({ ...DEFAULT_PROCEDURE, code: 'LICENCIA_A', name: 'Licencias de A' }), 'L01280796');
    const own = await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', procedureCode: 'LICENCIA_A', organism: 'L01280796', requestedBy: ana });
    expect(own.outcome === 'created' && own.procedure.code).toBe('LICENCIA_A');
    sent.length = 0;
    const theirs = await createProcess(deps, { processId: 'p-2', fileCode: 'EXP-2', procedureCode: 'LICENCIA_A', organism: 'A01002820', requestedBy: ana });
    const missing = await createProcess(deps, { processId: 'p-3', fileCode: 'EXP-2', procedureCode: 'NOPE', organism: 'A01002820', requestedBy: ana });
    expect(theirs).toEqual({ outcome: 'refused', reason: 'Unknown procedure LICENCIA_A: neither shared nor of organism A01002820.' });
    expect(missing).toEqual({ outcome: 'refused', reason: 'Unknown procedure NOPE: neither shared nor of organism A01002820.' });
    expect(sent).toEqual([]);
    expect(await processes.organismsHolding('EXP-2')).toEqual([]);
  });

  it('answers a repeated command as the first time without creating twice', async () => {
    const { deps, sent } = setup();
    await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
    const again = await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
    expect(again.outcome).toBe('already-created');
    expect(sent.map((message) => message.type)).toEqual(['ProcessStarted', 'PlazoChanged']);
  });

  it.each([
    ['an unknown procedure', { processId: 'p-2', fileCode: 'EXP-2', procedureCode: 'NOPE' }, /Unknown procedure NOPE/],
    ['an expediente that already has a process', { processId: 'p-2', fileCode: 'EXP-1' }, /already has a process/],
    ['a process id used for another expediente', { processId: 'p-1', fileCode: 'EXP-9' }, /already exists/],
  ])('refuses %s and creates nothing', async (_what, command, reason) => {
    const { deps, sent, processes } = setup();
    await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
    sent.length = 0;
    const result = await createProcess(deps, { ...command, requestedBy: ana });
    expect(result.outcome).toBe('refused');
    expect(result.outcome === 'refused' && result.reason).toMatch(reason);
    expect(sent).toEqual([]);
    expect(await processes.organismsHolding('EXP-2')).toEqual([]);
  });

  it('refuses a process that a compensation already deleted', async () => {
    const { deps, processes } = setup();
    await deleteProcess(deps, 'p-1');
    const result = await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
    expect(result).toEqual({ outcome: 'refused', reason: 'Process p-1 was deleted and cannot be created again.' });
    expect(await processes.findById('p-1')).toBeNull();
  });
});

describe('deleteProcess', () => {
  it('removes an existing process, leaves a tombstone and announces a newer version', async () => {
    const { deps, sent, processes } = setup();
    await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
    sent.length = 0;
    expect(await deleteProcess(deps, 'p-1')).toEqual({ existed: true });
    expect(await processes.findById('p-1')).toBeNull();
    expect(await processes.findTombstone('p-1')).toMatchObject({ processId: 'p-1', fileCode: 'EXP-1', lastVersion: 1 });
    expect(sent).toEqual([{ topic: 'bpm.events', type: 'ProcessDeleted', subject: 'p-1', data: { processId: 'p-1', fileCode: 'EXP-1', version: 2 } }]);
  });

  it('accepts a process that never existed, sending no event, and stays idempotent', async () => {
    const { deps, sent, processes } = setup();
    expect(await deleteProcess(deps, 'p-9')).toEqual({ existed: false });
    expect(await deleteProcess(deps, 'p-9')).toEqual({ existed: false });
    expect(sent).toEqual([]);
    expect(await processes.findTombstone('p-9')).toMatchObject({ fileCode: null, lastVersion: 0 });
  });
});
