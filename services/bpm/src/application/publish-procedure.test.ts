import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import type { AuditFact } from '@tramita/platform';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { DEFAULT_PROCEDURE } from '../domain/default-procedure.ts';
import { Procedure } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import { getProcedure } from './get-procedure.ts';
import { listProcedures } from './list-procedures.ts';
import { publishProcedure, type PublishProcedureCommand } from './publish-procedure.ts';

const { code, name, phases, transitions } = DEFAULT_PROCEDURE;
const PLATFORM = 'E00000000';
const A = 'L01280796';
const B = 'A01002820';
const person = (username: string, organism: string, roles: string[]) => ({ username, isService: false, memberships: [{ organism, roles, units: [] }] });
const platformAdmin = person('plataforma', PLATFORM, ['admin', 'platform-admin']);
const adminA = person('admin-a', A, ['admin']);
const adminB = person('admin-b', B, ['admin']);
const readerA = person('lector-a', A, ['consulta']);
const audited = { actor: { username: 'admin-a', displayName: 'admin-a' }, correlationId: 'req-1', sourceAddress: null };

function setup(procedures: ProcedureRepository = new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)])) {
  const facts: AuditFact[] = [];
  const deps = { procedures, defaultOrganism: PLATFORM, audit: { record: async (fact: AuditFact) => void facts.push(fact) } };
  const publish = (command: PublishProcedureCommand, caller: typeof adminA = platformAdmin) => publishProcedure(deps, command, caller, audited);
  return { procedures, facts, publish };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
}

describe('procedure definitions', () => {
  it('publishes the next version and keeps the earlier ones', async () => {
    const { procedures, publish } = setup();
    const published = await publish({ code, name: 'Tramitación revisada', phases, transitions });
    expect(published.version).toBe(2);
    expect((await getProcedure({ procedures }, 'EXPEDIENTE', adminA)).name).toBe('Tramitación revisada');
    expect((await getProcedure({ procedures }, 'EXPEDIENTE', adminA, { version: 1 })).name).toBe('Tramitación de expediente');
    expect(await listProcedures({ procedures }, adminA)).toEqual([
      { code: 'EXPEDIENTE', name: 'Tramitación revisada', latestVersion: 2, versions: [1, 2], organism: null, format: 'phases' },
    ]);
  });

  it('starts a new procedure at version 1 and lists procedures by code', async () => {
    const { procedures, publish } = setup();
    const published = await publish({ code: 'ALTA', name: 'Alta', phases, transitions });
    expect(published.version).toBe(1);
    expect((await listProcedures({ procedures }, adminA)).map((p) => p.code)).toEqual(['ALTA', 'EXPEDIENTE']);
  });

  it('rejects an invalid definition and stores nothing', async () => {
    const { procedures, publish } = setup(new InMemoryProcedureRepository());
    await expect(
      publish({ code: 'ALTA', name: 'Alta', phases, transitions: [...transitions, { from: 'FINALIZADO', to: 'INICIAL', role: 'admin' }] }),
    ).rejects.toMatchObject({ code: 'invalid-procedure' });
    expect(await listProcedures({ procedures }, adminA)).toEqual([]);
  });

  it('reports a conflict when the same version was published meanwhile', async () => {
    const racing: ProcedureRepository = {
      list: async () => [],
      cataloguesOf: async () => [],
      find: async () => null,
      findBpmn: async () => null,
      add: async () => false,
    };
    await expect(setup(racing).publish({ code, name, phases, transitions })).rejects.toMatchObject({
      code: 'procedure-version-conflict',
      category: 'conflict',
    });
  });

  it('answers not found for an unknown procedure or version', async () => {
    const { procedures } = setup();
    const missing = await getProcedure({ procedures }, 'EXPEDIENTE', adminA, { version: 7 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect(missing).toMatchObject({ code: 'procedure-not-found', details: { procedureCode: 'EXPEDIENTE', version: 7 } });
    await expect(getProcedure({ procedures }, 'NOPE', adminA)).rejects.toMatchObject({ code: 'procedure-not-found', details: { procedureCode: 'NOPE' } });
  });
});

describe('procedures per organism (ADR 0013, point 7)', () => {
  it("shows each organism the shared procedures and its own, and answers another organism's as a missing one", async () => {
    const { procedures, publish } = setup();
    await publish({ code: 'LICENCIA_A', name: 'Licencias de A', phases, transitions, organism: A }, adminA);
    await publish({ code: 'MERCADO_B', name: 'Mercado de B', phases, transitions, organism: B }, adminB);
    expect((await listProcedures({ procedures }, adminA)).map((p) => `${p.code}:${p.organism}`)).toEqual(['EXPEDIENTE:null', 'LICENCIA_A:L01280796']);
    expect((await listProcedures({ procedures }, adminB)).map((p) => p.code)).toEqual(['EXPEDIENTE', 'MERCADO_B']);
    expect((await listProcedures({ procedures }, { isService: true, memberships: [] })).map((p) => p.code)).toEqual(['EXPEDIENTE', 'LICENCIA_A', 'MERCADO_B']);
    expect((await getProcedure({ procedures }, 'LICENCIA_A', readerA)).name).toBe('Licencias de A');
    expect(await failure(getProcedure({ procedures }, 'MERCADO_B', adminA))).toBe('not-found:procedure-not-found');
    expect(await failure(getProcedure({ procedures }, 'MERCADO_B', adminA, { version: 1 }))).toBe('not-found:procedure-not-found');
  });

  it("lets an organism's admin publish only in its catalogue, and only a platform administrator publish shared procedures", async () => {
    const { procedures, publish } = setup();
    expect(await failure(publish({ code: 'INTRUSO', name: 'x', phases, transitions, organism: B }, adminA))).toBe('not-found:organism-not-found');
    expect(await failure(publish({ code: 'INTRUSO', name: 'x', phases, transitions, organism: A }, readerA))).toBe('forbidden:role-required');
    expect(await failure(publish({ code: 'INTRUSO', name: 'x', phases, transitions }, adminA))).toBe('forbidden:role-required');
    expect(await failure(publish({ code, name: 'x', phases, transitions }, adminA))).toBe('forbidden:role-required');
    expect(await procedures.cataloguesOf('INTRUSO')).toEqual([]);
    expect((await procedures.find('EXPEDIENTE', null))?.version).toBe(1);
  });

  it("keeps codes unique per catalogue: a code is never both shared and an organism's", async () => {
    const { procedures, publish } = setup();
    await publish({ code: 'LICENCIA_A', name: 'Licencias de A', phases, transitions, organism: A }, adminA);
    expect((await publish({ code: 'LICENCIA_A', name: 'Licencias de A v2', phases, transitions, organism: A }, adminA)).version).toBe(2);
    // A shared code into our catalogue: refused, saying where it lives (every organism sees it).
    expect(await failure(publish({ code, name: 'x', phases, transitions, organism: A }, adminA))).toBe('conflict:procedure-in-another-catalogue');
    // An organism's code into the shared catalogue, by a platform administrator (who acts on every organism): refused, saying whose.
    const shared = await failure(publish({ code: 'LICENCIA_A', name: 'x', phases, transitions }));
    expect(shared).toBe('conflict:procedure-in-another-catalogue');
    expect(await procedures.cataloguesOf('LICENCIA_A')).toEqual([A]);
  });

  it("lets two organisms each publish their own procedure under one code, neither learning of the other's", async () => {
    const { procedures, publish } = setup();
    await publish({ code: 'LICENCIA', name: 'Licencias de A', phases, transitions, organism: A }, adminA);
    await publish({ code: 'LICENCIA', name: 'Licencias de A v2', phases, transitions, organism: A }, adminA);
    const ofB = await publish({ code: 'LICENCIA', name: 'Licencias de B', phases, transitions, organism: B }, adminB);
    expect(ofB.version).toBe(1);
    expect((await getProcedure({ procedures }, 'LICENCIA', adminA)).name).toBe('Licencias de A v2');
    expect((await getProcedure({ procedures }, 'LICENCIA', adminB)).name).toBe('Licencias de B');
    expect(await failure(getProcedure({ procedures }, 'LICENCIA', adminB, { version: 2 }))).toBe('not-found:procedure-not-found');
    expect((await listProcedures({ procedures }, adminB)).filter((p) => p.code === 'LICENCIA')).toEqual([
      { code: 'LICENCIA', name: 'Licencias de B', latestVersion: 1, versions: [1], organism: B, format: 'phases' },
    ]);
    // Someone who sees both catalogues says which; without it the answer names only catalogues they see.
    const both = { username: 'ambos', isService: false, memberships: [...adminA.memberships, ...adminB.memberships] };
    expect(await failure(getProcedure({ procedures }, 'LICENCIA', both))).toBe('conflict:procedure-code-ambiguous');
    expect((await getProcedure({ procedures }, 'LICENCIA', both, { organism: B })).name).toBe('Licencias de B');
    expect((await listProcedures({ procedures }, { isService: true, memberships: [] })).filter((p) => p.code === 'LICENCIA').map((p) => p.organism)).toEqual(
      [B, A].sort(),
    );
  });

  it("records each publication in the audit trail with the catalogue's organism", async () => {
    const { facts, publish } = setup();
    await publish({ code: 'LICENCIA_A', name: 'Licencias de A', phases, transitions, organism: A }, adminA);
    await publish({ code, name: 'Tramitación revisada', phases, transitions });
    await failure(publish({ code: 'INTRUSO', name: 'x', phases, transitions, organism: B }, adminA));
    expect(facts).toEqual([
      { action: 'procedure.publish', organism: A, details: { code: 'LICENCIA_A', version: 1 } },
      { action: 'procedure.publish', organism: null, details: { code: 'EXPEDIENTE', version: 2 } },
    ]);
  });
});
