import { notFound } from '@tramita/kernel';
import type { OrganismCaller } from '@tramita/platform';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import { locateProcedure } from './get-procedure.ts';

/**
 * The BPMN file a procedure version was deployed from, as deployed (ADR 0015), resolved like the
 * definition itself (another organism's is a missing one). A phase table has no file: 404.
 */
export async function getProcedureBpmn(
  deps: { procedures: ProcedureRepository },
  code: string,
  caller: OrganismCaller,
  options: { version?: number | undefined; organism?: string | undefined },
): Promise<{ code: string; version: number; xml: string }> {
  const { procedure, catalogue } = await locateProcedure(deps, code, caller, options);
  const source = await deps.procedures.findBpmn(code, catalogue, procedure.version);
  if (!source) {
    throw notFound('procedure-bpmn-not-found', `Procedure ${code} v${procedure.version} was defined as a phase table, not deployed from a BPMN file.`, {
      procedureCode: code,
      version: procedure.version,
    });
  }
  return { code, version: procedure.version, xml: source.xml };
}
