import type { Outcome, Variables } from './engine-api.ts';
import { evaluateExpression } from './evaluate-expression.ts';
import { parseExpression, type Expression, type ParseResult } from './expression-parser.ts';

/**
 * Sequence-flow conditions: checked when a file is deployed (a condition outside the subset
 * refuses the deploy), evaluated when a token reaches an exclusive gateway, and read as the
 * decision a person makes when they choose a way out by name (the transitions API).
 */

/** A gateway's conditions are evaluated on every pass: parse each text once, keep the most recent ones. */
const CACHE_LIMIT = 1_000;
const cache = new Map<string, ParseResult>();

function parsed(text: string): ParseResult {
  const hit = cache.get(text);
  if (hit !== undefined) {
    // Refresh its place so the least recently used text is the one dropped.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const result = parseExpression(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(text, result);
  return result;
}

/** A literal that can never be true or false, caught at deploy time. */
function constantNonBoolean(expression: Expression): string | null {
  if (expression.kind === 'literal' && typeof expression.value !== 'boolean') return expression.value === null ? 'null' : typeof expression.value;
  if (expression.kind === 'list') return 'a list';
  if (expression.kind === 'duration' || expression.kind === 'dateTime' || expression.kind === 'now' || expression.kind === 'plus') return 'a date or duration';
  return null;
}

/** Deploy-time check: the problem with the condition, or null when the engine can evaluate it. */
export function checkCondition(text: string): string | null {
  const result = parsed(text);
  if (!result.ok) return result.message;
  const constant = constantNonBoolean(result.expression);
  return constant === null ? null : `a condition must be true or false, and this one is always ${constant}`;
}

/** The condition's truth against the variables; a parse failure, a missing variable or a non-boolean result is an error. */
export function evaluateCondition(text: string, variables: Variables): Outcome<boolean> {
  const result = parsed(text);
  if (!result.ok) return { ok: false, message: `the condition ${JSON.stringify(shorten(text))} cannot be read: ${result.message}` };
  const value = evaluateExpression(result.expression, variables);
  if (!value.ok) return value;
  if (typeof value.value !== 'boolean')
    return { ok: false, message: `the condition ${JSON.stringify(shorten(text))} gave ${describe(value.value)}, not true or false` };
  return { ok: true, value: value.value };
}

function shorten(text: string): string {
  return text.length > 80 ? text.slice(0, 80) + '…' : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return 'a ' + typeof value;
}

type DecisionValue = string | number | boolean;

/**
 * For a condition that is exactly `variable == literal` (either side, any wrapper, FEEL `=` too),
 * the assignment that makes it true. A bare boolean variable (`${approved}`) and its negation
 * (`${!approved}`, `=not(approved)`) count too: they are the commonest decision in real files.
 * Null for anything else (a dotted variable cannot be set as one task variable).
 */
export function decisionOf(text: string): { variable: string; value: DecisionValue } | null {
  const result = parsed(text);
  if (!result.ok) return null;
  const expression = result.expression;
  const single = (e: Expression): string | null => (e.kind === 'variable' && e.path.length === 1 ? e.path[0]! : null);
  const literal = (e: Expression): DecisionValue | null => (e.kind === 'literal' && e.value !== null ? e.value : null);
  if (expression.kind === 'comparison' && expression.operator === '==') {
    const [variable, value] =
      single(expression.left) !== null ? [single(expression.left), literal(expression.right)] : [single(expression.right), literal(expression.left)];
    return variable !== null && value !== null ? { variable, value } : null;
  }
  const variable = single(expression);
  if (variable !== null) return { variable, value: true };
  if (expression.kind === 'not') {
    const negated = single(expression.operand);
    if (negated !== null) return { variable: negated, value: false };
  }
  return null;
}
