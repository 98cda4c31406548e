import type { Actor, Clock } from '@tramita/kernel';
import { computePlazo } from './compute-plazo.ts';
import type { CalendarDefaults } from './legal-calendar.ts';
import { notifyResponsible } from './notify-responsible.ts';
import { plazoCalendarOf } from './plazo-access.ts';
import { publishPlazoChanged } from './plazo-view.ts';
import type { BpmRepositories, Outbox } from './ports.ts';

export interface RecomputeDeps extends BpmRepositories {
  outbox: Outbox;
  clock: Clock;
  calendarDefaults: CalendarDefaults;
}

/**
 * Counts open plazos again after their calendar changed (a correction took effect, the interested
 * party's residence was stated): each one whose date or status moved keeps its old result in its
 * history, is announced, and — when it moves a date already communicated to the interested party
 * — its responsible users are told. A plazo that no longer counts keeps its last result.
 */
export async function recomputePlazos(
  deps: RecomputeDeps,
  plazoIds: readonly string[],
  reason: string,
  actor: Actor | null,
): Promise<{ recomputed: number; moved: number }> {
  let recomputed = 0;
  let moved = 0;
  const now = deps.clock.now();
  for (const plazoId of plazoIds) {
    const plazo = await deps.plazos.lock(plazoId);
    if (!plazo?.isOpen) continue;
    const state = plazo.state();
    const result = computePlazo(state, await plazoCalendarOf(deps, state, deps.calendarDefaults), now);
    if (!result.ok) continue;
    const loaded = plazo.version;
    if (!plazo.recompute(result.value, actor, now, reason)) continue;
    if (!(await deps.plazos.update(plazo, loaded))) continue;
    publishPlazoChanged(plazo, deps.outbox);
    recomputed++;
    if (plazo.communicatedDateMoved) {
      moved++;
      const after = plazo.state();
      await notifyResponsible(deps, after, {
        kind: 'COMMUNICATED_DATE_MOVED',
        message: `El vencimiento de «${after.name}» del expediente ${after.fileCode} ha pasado del ${state.communicatedDue ?? '—'} al ${after.due?.date ?? '—'} (${reason}); comuníquese la nueva fecha al interesado.`,
        now,
      });
    }
  }
  return { recomputed, moved };
}
