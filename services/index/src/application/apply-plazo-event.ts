import type { FileSearchRepository } from './file-search-repository.ts';
import { projectPlazoView, type PlazoEvent } from './projections/plazo-view.projection.ts';

/** Projects a PlazoChanged of bpm.events into the read model; returns whether the view changed. */
export async function applyPlazoEvent(repository: FileSearchRepository, event: PlazoEvent): Promise<boolean> {
  const current = await repository.plazoView(event.data.processId);
  const next = projectPlazoView(current, event);
  if (next === current || next === null) return false;
  await repository.savePlazoView(next);
  return true;
}
