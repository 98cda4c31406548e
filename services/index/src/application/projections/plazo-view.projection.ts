import { instant } from './instant.ts';
import type { z } from 'zod';
import type { bpmEvents } from '@tramita/contracts';
import type { PlazoView } from './views.ts';

/** The PlazoChanged event of bpm.events: the maximum plazo of an expediente, computed or changed. */
export type PlazoEvent = { type: 'PlazoChanged'; data: z.infer<typeof bpmEvents.PlazoChanged> };

/**
 * Pure projection of PlazoChanged into a {@link PlazoView}. Each event carries the plazo's whole
 * state, so the newest version replaces the view; an event not newer than the view (redelivered or
 * late) returns the very same view. It needs neither the process nor the file: the list joins them
 * when reading, so a PlazoChanged that overtook its ProcessStarted is kept until both are known.
 */
export function projectPlazoView(view: PlazoView | null, event: PlazoEvent): PlazoView | null {
  const plazo = event.data;
  if (view && view.version >= plazo.version) return view;
  return {
    processId: plazo.processId,
    fileCode: plazo.fileCode,
    organism: plazo.organism,
    plazoId: plazo.plazoId,
    state: plazo.state,
    dueAt: plazo.dueAt === null ? null : instant(plazo.dueAt),
    nearFrom: plazo.nearFrom === null ? null : instant(plazo.nearFrom),
    dueStatus: plazo.dueStatus,
    version: plazo.version,
  };
}
