import { describe, expect, it } from 'vitest';
import type { Outcome, Variables } from './engine-api.ts';
import { evaluateExpression, type TemporalContext } from './evaluate-expression.ts';
import { parseExpression } from './expression-parser.ts';

function run(text: string, variables: Variables = {}, temporal: TemporalContext | null = null): Outcome<unknown> {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluateExpression(parsed.expression, variables, temporal);
}

function value(text: string, variables: Variables = {}): unknown {
  const outcome = run(text, variables);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

function error(text: string, variables: Variables = {}): string {
  const outcome = run(text, variables);
  if (outcome.ok) throw new Error(`expected ${text} to fail`);
  return outcome.message;
}

describe('evaluating expressions', () => {
  it('looks up variables and dotted properties', () => {
    expect(value('${x}', { x: 'a' })).toBe('a');
    expect(value('=loan.results.ok', { loan: { results: { ok: false } } })).toBe(false);
  });

  it('reports an undefined variable as an error, not false', () => {
    expect(error('${approved}')).toBe('the variable `approved` is not defined');
    expect(error('${loan.ok}', { loan: {} })).toBe('the variable `loan.ok` is not defined');
    expect(error('${loan.ok}', { loan: null })).toBe('the variable `loan.ok` is not defined (`loan` is null, not an object)');
    expect(error('${loan.ok}', { loan: 'text' })).toContain('not an object');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('never reads %s from a prototype', (name) => {
    expect(error('${' + name + '}', {})).toBe('the variable `' + name + '` is not defined');
    expect(error('${x.' + name + '}', { x: {} })).toBe('the variable `x.' + name + '` is not defined');
    expect(error('${x.' + name + '}', { x: 'text' })).toContain('not an object');
    expect(error('${x.' + name + '}', { x: [1] })).toContain('not an object');
  });

  it('reads a variable an object really holds under a prototype-like name', () => {
    const variables = JSON.parse('{"__proto__": "own", "constructor": 1}') as Variables;
    expect(value('${__proto__}', variables)).toBe('own');
    expect(value('${constructor}', variables)).toBe(1);
  });

  it.each([
    ['${a == "x"}', { a: 'x' }, true],
    ['${a == "x"}', { a: 'y' }, false],
    ['${a != "x"}', { a: 'y' }, true],
    ['${a == 1}', { a: 1 }, true],
    ['${a == null}', { a: null }, true],
    ['${a == null}', { a: 0 }, false],
    ['${a < 3}', { a: 2 }, true],
    ['${a <= 2}', { a: 2 }, true],
    ['${a > 2}', { a: 2 }, false],
    ['${a >= 2}', { a: 2 }, true],
    ['${a < "b"}', { a: 'a' }, true],
  ])('compares %s with %j as %s', (text, variables, expected) => {
    expect(value(text, variables)).toBe(expected);
  });

  it('treats equality between different types as false, never as coercion', () => {
    expect(value('${a == "1"}', { a: 1 })).toBe(false);
    expect(value('${a != "1"}', { a: 1 })).toBe(true);
    expect(value('${a == "true"}', { a: true })).toBe(false);
    expect(value('${a == 0}', { a: false })).toBe(false);
  });

  it('refuses to order values of different types or that have no order', () => {
    expect(error('${a < "3"}', { a: 2 })).toBe('`<` cannot order 2 against "3" (column 5)');
    expect(error('${a > b}', { a: true, b: false })).toContain('cannot order true against false');
    expect(error('${a == b}', { a: [1], b: [1] })).toContain('cannot compare a list');
    expect(error('${a == 1}', { a: { b: 1 } })).toContain('cannot compare a object');
  });

  it('combines with and, or and not, short-circuiting like JUEL and FEEL', () => {
    expect(value('${a && b}', { a: true, b: false })).toBe(false);
    expect(value('${a || b}', { a: false, b: true })).toBe(true);
    expect(value('=not(a)', { a: false })).toBe(true);
    expect(value('${a || missing}', { a: true })).toBe(true);
    expect(value('${a && missing}', { a: false })).toBe(false);
    expect(error('${a && missing}', { a: true })).toBe('the variable `missing` is not defined');
  });

  it('refuses logic on values that are not true or false', () => {
    expect(error('${!a}', { a: 'yes' })).toBe('`not` needs true or false but got "yes" (column 3)');
    expect(error('${a && b}', { a: 1, b: true })).toContain('`and` needs true or false but got 1');
    expect(error('${a || b}', { a: false, b: null })).toContain('`or` needs true or false but got null');
  });

  it('builds lists from FEEL list literals', () => {
    expect(value('=["a", b]', { b: 'c' })).toEqual(['a', 'c']);
  });

  it('gives duration(…) and date and time(…) their text, and refuses non-text', () => {
    expect(value('=duration("P2D")')).toBe('P2D');
    expect(value('=duration(d)', { d: 'PT1H' })).toBe('PT1H');
    expect(value('=date and time("2025-01-01T00:00:00Z")')).toBe('2025-01-01T00:00:00Z');
    expect(error('=duration(d)', { d: 5 })).toContain('`duration` needs a text but got 5');
  });

  it('knows now() and date arithmetic only where a temporal context is given', () => {
    expect(error('=now()')).toContain('now() is only available in timer and due-date expressions');
    expect(error('=now() + duration("P1D")')).toContain('date arithmetic is only available');
    const now = new Date('2025-01-01T00:00:00Z');
    const temporal: TemporalContext = {
      now,
      plus: (base, duration) =>
        duration === 'P1D' ? { ok: true, value: new Date(new Date(base).getTime() + 86_400_000) } : { ok: false, message: 'bad duration' },
    };
    expect(run('=now()', {}, temporal)).toEqual({ ok: true, value: now });
    expect(run('=now() + duration("P1D")', {}, temporal)).toEqual({ ok: true, value: new Date('2025-01-02T00:00:00Z') });
    expect(run('=date and time("2025-03-01T00:00:00Z") + duration("P1D")', {}, temporal)).toEqual({ ok: true, value: new Date('2025-03-02T00:00:00Z') });
    expect(run('=now() + duration("P9D")', {}, temporal)).toEqual({ ok: false, message: 'bad duration (column 8)' });
  });
});
