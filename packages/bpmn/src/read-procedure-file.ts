import { checkCondition } from './conditions.ts';
import { checkValue } from './expressions.ts';
import { readDefinitions, type DefinitionsReading } from './read-definitions.ts';
import { checkTimer } from './timers.ts';

/**
 * Reads a BPMN file for deploying (ADR 0015): every executable process as the engine's model, and
 * every problem and warning, its conditions, values and timers checked by this package's own
 * safe evaluator.
 */
export function readProcedureFile(xml: string): Promise<DefinitionsReading> {
  return readDefinitions(xml, { condition: checkCondition, value: checkValue, timer: checkTimer });
}
