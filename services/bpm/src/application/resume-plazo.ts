import type { PlazoResource, ResumePlazoRequest } from '@tramita/contracts';
import { changePlazo, type ChangePlazoDeps, type PlazoTarget } from './change-plazo.ts';
import { computeOrRefuse } from './plazo-access.ts';

/** The cause of a suspension ended (the requirement complied with, the report received): the maximum plazo runs again (art. 22). */
export function resumePlazo(deps: ChangePlazoDeps, target: PlazoTarget & { suspensionId: string }, request: ResumePlazoRequest): Promise<PlazoResource> {
  return changePlazo(deps, target, 'plazo.resume', { suspensionId: target.suspensionId }, (plazo, { calendar, now }) => {
    plazo.resume(target.suspensionId, request.endedAt ?? now.toISOString(), target.actor, request.note ?? '', computeOrRefuse(calendar, now), now);
  });
}
