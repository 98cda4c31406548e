import type { Outcome, Variables } from './engine-api.ts';
import { evaluateExpression, type TemporalContext } from './evaluate-expression.ts';
import { isWrappedExpression, parseExpression } from './expression-parser.ts';

/**
 * Values written in attributes (assignee, candidate users and groups, priority, due dates):
 * text without a wrapper is a literal, used as written (`management, sales`); `${x}`, `#{x}` and
 * `=x` are expressions resolved against the variables when the element is reached.
 */

/** Deploy-time check: the problem with the value's expression, or null (a literal is always fine). */
export function checkValue(text: string): string | null {
  if (!isWrappedExpression(text)) return null;
  const result = parseExpression(text);
  return result.ok ? null : result.message;
}

/**
 * The value: a literal as is, an expression's result (a FEEL list literal gives an array).
 * `temporal` is given only for timers and due dates, where `now()` and `+ duration(…)` mean something.
 */
export function resolveValue(text: string, variables: Variables, temporal: TemporalContext | null = null): Outcome<unknown> {
  if (!isWrappedExpression(text)) return { ok: true, value: text };
  const result = parseExpression(text);
  if (!result.ok)
    return { ok: false, message: `the value ${JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text)} cannot be read: ${result.message}` };
  return evaluateExpression(result.expression, variables, temporal);
}

/** Candidate users or groups from a resolved value: a comma list (trimmed) or a list of texts; anything else is nobody. */
export function splitList(value: unknown): string[] {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
}
