import { conflict } from '@tramita/kernel';
import type { AuditedBy, AuditRecorder, OrganismCaller } from '@tramita/platform';
import { Procedure, type ProcedureData } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import { requireCatalogueAdmin, seesCatalogueOf } from '@tramita/platform';

export type PublishProcedureCommand = Omit<ProcedureData, 'version'> & {
  /** The organism whose catalogue holds it (its admin publishes); omitted: shared by every organism (a platform administrator publishes). */
  organism?: string | undefined;
};

export interface PublishProcedureDeps {
  procedures: ProcedureRepository;
  knownRoles: readonly string[];
  /** The audit trail in this transaction: the new version and its entry commit together. */
  audit: AuditRecorder;
  /** The platform's own organism, where platform administrators hold their role. */
  defaultOrganism: string;
}

/**
 * Publishes the next version of a procedure (version 1 for a new code) in an organism's catalogue
 * or the shared one. Running processes keep the version they started with; new processes take
 * the latest. Every version of a code stays in the catalogue of its first.
 */
export async function publishProcedure(
  deps: PublishProcedureDeps,
  { organism: requested, ...definition }: PublishProcedureCommand,
  caller: OrganismCaller,
  audited: AuditedBy,
): Promise<Procedure> {
  const organism = requested ?? null;
  requireCatalogueAdmin(caller, organism, deps.defaultOrganism);
  const owner = await deps.procedures.ownerOf(definition.code);
  if (owner && owner.organism !== organism) {
    // Codes are unique across catalogues: a process names its procedure by code and version only.
    throw seesCatalogueOf(caller, owner.organism)
      ? conflict(
          'procedure-in-another-catalogue',
          `Procedure ${definition.code} is ${owner.organism === null ? 'shared by every organism' : `of organism ${owner.organism}`}: publish its new versions there.`,
          { procedureCode: definition.code, organism: owner.organism },
        )
      : conflict('procedure-code-taken', `The procedure code ${definition.code} is taken; choose another.`, { procedureCode: definition.code });
  }
  const latest = await deps.procedures.find(definition.code);
  const procedure = Procedure.define({ ...definition, version: (latest?.version ?? 0) + 1 }, deps.knownRoles);
  if (!(await deps.procedures.add(procedure, organism))) {
    throw conflict('procedure-version-conflict', `Version ${procedure.version} of ${procedure.code} was published meanwhile; retry.`);
  }
  await deps.audit.record({ action: 'procedure.publish', organism, details: { code: procedure.code, version: procedure.version } }, audited);
  return procedure;
}
