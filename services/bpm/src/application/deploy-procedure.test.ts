import { describe, expect, it } from 'vitest';
import type { DeployProblem, ProcessModel } from '@tramita/bpmn';
import type { AuditFact } from '@tramita/platform';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { DEFAULT_PROCEDURE } from '../domain/default-procedure.ts';
import { Procedure } from '../domain/procedure.ts';
import { deployProcedure, type BpmnReading } from './deploy-procedure.ts';
import { getProcedureBpmn } from './get-procedure-bpmn.ts';

const PLATFORM = 'E00000000';
const A = 'L01280796';
const B = 'A01002820';
const person = (username: string, organism: string, roles: string[]) => ({ username, isService: false, memberships: [{ organism, roles, units: [] }] });
const platformAdmin = person('plataforma', PLATFORM, ['admin', 'platform-admin']);
const adminA = person('admin-a', A, ['admin']);
const adminB = person('admin-b', B, ['admin']);
const audited = { actor: { username: 'admin-a', displayName: 'admin-a' }, correlationId: 'req-1', sourceAddress: null };

/** A two-task process: SOLICITUD (tramitador) → RESOLUCION (tecnico) → end. */
function licencia(id = 'LICENCIA', name = 'Licencia de obras'): ProcessModel {
  const task = (taskId: string, groups: string[], incoming: string, outgoing: string) => ({
    kind: 'userTask' as const,
    id: taskId,
    name: taskId.toLowerCase(),
    scope: id,
    incoming: [incoming],
    outgoing: [outgoing],
    boundaries: [],
    assignment: { assignee: null, candidateUsers: [], candidateGroups: groups, source: 'extension' as const },
    dueDate: null,
    priority: null,
    formKey: null,
    documentation: null,
    calendar: null,
  });
  const flow = (flowId: string, source: string, target: string) => ({
    id: flowId,
    name: null,
    source,
    target,
    condition: null,
    candidateGroups: [],
    unit: null,
  });
  return {
    id,
    name,
    dialect: 'camunda7',
    start: 'inicio',
    nodes: {
      inicio: { kind: 'start', id: 'inicio', name: null, scope: id, incoming: [], outgoing: ['f1'], initiator: null },
      SOLICITUD: task('SOLICITUD', ['tramitador'], 'f1', 'f2'),
      RESOLUCION: task('RESOLUCION', ['tecnico'], 'f2', 'f3'),
      FIN: { kind: 'end', id: 'FIN', name: 'Fin', scope: id, incoming: ['f3'], outgoing: [], terminate: false },
    },
    flows: { f1: flow('f1', 'inicio', 'SOLICITUD'), f2: flow('f2', 'SOLICITUD', 'RESOLUCION'), f3: flow('f3', 'RESOLUCION', 'FIN') },
  };
}

/** Stands in for the engine's reader: each XML text names what reading it gives. */
function reader(readings: Record<string, BpmnReading>) {
  return async (xml: string) =>
    readings[xml] ?? { processes: [], problems: [{ elementId: null, type: 'xml', line: 1, message: 'not a BPMN file' }], warnings: [] };
}

function setup() {
  const procedures = new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]);
  const facts: AuditFact[] = [];
  const unsupported: DeployProblem = { elementId: 'Gateway_1', type: 'bpmn:InclusiveGateway', line: 12, message: 'inclusive gateways are not supported' };
  const readBpmn = reader({
    'v1.bpmn': { processes: [licencia()], problems: [], warnings: [] },
    'v2.bpmn': { processes: [licencia('LICENCIA', 'Licencia de obras (revisada)')], problems: [], warnings: [] },
    'expediente.bpmn': { processes: [licencia('EXPEDIENTE')], problems: [], warnings: [] },
    'bad-key.bpmn': { processes: [licencia('1 proceso')], problems: [], warnings: [] },
    'unsupported.bpmn': { processes: [licencia()], problems: [unsupported], warnings: [] },
  });
  const deps = { procedures, readBpmn, defaultOrganism: PLATFORM, audit: { record: async (fact: AuditFact) => void facts.push(fact) } };
  const deploy = (xml: string, caller: typeof adminA, organism?: string) => deployProcedure(deps, { xml, organism }, caller, audited);
  return { procedures, facts, deploy };
}

describe('deploying a BPMN file (ADR 0015)', () => {
  it('makes each executable process the next version of the procedure its id names, and an identical file a no-op', async () => {
    const { procedures, facts, deploy } = setup();
    expect(await deploy('v1.bpmn', adminA, A)).toEqual({
      procedures: [{ code: 'LICENCIA', name: 'Licencia de obras', version: 1, unchanged: false }],
      warnings: [],
    });
    expect((await deploy('v1.bpmn', adminA, A)).procedures).toEqual([{ code: 'LICENCIA', name: 'Licencia de obras', version: 1, unchanged: true }]);
    expect((await deploy('v2.bpmn', adminA, A)).procedures).toEqual([{ code: 'LICENCIA', name: 'Licencia de obras (revisada)', version: 2, unchanged: false }]);
    const stored = await procedures.find('LICENCIA', A, 1);
    expect(stored?.toData()).toMatchObject({
      phases: [
        { code: 'SOLICITUD', initial: true, terminal: false },
        { code: 'RESOLUCION', initial: false, terminal: false },
        { code: 'FIN', name: 'Fin', initial: false, terminal: true },
      ],
      transitions: [
        { from: 'SOLICITUD', to: 'RESOLUCION', role: 'tramitador' },
        { from: 'RESOLUCION', to: 'FIN', role: 'tecnico' },
      ],
    });
    expect((await getProcedureBpmn({ procedures }, 'LICENCIA', adminA, { version: 1 })).xml).toBe('v1.bpmn');
    expect(facts.map((fact) => [fact.action, fact.details?.version])).toEqual([
      ['procedure.deploy', 1],
      ['procedure.deploy', 2],
    ]);
  });

  it('refuses a file the engine would not run with every problem listed, and stores nothing', async () => {
    const { procedures, deploy } = setup();
    await expect(deploy('unsupported.bpmn', adminA, A)).rejects.toMatchObject({
      category: 'unprocessable',
      code: 'bpmn-not-executable',
      details: { problems: [{ elementId: 'Gateway_1', type: 'bpmn:InclusiveGateway', line: 12 }] },
    });
    await expect(deploy('bad-key.bpmn', adminA, A)).rejects.toMatchObject({ category: 'unprocessable', details: { problems: [{ elementId: '1 proceso' }] } });
    expect(await procedures.cataloguesOf('LICENCIA')).toEqual([]);
  });

  it("keeps catalogues apart: another organism's admin is refused as if it did not exist, and each organism may have its own key", async () => {
    const { procedures, deploy } = setup();
    await expect(deploy('v1.bpmn', adminA, B)).rejects.toMatchObject({ code: 'organism-not-found' });
    await deploy('v1.bpmn', adminA, A);
    expect((await deploy('v2.bpmn', adminB, B)).procedures[0]).toMatchObject({ version: 1, unchanged: false });
    expect(await procedures.cataloguesOf('LICENCIA')).toEqual([A, B]);
    await expect(getProcedureBpmn({ procedures }, 'LICENCIA', adminB, { version: 1 })).resolves.toMatchObject({ xml: 'v2.bpmn' });
    // A shared key is a conflict every organism may see; a phase table has no file.
    await expect(deploy('expediente.bpmn', adminA, A)).rejects.toMatchObject({ code: 'procedure-in-another-catalogue' });
    await expect(getProcedureBpmn({ procedures }, 'EXPEDIENTE', adminA, {})).rejects.toMatchObject({ code: 'procedure-bpmn-not-found' });
    expect((await deploy('expediente.bpmn', platformAdmin)).procedures[0]).toMatchObject({ code: 'EXPEDIENTE', version: 2 });
  });
});
