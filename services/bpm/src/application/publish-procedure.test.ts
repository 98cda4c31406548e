import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { DEFAULT_PROCEDURE } from '../domain/default-procedure.ts';
import { Procedure } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import { getProcedure } from './get-procedure.ts';
import { listProcedures } from './list-procedures.ts';
import { publishProcedure } from './publish-procedure.ts';

const knownRoles = ['tramitador', 'tecnico', 'validador', 'admin', 'consulta'];
const { code, name, phases, transitions } = DEFAULT_PROCEDURE;

describe('procedure definitions', () => {
  it('publishes the next version and keeps the earlier ones', async () => {
    const procedures = new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]);
    const published = await publishProcedure({ procedures, knownRoles }, { code, name: 'Tramitación revisada', phases, transitions });
    expect(published.version).toBe(2);
    expect((await getProcedure({ procedures }, 'EXPEDIENTE')).name).toBe('Tramitación revisada');
    expect((await getProcedure({ procedures }, 'EXPEDIENTE', 1)).name).toBe('Tramitación de expediente');
    expect(await listProcedures({ procedures })).toEqual([{ code: 'EXPEDIENTE', name: 'Tramitación revisada', latestVersion: 2, versions: [1, 2] }]);
  });

  it('starts a new procedure at version 1 and lists procedures by code', async () => {
    const procedures = new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]);
    const published = await publishProcedure({ procedures, knownRoles }, { code: 'ALTA', name: 'Alta', phases, transitions });
    expect(published.version).toBe(1);
    expect((await listProcedures({ procedures })).map((p) => p.code)).toEqual(['ALTA', 'EXPEDIENTE']);
  });

  it('rejects an invalid definition and stores nothing', async () => {
    const procedures = new InMemoryProcedureRepository();
    await expect(
      publishProcedure(
        { procedures, knownRoles },
        { code: 'ALTA', name: 'Alta', phases, transitions: [...transitions, { from: 'FINALIZADO', to: 'INICIAL', role: 'admin' }] },
      ),
    ).rejects.toMatchObject({ code: 'invalid-procedure' });
    expect(await listProcedures({ procedures })).toEqual([]);
  });

  it('reports a conflict when the same version was published meanwhile', async () => {
    const racing: ProcedureRepository = { list: async () => [], find: async () => null, add: async () => false };
    await expect(publishProcedure({ procedures: racing, knownRoles }, { code, name, phases, transitions })).rejects.toMatchObject({
      code: 'procedure-version-conflict',
      category: 'conflict',
    });
  });

  it('answers not found for an unknown procedure or version', async () => {
    const procedures = new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]);
    const missing = await getProcedure({ procedures }, 'EXPEDIENTE', 7).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect(missing).toMatchObject({ code: 'procedure-not-found', details: { procedureCode: 'EXPEDIENTE', version: 7 } });
    await expect(getProcedure({ procedures }, 'NOPE')).rejects.toMatchObject({ code: 'procedure-not-found', details: { procedureCode: 'NOPE' } });
  });
});
