import type { EngineHost } from './engine-runner.ts';
import type { UnitOfWork } from './ports.ts';
import { recomputePlazos } from './recompute-plazos.ts';
import { PLAZO_ACTOR } from './expire-plazos.ts';

/**
 * Counts every open plazo again on the calendars this release ships (ADR 0016): a new or
 * corrected dataset — next year's calendar verified, a holiday fixed — moves the plazos it
 * touches, turns PROVISIONAL dates FINAL, keeps the old result in each history and flags a
 * communicated date that moved. One plazo per transaction; a plazo whose count did not change is
 * left as it is. Returns how many changed.
 */
export async function recountOpenPlazos(
  unitOfWork: UnitOfWork,
  host: Pick<EngineHost, 'clock' | 'calendarDefaults'>,
  options: { batch?: number; stopped?: () => boolean } = {},
): Promise<number> {
  const batch = options.batch ?? 200;
  let changed = 0;
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const page: string[] = await unitOfWork.run({ source: 'bpm', correlationId: 'recount-plazos', causationId: null }, (repositories) =>
      repositories.plazos.openPage(from, batch),
    );
    for (const plazoId of page) {
      if (options.stopped?.()) return changed;
      const result = await unitOfWork
        .run({ source: 'bpm', correlationId: `recount-${plazoId}`, causationId: null }, (repositories, outbox) =>
          recomputePlazos({ ...repositories, outbox, ...host }, [plazoId], 'calendarios de la versión instalada', PLAZO_ACTOR),
        )
        .catch(() => ({ recomputed: 0, moved: 0 }));
      changed += result.recomputed;
    }
    if (page.length < batch) return changed;
    after = page.at(-1) ?? null;
  }
}
