import type { OrganismCaller } from '@tramita/platform';
import type { ProcedureRepository, ProcedureSummary } from '../domain/procedure-repository.ts';
import { catalogueReachOf } from '@tramita/platform';

/** The shared procedures and those of the caller's organisms, each with its latest version and the versions published. */
export async function listProcedures(deps: { procedures: ProcedureRepository }, caller: OrganismCaller): Promise<ProcedureSummary[]> {
  return deps.procedures.list(catalogueReachOf(caller));
}
