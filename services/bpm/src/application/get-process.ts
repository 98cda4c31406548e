import type { OrganismCaller } from '@tramita/platform';
import type { BpmRepositories } from './ports.ts';
import { loadProcedureOf, locateProcess } from './process-lookup.ts';
import { processView, type ProcessView } from './process-view.ts';

/** The process of an expediente with its history; outside the expediente's organism it is answered as a missing one. */
export async function getProcess(deps: BpmRepositories, fileCode: string, caller: OrganismCaller, organism?: string): Promise<ProcessView> {
  const process = await locateProcess(deps.processes, fileCode, caller, { organism });
  return processView(process, await loadProcedureOf(deps, process));
}
