/**
 * Legal time under Ley 39/2015: due dates in legal units over versioned calendars of días
 * inhábiles, with an explanation of every result (ADR 0016).
 */
export * from './types.ts';
export * from './outcome.ts';
export * from './parse-legal-duration.ts';
