import { describe, expect, it } from 'vitest';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { DEFAULT_PROCEDURE } from './default-procedure.ts';
import { Procedure } from './procedure.ts';
import { catalogueFor, findProcedureFor } from './procedure-repository.ts';

const A = 'L01280796';
const B = 'A01002820';
const version = (name: string, n: number) => Procedure.restore({ ...DEFAULT_PROCEDURE, code: 'LICENCIA', name, version: n });

describe("which catalogue an organism's processes use", () => {
  it("takes the organism's own, else the shared one, and never another organism's", () => {
    expect(catalogueFor([A, B], A)).toBe(A);
    expect(catalogueFor([null], A)).toBeNull();
    expect(catalogueFor([B], A)).toBeUndefined();
    expect(catalogueFor([], A)).toBeUndefined();
  });

  it("finds each organism's own definition of a code both hold, version by version", async () => {
    const procedures = new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]);
    await procedures.add(version('Licencias de A', 1), A);
    await procedures.add(version('Licencias de A v2', 2), A);
    await procedures.add(version('Licencias de B', 1), B);
    expect((await findProcedureFor(procedures, 'LICENCIA', A))?.name).toBe('Licencias de A v2');
    expect((await findProcedureFor(procedures, 'LICENCIA', A, 1))?.name).toBe('Licencias de A');
    expect((await findProcedureFor(procedures, 'LICENCIA', B))?.name).toBe('Licencias de B');
    expect(await findProcedureFor(procedures, 'LICENCIA', B, 2)).toBeNull();
    expect(await findProcedureFor(procedures, 'LICENCIA', 'E00000000')).toBeNull();
    expect((await findProcedureFor(procedures, 'EXPEDIENTE', B))?.version).toBe(1);
  });
});
