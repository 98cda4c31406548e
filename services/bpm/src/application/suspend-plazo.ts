import type { PlazoResource, SuspendPlazoRequest } from '@tramita/contracts';
import { randomUUID } from 'node:crypto';
import { changePlazo, type ChangePlazoDeps, type PlazoTarget } from './change-plazo.ts';
import { computeOrRefuse } from './plazo-access.ts';

/**
 * Suspends an expediente's maximum plazo for a legal cause of art. 22 (from when the cause began:
 * the notification of the requirement, the request of the report…). While it is open the due
 * date is unknown; several may overlap, and their union counts once.
 */
export function suspendPlazo(deps: ChangePlazoDeps, target: PlazoTarget, request: SuspendPlazoRequest): Promise<PlazoResource> {
  return changePlazo(deps, target, 'plazo.suspend', { cause: request.cause }, (plazo, { calendar, now }) => {
    const suspension = {
      id: randomUUID(),
      cause: request.cause,
      startedAt: request.startedAt ?? now.toISOString(),
      endedAt: null,
      note: request.note,
      recordedBy: target.actor,
      recordedAt: now.toISOString(),
    };
    plazo.suspend(suspension, computeOrRefuse(calendar, now), now);
  });
}
