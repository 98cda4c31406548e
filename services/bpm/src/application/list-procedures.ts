import type { ProcedureRepository, ProcedureSummary } from '../domain/procedure-repository.ts';

/** Every procedure with its latest version and the versions published. */
export async function listProcedures(deps: { procedures: ProcedureRepository }): Promise<ProcedureSummary[]> {
  return deps.procedures.list();
}
