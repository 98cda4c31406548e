import type { PlazoResource, PlazoStartRequest } from '@tramita/contracts';
import { effectiveRegistryInstant } from '@tramita/legal-time';
import { unprocessable } from '@tramita/kernel';
import { changePlazo, type ChangePlazoDeps, type PlazoTarget } from './change-plazo.ts';
import { computeOrRefuse } from './plazo-access.ts';

/**
 * States the dies a quo of the maximum plazo (art. 21.3): for a de oficio procedure, the date of
 * the acuerdo de iniciación; for a solicitud, its entry in the competent body's registry, whose
 * effective instant counts (art. 31.2.c: an entry on an inhábil day counts from the next hábil
 * one). Never in the future; suspensions and extensions already recorded must still fit.
 */
export function startPlazo(deps: ChangePlazoDeps, target: PlazoTarget, request: PlazoStartRequest): Promise<PlazoResource> {
  return changePlazo(deps, target, 'plazo.start', { basis: request.basis, startedAt: request.startedAt }, (plazo, { calendar, now }) => {
    if (Date.parse(request.startedAt) > now.getTime()) throw unprocessable('start-in-the-future', 'The dies a quo cannot be in the future.');
    let startedAt = request.startedAt;
    if (request.basis === 'ENTRADA_REGISTRO') {
      const entry = effectiveRegistryInstant(request.startedAt, calendar.context, calendar.set);
      if (!entry.ok) throw unprocessable('plazo-change-refused', entry.message);
      startedAt = entry.value.effectiveAt;
    }
    plazo.restart(startedAt, target.actor, request.note, computeOrRefuse(calendar, now), now);
  });
}
