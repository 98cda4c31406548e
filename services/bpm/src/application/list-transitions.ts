import type { AvailableTransition } from '../domain/process.ts';
import type { CodeName } from '../domain/procedure.ts';
import { loadProcedureOf, locateProcess } from './process-lookup.ts';
import { rolesIn, unitsIn, type OrganismCaller } from '@tramita/platform';
import type { BpmRepositories } from './ports.ts';

export interface TransitionsView {
  phase: CodeName;
  version: number;
  transitions: AvailableTransition[];
}

/**
 * The ways out of the current phase, each marked with whether the caller may take it with the
 * roles they hold in the expediente's organism; outside that organism the process is a missing one.
 */
export async function listTransitions(deps: BpmRepositories, fileCode: string, caller: OrganismCaller, organism?: string): Promise<TransitionsView> {
  const process = await locateProcess(deps.processes, fileCode, caller, { organism });
  const procedure = await loadProcedureOf(deps, process);
  const roles = rolesIn(caller.memberships, process.organism);
  return {
    phase: process.phase,
    version: process.version,
    transitions: process.availableTransitions(procedure, roles, unitsIn(caller.memberships, process.organism)),
  };
}
