import type { FileSearchRepository } from './file-search-repository.ts';
import { projectFileView, type FileEvent } from './projections/file-view.projection.ts';

/** Projects a files.events message into the read model; returns whether the view changed. */
export async function applyFileEvent(repository: FileSearchRepository, event: FileEvent, defaultOrganism: string): Promise<boolean> {
  const current = await repository.fileView(event.data.organism ?? defaultOrganism, event.data.code);
  const next = projectFileView(current, event, defaultOrganism);
  if (next === current || next === null) return false;
  await repository.saveFileView(next);
  return true;
}
