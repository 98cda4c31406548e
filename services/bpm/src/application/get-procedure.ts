import { notFound } from '@tramita/kernel';
import type { OrganismCaller } from '@tramita/platform';
import type { Procedure } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import { seesCatalogueOf } from '@tramita/platform';

/**
 * A procedure definition: the latest version, or the one asked for. Another organism's procedure
 * is answered exactly as a missing one (ADR 0013).
 */
export async function getProcedure(deps: { procedures: ProcedureRepository }, code: string, caller: OrganismCaller, version?: number): Promise<Procedure> {
  const owner = await deps.procedures.ownerOf(code);
  const procedure = owner && seesCatalogueOf(caller, owner.organism) ? await deps.procedures.find(code, version) : null;
  if (!procedure) {
    const which = version === undefined ? code : `${code} v${version}`;
    throw notFound('procedure-not-found', `Procedure ${which} does not exist.`, { procedureCode: code, ...(version === undefined ? {} : { version }) });
  }
  return procedure;
}
