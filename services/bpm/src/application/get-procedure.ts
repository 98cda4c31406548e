import { conflict, notFound } from '@tramita/kernel';
import type { OrganismCaller } from '@tramita/platform';
import type { Procedure } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import { seesCatalogueOf } from '@tramita/platform';

/**
 * A procedure definition: the latest version, or the one asked for, from the catalogue the caller
 * sees holding the code (`organism` names it when several do; 'shared' or omitted for the shared
 * one when it is the only one). Another organism's procedure is answered exactly as a missing one
 * (ADR 0013).
 */
export async function getProcedure(
  deps: { procedures: ProcedureRepository },
  code: string,
  caller: OrganismCaller,
  options: { version?: number | undefined; organism?: string | undefined } = {},
): Promise<Procedure> {
  return (await locateProcedure(deps, code, caller, options)).procedure;
}

/** {@link getProcedure}, with the catalogue that holds it (null: shared). */
export async function locateProcedure(
  deps: { procedures: ProcedureRepository },
  code: string,
  caller: OrganismCaller,
  options: { version?: number | undefined; organism?: string | undefined } = {},
): Promise<{ procedure: Procedure; catalogue: string | null }> {
  const { version, organism } = options;
  const visible = (await deps.procedures.cataloguesOf(code)).filter(
    (catalogue) => seesCatalogueOf(caller, catalogue) && (organism === undefined || catalogue === organism),
  );
  if (visible.length > 1) {
    const organisms = visible.filter((catalogue): catalogue is string => catalogue !== null);
    throw conflict('procedure-code-ambiguous', `Procedure ${code} is in several catalogues you see (${organisms.join(', ')}): say which with ?organism=.`, {
      procedureCode: code,
      organisms,
    });
  }
  const catalogue = visible[0];
  const procedure = catalogue === undefined ? null : await deps.procedures.find(code, catalogue, version);
  if (!procedure || catalogue === undefined) {
    const which = version === undefined ? code : `${code} v${version}`;
    throw notFound('procedure-not-found', `Procedure ${which} does not exist.`, { procedureCode: code, ...(version === undefined ? {} : { version }) });
  }
  return { procedure, catalogue };
}
