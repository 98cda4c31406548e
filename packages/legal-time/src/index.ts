/**
 * Legal time under Ley 39/2015: due dates in legal units over versioned calendars of días
 * inhábiles, with an explanation of every result (ADR 0016).
 */
export * from './types.ts';
export * from './outcome.ts';
export * from './parse-legal-duration.ts';
export * from './calendar/calendar-set.ts';
export * from './calendar/day-status.ts';
export * from './calendar/day-examiner.ts';
export * from './calendar/next-habil.ts';
export * from './calendar/spanish-date.ts';
export * from './count/default-policy.ts';
export * from './count/compute-due.ts';
export * from './count/explanation-lines.ts';
export * from './registry/effective-registry-instant.ts';
export * from './plazo/index.ts';
export * from './datasets/validate-dataset.ts';
