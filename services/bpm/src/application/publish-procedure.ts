import { conflict } from '@tramita/kernel';
import { Procedure, type ProcedureData } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';

export type PublishProcedureCommand = Omit<ProcedureData, 'version'>;

/**
 * Publishes the next version of a procedure (version 1 for a new code). Running processes keep
 * the version they started with; new processes take the latest.
 */
export async function publishProcedure(
  deps: { procedures: ProcedureRepository; knownRoles: readonly string[] },
  command: PublishProcedureCommand,
): Promise<Procedure> {
  const latest = await deps.procedures.find(command.code);
  const procedure = Procedure.define({ ...command, version: (latest?.version ?? 0) + 1 }, deps.knownRoles);
  if (!(await deps.procedures.add(procedure))) {
    throw conflict('procedure-version-conflict', `Version ${procedure.version} of ${procedure.code} was published meanwhile; retry.`);
  }
  return procedure;
}
