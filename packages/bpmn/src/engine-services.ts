import type { EngineServices } from './engine-api.ts';
import { evaluateCondition } from './conditions.ts';
import { resolveValue } from './expressions.ts';
import { taskDue, timerDue, type BusinessCalendar } from './timers.ts';

/**
 * The services the engine is given at `now`: conditions, values, timers and due dates through
 * this package's own safe evaluator, and the business calendars the host knows (legal time).
 */
export function engineServices(now: Date, calendars: ReadonlyMap<string, BusinessCalendar> = new Map()): EngineServices {
  return {
    now,
    evaluateCondition,
    resolveValue: (text, variables) => resolveValue(text, variables),
    timerDue: (timer, from, fired, variables) => timerDue(timer, from, fired, variables, calendars),
    taskDue: (text, calendar, created, variables) => taskDue(text, calendar, created, variables, calendars),
  };
}
