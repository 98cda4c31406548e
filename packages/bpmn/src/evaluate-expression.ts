import type { Outcome, Variables } from './engine-api.ts';
import type { Expression } from './expression-parser.ts';

/**
 * Evaluates a parsed expression against process variables. Variables are looked up among own
 * properties only, so `constructor`, `__proto__` or `toString` are undefined variables, never
 * values from a prototype. Mistakes in data are errors, not silent falsehoods: an undefined
 * variable, ordering a string against a number, `!` on something that is not true or false.
 */

/** What temporal expressions (`now()`, `… + duration(…)`) need; only timers and due dates pass it. */
export interface TemporalContext {
  /** The instant `now()` stands for: a timer's start, a task's creation. */
  now: Date;
  /** `base + duration`: base is a Date (`now()`) or a date-time text (`date and time(…)`), duration an ISO 8601 duration text. */
  plus(base: Date | string, duration: string): Outcome<Date>;
}

class EvaluationError extends Error {}

function fail(message: string): never {
  throw new EvaluationError(message);
}

type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'list' | 'date' | 'object';

function typeOf(value: unknown): ValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'date';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/** A variable's value for messages: short, and never a whole document. */
function show(value: unknown): string {
  const type = typeOf(value);
  if (type === 'string') {
    const text = value as string;
    return JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
  }
  if (type === 'number' || type === 'boolean' || type === 'null') return String(value);
  return 'a ' + type;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function lookUp(path: string[], variables: Variables): unknown {
  const name = '`' + path.join('.') + '`';
  let current: unknown = variables;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (i > 0 && !isRecord(current)) fail(`the variable ${name} is not defined (\`${path.slice(0, i).join('.')}\` is ${show(current)}, not an object)`);
    const holder = current as Record<string, unknown>;
    if (!Object.hasOwn(holder, key)) fail(`the variable ${name} is not defined`);
    current = holder[key];
  }
  // A variable set to undefined (only possible from code, never from JSON) is as good as absent.
  if (current === undefined) fail(`the variable ${name} is not defined`);
  return current;
}

function booleanOperand(value: unknown, what: string, column: number): boolean {
  if (typeof value !== 'boolean') fail(`${what} needs true or false but got ${show(value)} (column ${column})`);
  return value;
}

function compare(operator: string, left: unknown, right: unknown, column: number): boolean {
  const leftType = typeOf(left);
  const rightType = typeOf(right);
  if (leftType === 'list' || leftType === 'object' || rightType === 'list' || rightType === 'object') {
    fail(`\`${operator}\` cannot compare ${leftType === 'list' || leftType === 'object' ? 'a ' + leftType : show(left)} (column ${column})`);
  }
  const a = leftType === 'date' ? (left as Date).getTime() : (left as string | number | boolean | null);
  const b = rightType === 'date' ? (right as Date).getTime() : (right as string | number | boolean | null);
  if (operator === '==' || operator === '!=') {
    const equal = leftType === rightType && a === b;
    return operator === '==' ? equal : !equal;
  }
  if (leftType !== rightType || (leftType !== 'number' && leftType !== 'string' && leftType !== 'date')) {
    fail(`\`${operator}\` cannot order ${show(left)} against ${show(right)} (column ${column})`);
  }
  const x = a as string | number;
  const y = b as string | number;
  switch (operator) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function textOperand(value: unknown, what: string, column: number): string {
  if (typeof value !== 'string') fail(`${what} needs a text but got ${show(value)} (column ${column})`);
  return value;
}

function evaluate(expression: Expression, variables: Variables, temporal: TemporalContext | null): unknown {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'variable':
      return lookUp(expression.path, variables);
    case 'list':
      return expression.items.map((item) => evaluate(item, variables, temporal));
    case 'not':
      return !booleanOperand(evaluate(expression.operand, variables, temporal), '`not`', expression.column);
    case 'logical': {
      const what = '`' + expression.operator + '`';
      const left = booleanOperand(evaluate(expression.left, variables, temporal), what, expression.column);
      // Short-circuit as JUEL and FEEL do: `a || b` with a true never looks at b.
      if (expression.operator === 'and' ? !left : left) return left;
      return booleanOperand(evaluate(expression.right, variables, temporal), what, expression.column);
    }
    case 'comparison':
      return compare(expression.operator, evaluate(expression.left, variables, temporal), evaluate(expression.right, variables, temporal), expression.column);
    case 'duration':
      return textOperand(evaluate(expression.operand, variables, temporal), '`duration`', expression.column);
    case 'dateTime':
      return textOperand(evaluate(expression.operand, variables, temporal), '`date and time`', expression.column);
    case 'now':
      if (temporal === null) fail(`now() is only available in timer and due-date expressions (column ${expression.column})`);
      return temporal.now;
    case 'plus': {
      if (temporal === null) fail(`date arithmetic is only available in timer and due-date expressions (column ${expression.column})`);
      const base = evaluate(expression.base, variables, temporal) as Date | string;
      const duration = evaluate(expression.duration, variables, temporal) as string;
      const sum = temporal.plus(base, duration);
      if (!sum.ok) fail(`${sum.message} (column ${expression.column})`);
      return sum.value;
    }
  }
}

/** The expression's value: JSON values, lists as arrays; `now()` and `+` give Dates (only with a temporal context). */
export function evaluateExpression(expression: Expression, variables: Variables, temporal: TemporalContext | null = null): Outcome<unknown> {
  try {
    return { ok: true, value: evaluate(expression, variables, temporal) };
  } catch (error) {
    if (error instanceof EvaluationError) return { ok: false, message: error.message };
    throw error;
  }
}
