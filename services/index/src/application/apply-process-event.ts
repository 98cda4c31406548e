import type { FileSearchRepository } from './file-search-repository.ts';
import { projectProcessView, type ProcessEvent } from './projections/process-view.projection.ts';

/** Projects a bpm.events message into the read model; returns whether the view changed. */
export async function applyProcessEvent(repository: FileSearchRepository, event: ProcessEvent): Promise<boolean> {
  const current = await repository.processView(event.data.processId);
  const next = projectProcessView(current, event);
  if (next === current || next === null) return false;
  await repository.saveProcessView(next);
  return true;
}
