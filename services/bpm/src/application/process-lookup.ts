import { notFound } from '@tramita/kernel';
import { ownerOrganismOf, type OrganismCaller } from '@tramita/platform';
import type { Process } from '../domain/process.ts';
import type { Procedure } from '../domain/procedure.ts';
import type { ProcessRepository } from '../domain/process-repository.ts';
import { findProcedureFor, locateProcedureFor } from '../domain/procedure-repository.ts';
import type { BpmRepositories } from './ports.ts';

export const processNotFound = (fileCode: string) => notFound('process-not-found', `Expediente ${fileCode} has no process.`, { fileCode });

/**
 * The process of the expediente the caller means by `fileCode` (ADR 0013: codes are unique per
 * organism): one of the caller's organisms, or the one named by `?organism=`. A code held only by
 * organisms the caller is not in answers as a missing process, marked as a refusal for the audit
 * trail (ADR 0014); one held by two of the caller's organisms asks which (409).
 */
export async function locateProcess(
  processes: ProcessRepository,
  fileCode: string,
  caller: OrganismCaller,
  options: { organism?: string | undefined; lock?: boolean } = {},
): Promise<Process> {
  const organism = ownerOrganismOf(await processes.organismsHolding(fileCode), caller, fileCode, options.organism, () => processNotFound(fileCode));
  const process = options.lock ? await processes.lockByFileCode(fileCode, organism) : await processes.findByFileCode(fileCode, organism);
  // Deleted between the two reads (a compensation): as missing.
  if (!process) throw processNotFound(fileCode);
  return process;
}

/** The definition version a process started with (kept even after newer versions are published). */
export async function loadProcedureOf(deps: BpmRepositories, process: Process): Promise<Procedure> {
  const { code, version } = process.state().procedure;
  const procedure = await findProcedureFor(deps.procedures, code, process.organism, version);
  if (!procedure) throw new Error(`Procedure ${code} v${version} of process ${process.processId} is missing`);
  return procedure;
}

/** Whether the process's procedure version was deployed as a BPMN file, so the engine runs it (ADR 0015). */
export async function runsOnEngine(deps: BpmRepositories, process: Process): Promise<boolean> {
  const { code, version } = process.state().procedure;
  const located = await locateProcedureFor(deps.procedures, code, process.organism, version);
  return located !== null && (await deps.procedures.findBpmn(code, located.catalogue, version)) !== null;
}
