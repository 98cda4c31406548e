import { bpmEventMessages } from '@tramita/contracts';
import type { Clock } from '@tramita/kernel';
import type { BpmRepositories, Outbox } from './ports.ts';

export interface DeleteProcessDeps extends BpmRepositories {
  outbox: Outbox;
  clock: Clock;
}

/**
 * Compensation of CreateProcess: removes the process and its history if it exists and leaves a
 * tombstone either way, so a CreateProcess arriving late is refused. Safe to repeat.
 */
export async function deleteProcess(deps: DeleteProcessDeps, processId: string): Promise<{ existed: boolean }> {
  const process = await deps.processes.findById(processId);
  if (!process) {
    await deps.processes.addTombstone({ processId, fileCode: null, lastVersion: 0, deletedAt: deps.clock.now() });
    return { existed: false };
  }
  await deps.processes.delete(processId);
  await deps.processes.addTombstone({ processId, fileCode: process.fileCode, lastVersion: process.version, deletedAt: deps.clock.now() });
  deps.outbox.send(bpmEventMessages.ProcessDeleted({ processId, fileCode: process.fileCode, version: process.version + 1 }));
  return { existed: true };
}
