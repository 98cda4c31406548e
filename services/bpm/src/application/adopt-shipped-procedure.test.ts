import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { engineServices, readProcedureFile, type InstanceState } from '@tramita/bpmn';
import { steppingClock } from '@tramita/kernel';
import type { AuditFact } from '@tramita/platform';
import { inMemoryRepositories } from '../adapters/in-memory/repositories.in-memory.ts';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { DEFAULT_PROCEDURE } from '../domain/default-procedure.ts';
import { Process, type ProcessState } from '../domain/process.ts';
import { Procedure } from '../domain/procedure.ts';
import { adoptShippedProcedure } from './adopt-shipped-procedure.ts';
import type { BpmRepositories } from './ports.ts';

const xml = await readFile(new URL('../procedures/expediente.bpmn', import.meta.url), 'utf8');
const A = 'E00000000';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));
const person = (username: string) => ({ username, displayName: username });

/** A process on the phase-table version, with the history `phases` walked by one person each. */
function onPhaseTable(processId: string, phases: string[], finished = false): Process {
  const names = new Map(DEFAULT_PROCEDURE.phases.map((p) => [p.code, p.name]));
  const state: ProcessState = {
    processId,
    fileCode: `EXP-${processId}`,
    organism: A,
    procedure: { code: 'EXPEDIENTE', version: 1 },
    finished,
    startedAt: at(0),
    updatedAt: at(phases.length),
    version: phases.length,
    history: phases.map((code, i) => ({
      phase: { code, name: names.get(code)! },
      enteredAt: at(i),
      enteredBy: person(`persona-${i}`),
      finishedAt: i < phases.length - 1 || finished ? at(i + 1) : null,
      finishedBy: i < phases.length - 1 || finished ? person(`persona-${i + 1}`) : null,
    })),
  };
  return Process.restore(state);
}

async function setup() {
  const repositories: BpmRepositories = inMemoryRepositories({ procedures: new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]) });
  const facts: AuditFact[] = [];
  const unitOfWork = {
    run: <T>(_cause: unknown, work: (r: BpmRepositories, outbox: { send: () => void }, audit: { record: (f: AuditFact) => Promise<void> }) => Promise<T>) =>
      work(repositories, { send: () => undefined }, { record: async (fact: AuditFact) => void facts.push(fact) }),
  };
  const clock = steppingClock(new Date('2026-12-04T09:00:00Z'));
  const adopt = () =>
    adoptShippedProcedure(
      unitOfWork,
      { clock, engineServices, calendarDefaults: { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' as const } },
      { code: 'EXPEDIENTE', xml, readBpmn: readProcedureFile, defaultOrganism: A },
    );
  return { repositories, facts, adopt };
}

describe('the shipped procedure adopted from its BPMN file (issue 13, point 2)', () => {
  it('deploys the file once as version 2 and walks every unfinished process onto it, keeping its history', async () => {
    const { repositories, facts, adopt } = await setup();
    const reworked = onPhaseTable('p-1', ['INICIAL', 'ANALISIS_TECNICO', 'RECHAZADO', 'INICIAL']);
    const fresh = onPhaseTable('p-2', ['INICIAL']);
    const done = onPhaseTable('p-3', ['INICIAL', 'ANALISIS_TECNICO', 'VALIDADO', 'FINALIZADO'], true);
    for (const process of [reworked, fresh, done]) await repositories.processes.insert(process);
    const historyBefore = (await repositories.processes.findById('p-1'))!.state().history;

    const result = await adopt();
    expect(result).toEqual({ deployedVersion: 2, migrated: ['p-1', 'p-2'], skipped: [] });
    expect(facts.map((fact) => fact.action)).toEqual(['procedure.deploy']);

    const moved = (await repositories.processes.findById('p-1'))!.state();
    expect(moved.procedure).toEqual({ code: 'EXPEDIENTE', version: 2 });
    expect(moved.history).toEqual(historyBefore);
    // The engine waits where the history does, having run each phase as often as it recorded.
    const instance = await repositories.instances.find('p-1');
    expect((instance!.state as InstanceState).runs).toMatchObject({ INICIAL: 1, ANALISIS_TECNICO: 1, RECHAZADO: 1 });
    const tasks = await repositories.tasks.ofProcess('p-1');
    expect(tasks.map((t) => [t.nodeId, t.state, t.endedBy?.username ?? null])).toEqual([
      ['INICIAL', 'completed', 'persona-1'],
      ['ANALISIS_TECNICO', 'completed', 'persona-2'],
      ['RECHAZADO', 'completed', 'persona-3'],
      ['INICIAL', 'open', null],
    ]);
    expect((await repositories.tasks.ofProcess('p-2')).map((t) => [t.nodeId, t.state])).toEqual([['INICIAL', 'open']]);
    // A finished process keeps its version and gets no instance.
    expect((await repositories.processes.findById('p-3'))!.state().procedure.version).toBe(1);
    expect(await repositories.instances.find('p-3')).toBeNull();
  });

  it('does nothing the second time, nor when some version already came from a BPMN file', async () => {
    const { repositories, adopt } = await setup();
    await repositories.processes.insert(onPhaseTable('p-1', ['INICIAL', 'ANALISIS_TECNICO']));
    await adopt();
    expect(await adopt()).toEqual({ deployedVersion: null, migrated: [], skipped: [] });
    expect((await repositories.procedures.find('EXPEDIENTE', null))?.version).toBe(2);
    expect((await repositories.tasks.ofProcess('p-1')).filter((t) => t.state === 'open').map((t) => t.nodeId)).toEqual(['ANALISIS_TECNICO']);
  });

  it('leaves on its version a process whose history the file cannot replay, and says which', async () => {
    const { repositories, adopt } = await setup();
    await repositories.processes.insert(onPhaseTable('p-odd', ['INICIAL', 'VALIDADO']));
    const result = await adopt();
    expect(result.skipped).toEqual(['p-odd']);
    expect((await repositories.processes.findById('p-odd'))!.state().procedure.version).toBe(1);
  });
});
