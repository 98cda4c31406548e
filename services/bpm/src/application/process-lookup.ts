import { notFound } from '@tramita/kernel';
import type { Process } from '../domain/process.ts';
import type { Procedure } from '../domain/procedure.ts';
import type { BpmRepositories } from './ports.ts';

export const processNotFound = (fileCode: string) => notFound('process-not-found', `Expediente ${fileCode} has no process.`, { fileCode });

/** The definition version a process started with (kept even after newer versions are published). */
export async function loadProcedureOf(deps: BpmRepositories, process: Process): Promise<Procedure> {
  const { code, version } = process.state().procedure;
  const procedure = await deps.procedures.find(code, version);
  if (!procedure) throw new Error(`Procedure ${code} v${version} of process ${process.processId} is missing`);
  return procedure;
}
