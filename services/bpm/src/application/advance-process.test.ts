import { describe, expect, it } from 'vitest';
import { engineServices } from '@tramita/bpmn';
import { DomainError, steppingClock } from '@tramita/kernel';
import { auditRecorderIn, InMemoryAuditTrail } from '@tramita/platform';
import type { OutgoingMessage } from '@tramita/messaging';
import { bpmEvents } from '@tramita/contracts';
import { inMemoryRepositories } from '../adapters/in-memory/repositories.in-memory.ts';
import { InMemoryPlazoRepository } from '../adapters/in-memory/plazo-repository.in-memory.ts';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { InMemoryProcessRepository } from '../adapters/in-memory/process-repository.in-memory.ts';
import { DEFAULT_PROCEDURE } from '../domain/default-procedure.ts';
import { Procedure } from '../domain/procedure.ts';
import { advanceProcess } from './advance-process.ts';
import { createProcess } from './create-process.ts';
import { getProcess } from './get-process.ts';
import { listTransitions } from './list-transitions.ts';

const ana = { username: 'ana', displayName: 'Gat Alba, Ana' };
const teo = { username: 'teo', displayName: 'Técnica, Teo' };
/** A caller holding `roles` in the default organism, where these processes are. */
const member = (roles: string[]) => ({ isService: false, memberships: [{ organism: 'E00000000', roles, units: [] }] });

/** The attribution a route gives (ADR 0014). */
const audited = { actor: ana, correlationId: 'req-1', sourceAddress: '192.0.2.7' };

async function setup() {
  const sent: OutgoingMessage[] = [];
  const trail = new InMemoryAuditTrail('bpm');
  const deps = {
    audit: auditRecorderIn(trail, undefined),
    ...inMemoryRepositories({ procedures: new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]) }),
    engineServices,
    calendarDefaults: { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' as const },
    outbox: { send: (m: OutgoingMessage) => void sent.push(m) },
    clock: steppingClock(new Date('2026-03-01T09:00:00Z'), 60_000),
    defaultProcedureCode: 'EXPEDIENTE',
    defaultOrganism: 'E00000000',
  };
  await createProcess(deps, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
  sent.length = 0;
  return { deps, sent, trail };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('advanceProcess', () => {
  it('moves the process, saves it, records it in the audit trail and announces ProcessAdvanced with who and from where', async () => {
    const { deps, sent, trail } = await setup();
    const view = await advanceProcess(deps, {
      fileCode: 'EXP-1',
      to: 'ANALISIS_TECNICO',
      expectedVersion: 1,
      actor: ana,
      caller: member(['tramitador']),
      audited,
    });
    expect(view).toMatchObject({ phase: { code: 'ANALISIS_TECNICO' }, version: 2, procedure: { name: 'Tramitación de expediente' } });
    expect(view.history).toHaveLength(2);
    expect(view.history[0]).toMatchObject({ finishedAt: '2026-03-01T09:01:00.000Z', finishedBy: ana });
    expect((await getProcess(deps, 'EXP-1', member([]))).version).toBe(2);
    expect(trail.entries).toEqual([
      {
        service: 'bpm',
        actor: ana,
        action: 'process.transition',
        organism: 'E00000000',
        fileCode: 'EXP-1',
        sourceAddress: '192.0.2.7',
        outcome: 'success',
        correlationId: 'req-1',
        details: { from: 'INICIAL', to: 'ANALISIS_TECNICO', version: 2 },
      },
    ]);
    expect(sent).toHaveLength(1);
    expect(bpmEvents.ProcessAdvanced.parse(sent[0]!.data)).toMatchObject({
      version: 2,
      from: { code: 'INICIAL', name: 'Fase inicial' },
      by: ana,
      phase: { code: 'ANALISIS_TECNICO' },
    });
  });

  it('rejects an expected version that is not the current one', async () => {
    const { deps, sent } = await setup();
    const error = await rejection(
      advanceProcess(deps, { fileCode: 'EXP-1', to: 'ANALISIS_TECNICO', expectedVersion: 3, actor: ana, caller: member(['tramitador']), audited }),
    );
    expect(error.code).toBe('version-conflict');
    expect(sent).toEqual([]);
  });

  it('reports a conflict when someone else saved the process first', async () => {
    const { deps } = await setup();
    // Another transaction committed between our load and our update.
    class OvertakenRepository extends InMemoryProcessRepository {
      override async update(): Promise<boolean> {
        return false;
      }
    }
    const processes = new OvertakenRepository();
    const stale = { ...deps, processes, plazos: new InMemoryPlazoRepository() };
    await createProcess(stale, { processId: 'p-1', fileCode: 'EXP-1', requestedBy: ana });
    const error = await rejection(
      advanceProcess(stale, { fileCode: 'EXP-1', to: 'ANALISIS_TECNICO', expectedVersion: 1, actor: ana, caller: member(['tramitador']), audited }),
    );
    expect(error.code).toBe('version-conflict');
  });

  it('changes nothing when the caller lacks the role', async () => {
    const { deps, sent } = await setup();
    const error = await rejection(
      advanceProcess(deps, { fileCode: 'EXP-1', to: 'ANALISIS_TECNICO', expectedVersion: 1, actor: teo, caller: member(['tecnico']), audited }),
    );
    expect(error.code).toBe('transition-role-required');
    expect((await getProcess(deps, 'EXP-1', member([]))).version).toBe(1);
    expect(sent).toEqual([]);
  });

  it('answers not found for an expediente without process', async () => {
    const { deps } = await setup();
    expect(
      (await rejection(advanceProcess(deps, { fileCode: 'EXP-X', to: 'INICIAL', expectedVersion: 1, actor: ana, caller: member([]), audited }))).code,
    ).toBe('process-not-found');
    expect((await rejection(getProcess(deps, 'EXP-X', member([])))).code).toBe('process-not-found');
    expect((await rejection(listTransitions(deps, 'EXP-X', member([])))).code).toBe('process-not-found');
  });

  it('fails loudly when the definition the process started with is missing', async () => {
    const { deps } = await setup();
    const empty = { ...deps, procedures: new InMemoryProcedureRepository() };
    await expect(getProcess(empty, 'EXP-1', member([]))).rejects.toThrow(/EXPEDIENTE v1 of process p-1 is missing/);
  });
});

describe('listTransitions', () => {
  it('offers the ways out of the current phase, allowed for the roles held', async () => {
    const { deps } = await setup();
    expect(await listTransitions(deps, 'EXP-1', member(['tecnico']))).toEqual({
      phase: { code: 'INICIAL', name: 'Fase inicial' },
      version: 1,
      transitions: [{ to: { code: 'ANALISIS_TECNICO', name: 'Fase de análisis técnico' }, role: 'tramitador', allowed: false }],
    });
  });

  it("answers a caller of another organism as for a missing process, and counts only the roles held in the process's organism", async () => {
    const { deps } = await setup();
    const stranger = { isService: false, memberships: [{ organism: 'A01002820', roles: ['tramitador', 'tecnico'], units: [] }] };
    const hidden = await rejection(getProcess(deps, 'EXP-1', stranger));
    expect(hidden.code).toBe('process-not-found');
    // Marked for the audit trail (never part of the answer); a really missing one is not.
    expect(hidden.refusal).toEqual({ organism: 'E00000000', fileCode: 'EXP-1' });
    expect((await rejection(getProcess(deps, 'EXP-X', stranger))).refusal).toBeUndefined();
    expect((await rejection(listTransitions(deps, 'EXP-1', stranger))).code).toBe('process-not-found');
    const move = advanceProcess(deps, { fileCode: 'EXP-1', to: 'ANALISIS_TECNICO', expectedVersion: 1, actor: ana, caller: stranger, audited });
    expect((await rejection(move)).code).toBe('process-not-found');
    expect((await getProcess(deps, 'EXP-1', member([]))).version).toBe(1);
    // tramitador elsewhere, only consulta here: not allowed to move it.
    const elsewhere = { isService: false, memberships: [...stranger.memberships, { organism: 'E00000000', roles: ['consulta'], units: [] }] };
    expect((await listTransitions(deps, 'EXP-1', elsewhere)).transitions.every((t) => !t.allowed)).toBe(true);
    const refused = await rejection(
      advanceProcess(deps, { fileCode: 'EXP-1', to: 'ANALISIS_TECNICO', expectedVersion: 1, actor: ana, caller: elsewhere, audited }),
    );
    expect(refused.category).toBe('forbidden');
  });
});
