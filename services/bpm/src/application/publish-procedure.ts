import { conflict } from '@tramita/kernel';
import type { AuditedBy, AuditRecorder, OrganismCaller } from '@tramita/platform';
import { Procedure, type ProcedureData } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import { assertCodeFitsCatalogue } from './catalogue-clash.ts';
import { requireCatalogueAdmin } from '@tramita/platform';

export type PublishProcedureCommand = Omit<ProcedureData, 'version'> & {
  /** The organism whose catalogue holds it (its admin publishes); omitted: shared by every organism (a platform administrator publishes). */
  organism?: string | undefined;
};

export interface PublishProcedureDeps {
  procedures: ProcedureRepository;
  /** The audit trail in this transaction: the new version and its entry commit together. */
  audit: AuditRecorder;
  /** The platform's own organism, where platform administrators hold their role. */
  defaultOrganism: string;
}

/**
 * Publishes the next version of a procedure (version 1 for a new code) in an organism's catalogue
 * or the shared one. Running processes keep the version they started with; new processes take
 * the latest. Codes are unique per catalogue (ADR 0013).
 */
export async function publishProcedure(
  deps: PublishProcedureDeps,
  { organism: requested, ...definition }: PublishProcedureCommand,
  caller: OrganismCaller,
  audited: AuditedBy,
): Promise<Procedure> {
  const organism = requested ?? null;
  requireCatalogueAdmin(caller, organism, deps.defaultOrganism);
  await assertCodeFitsCatalogue(deps.procedures, definition.code, organism);
  const latest = await deps.procedures.find(definition.code, organism);
  const procedure = Procedure.define({ ...definition, version: (latest?.version ?? 0) + 1 });
  if (!(await deps.procedures.add(procedure, organism))) {
    throw conflict('procedure-version-conflict', `Version ${procedure.version} of ${procedure.code} was published meanwhile; retry.`);
  }
  await deps.audit.record({ action: 'procedure.publish', organism, details: { code: procedure.code, version: procedure.version } }, audited);
  return procedure;
}
