import { notFound, refusedAccess } from '@tramita/kernel';
import { canSeeOrganism, type OrganismCaller } from '@tramita/platform';
import type { Process } from '../domain/process.ts';
import type { Procedure } from '../domain/procedure.ts';
import type { BpmRepositories } from './ports.ts';

export const processNotFound = (fileCode: string) => notFound('process-not-found', `Expediente ${fileCode} has no process.`, { fileCode });

/**
 * The process, when the caller may see it: outside its expediente's organism the answer is the
 * one a missing process gets (ADR 0013), marked as a refusal for the audit trail (ADR 0014).
 */
export function visibleProcess(process: Process | null | undefined, fileCode: string, caller: OrganismCaller): Process {
  if (!process) throw processNotFound(fileCode);
  if (!canSeeOrganism(caller, process.organism)) throw refusedAccess(processNotFound(fileCode), { organism: process.organism, fileCode });
  return process;
}

/** The definition version a process started with (kept even after newer versions are published). */
export async function loadProcedureOf(deps: BpmRepositories, process: Process): Promise<Procedure> {
  const { code, version } = process.state().procedure;
  const procedure = await deps.procedures.find(code, version);
  if (!procedure) throw new Error(`Procedure ${code} v${version} of process ${process.processId} is missing`);
  return procedure;
}
