import type { BpmRepositories } from './ports.ts';
import { loadProcedureOf, processNotFound } from './process-lookup.ts';
import { processView, type ProcessView } from './process-view.ts';

/** The process of an expediente with its history. */
export async function getProcess(deps: BpmRepositories, fileCode: string): Promise<ProcessView> {
  const process = await deps.processes.findByFileCode(fileCode);
  if (!process) throw processNotFound(fileCode);
  return processView(process, await loadProcedureOf(deps, process));
}
