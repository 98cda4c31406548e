import type { FileRepository } from '../domain/file-repository.ts';
import type { ProcessReport } from '../domain/expediente.ts';

/**
 * Follows bpm's process snapshots: current phase and finished flag of the expediente driven by
 * that process, when the snapshot is newer than the last applied. Unknown processes are ignored
 * (a compensated saga's process, or one that is not ours).
 */
export async function syncProcessPhase(files: FileRepository, processId: string, report: ProcessReport): Promise<boolean> {
  const expediente = await files.findByProcessId(processId);
  if (!expediente?.applyProcess(report)) return false;
  await files.save(expediente);
  return true;
}
