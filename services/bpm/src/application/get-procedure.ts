import { notFound } from '@tramita/kernel';
import type { Procedure } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';

/** A procedure definition: the latest version, or the one asked for. */
export async function getProcedure(deps: { procedures: ProcedureRepository }, code: string, version?: number): Promise<Procedure> {
  const procedure = await deps.procedures.find(code, version);
  if (!procedure) {
    const which = version === undefined ? code : `${code} v${version}`;
    throw notFound('procedure-not-found', `Procedure ${which} does not exist.`, { procedureCode: code, ...(version === undefined ? {} : { version }) });
  }
  return procedure;
}
