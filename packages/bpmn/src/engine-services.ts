import type { EngineServices, Outcome } from './engine-api.ts';
import { evaluateCondition } from './conditions.ts';
import { resolveValue } from './expressions.ts';
import { taskDue, timerDue, type BusinessCalendar } from './timers.ts';

/** Counts a plazo in legal units (`10 días hábiles`) from an instant: the host's legal calendar (ADR 0016). */
export type PlazoCounter = (text: string, from: Date) => Outcome<Date>;

const noLegalCalendar: PlazoCounter = (text) => ({ ok: false, message: `the plazo ${JSON.stringify(text)} needs a legal calendar, and none was given` });

/**
 * The services the engine is given at `now`: conditions, values, timers and due dates through
 * this package's own safe evaluator, the business calendars the host knows, and the host's
 * count of plazos in legal units (Ley 39/2015 art. 30).
 */
export function engineServices(
  now: Date,
  plazoDue: PlazoCounter = noLegalCalendar,
  calendars: ReadonlyMap<string, BusinessCalendar> = new Map(),
): EngineServices {
  return {
    now,
    evaluateCondition,
    resolveValue: (text, variables) => resolveValue(text, variables),
    // A plazo fires once, at its end (art. 30); other timers are counted here.
    timerDue: (timer, from, fired, variables) =>
      timer.form === 'plazo' ? (fired > 0 ? { ok: true, value: null } : plazoDue(timer.text, from)) : timerDue(timer, from, fired, variables, calendars),
    taskDue: (text, calendar, created, variables) => taskDue(text, calendar, created, variables, calendars),
    plazoDue,
  };
}
