import type { ExtendPlazoRequest, PlazoResource } from '@tramita/contracts';
import { checkExtension } from '@tramita/legal-time';
import { randomUUID } from 'node:crypto';
import { conflict, unprocessable } from '@tramita/kernel';
import { changePlazo, type ChangePlazoDeps, type PlazoTarget } from './change-plazo.ts';
import { computeOrRefuse } from './plazo-access.ts';

/**
 * Extends a plazo before it expires: the maximum plazo by art. 23 (a motivated decision, at most
 * the original plazo, counted from the original start), a trámite's by art. 32 (at most half) or
 * art. 68.2 (a subsanación, at most 5 días). An expired plazo is never extended (art. 32.3).
 */
export function extendPlazo(deps: ChangePlazoDeps, target: PlazoTarget, request: ExtendPlazoRequest): Promise<PlazoResource> {
  return changePlazo(deps, target, 'plazo.extend', { article: request.article, duration: request.duration }, (plazo, { calendar, now }) => {
    const state = plazo.state();
    const allowed = state.kind === 'MAXIMO' ? ['23'] : ['32', '68.2'];
    if (!allowed.includes(request.article)) {
      throw unprocessable(
        'extension-article-not-applicable',
        state.kind === 'MAXIMO' ? 'The maximum plazo to resolve is extended under art. 23.' : 'A trámite plazo is extended under art. 32 or art. 68.2.',
      );
    }
    const decidedAt = request.decidedAt ?? now.toISOString();
    if (state.due === null) throw conflict('plazo-suspended', 'A suspended plazo has no due date to extend; resume it first.');
    if (Date.parse(decidedAt) > Date.parse(state.due.endsAt))
      throw conflict('plazo-expired', `The plazo expired on ${state.due.date}; an expired plazo cannot be extended (art. 32.3).`);
    const extension = {
      id: randomUUID(),
      article: request.article,
      duration: request.duration,
      requestedAt: request.requestedAt ?? null,
      decidedAt,
      reason: request.reason,
      recordedBy: target.actor,
      recordedAt: now.toISOString(),
    };
    const checked = checkExtension({ trigger: state.startedAt, duration: state.duration }, state.due, extension, now.toISOString(), calendar.context.timeZone);
    if (!checked.ok) throw unprocessable('extension-refused', checked.message);
    plazo.extend(extension, computeOrRefuse(calendar, now), now);
  });
}
