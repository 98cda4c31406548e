import type { AvailableTransition } from '../domain/process.ts';
import type { CodeName } from '../domain/procedure.ts';
import { loadProcedureOf, processNotFound } from './process-lookup.ts';
import type { BpmRepositories } from './ports.ts';

export interface TransitionsView {
  phase: CodeName;
  version: number;
  transitions: AvailableTransition[];
}

/** The ways out of the current phase, each marked with whether a caller holding `roles` may take it. */
export async function listTransitions(deps: BpmRepositories, fileCode: string, roles: readonly string[]): Promise<TransitionsView> {
  const process = await deps.processes.findByFileCode(fileCode);
  if (!process) throw processNotFound(fileCode);
  const procedure = await loadProcedureOf(deps, process);
  return { phase: process.phase, version: process.version, transitions: process.availableTransitions(procedure, roles) };
}
