import { expiryOutcome, spanishDate } from '@tramita/legal-time';
import type { Actor } from '@tramita/kernel';
import type { PlazoOutcomeRecord, PlazoState } from '../domain/plazo.ts';
import type { EngineHost } from './engine-runner.ts';
import { notifyResponsible } from './notify-responsible.ts';
import { publishPlazoChanged } from './plazo-view.ts';
import type { UnitOfWork } from './ports.ts';

/** Who declares what the expiry of a plazo means: bpm itself. */
export const PLAZO_ACTOR: Actor = { username: 'bpm-plazos', displayName: 'Cómputo de plazos' };

/**
 * Records the legal outcome of each running plazo whose end has passed, each in its own
 * transaction, claimed with `skip locked` so replicas never declare one twice: the plazo expires
 * with its outcome (arts. 24, 25 for the maximum plazo), bpm.events announce it, the responsible
 * users are told and the audit trail keeps it. Only FINAL due dates expire: a PROVISIONAL one
 * (a calendar missing or a draft) waits, overdue, until its calendar is verified (ADR 0016).
 */
export async function expireDuePlazos(unitOfWork: UnitOfWork, host: Pick<EngineHost, 'clock'>, limit: number): Promise<number> {
  let expired = 0;
  while (expired < limit) {
    const correlationId = `plazo-${host.clock.now().getTime()}-${expired}`;
    const one = await unitOfWork.run({ source: 'bpm', correlationId, causationId: null }, async (repositories, outbox, audit) => {
      const now = host.clock.now();
      const [plazo] = await repositories.plazos.claimExpired(now, 1);
      if (!plazo) return false;
      const state = plazo.state();
      const outcome = outcomeOf(state, now);
      const loaded = plazo.version;
      plazo.expire(outcome, now);
      if (!(await repositories.plazos.update(plazo, loaded))) return true;
      publishPlazoChanged(plazo, outbox);
      await notifyResponsible(repositories, plazo.state(), { kind: 'PLAZO_EXPIRED', message: `Expediente ${state.fileCode}: ${outcome.text}`, now });
      await audit.record(
        { action: 'plazo.expire', organism: state.organism, fileCode: state.fileCode, details: { plazoId: state.plazoId, outcome: outcome.kind } },
        { actor: PLAZO_ACTOR, correlationId, sourceAddress: null },
      );
      return true;
    });
    if (!one) break;
    expired++;
  }
  return expired;
}

/** What the expiry means: for the maximum plazo, the effect its procedure states (never inferred); for a trámite, that it ran out. */
function outcomeOf(state: PlazoState, now: Date): PlazoOutcomeRecord {
  const due = state.due!;
  const ended = `El plazo «${state.name}» venció el ${spanishDate(due.date)}`;
  if (state.kind === 'MAXIMO') {
    const decided = expiryOutcome({ initiation: state.initiation ?? 'SOLICITUD', effect: state.expiryEffect, due, notifiedAt: null, now: now.toISOString() });
    if (decided.ok && (decided.value.kind === 'SILENCIO_POSITIVO' || decided.value.kind === 'SILENCIO_NEGATIVO' || decided.value.kind === 'CADUCIDAD')) {
      const { kind, effectiveFrom, articles, lines } = decided.value;
      return {
        kind,
        declaredAt: now.toISOString(),
        effectiveFrom: effectiveFrom ?? now.toISOString(),
        article: articles.join(', '),
        text: `${ended} sin resolución notificada. ${lines.join(' ')}`,
      };
    }
    return {
      kind: 'VENCIDO',
      declaredAt: now.toISOString(),
      effectiveFrom: now.toISOString(),
      article: 'art. 21 de la Ley 39/2015',
      text: `${ended} sin resolución notificada. El procedimiento no declara el sentido del silencio: debe resolverse expresamente (art. 21.1).`,
    };
  }
  return {
    kind: 'VENCIDO',
    declaredAt: now.toISOString(),
    effectiveFrom: now.toISOString(),
    article: 'art. 30 de la Ley 39/2015',
    text: `${ended} sin que conste el trámite realizado.`,
  };
}
