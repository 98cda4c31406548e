import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkCondition, evaluateCondition } from './conditions.ts';
import { checkValue, resolveValue } from './expressions.ts';
import { checkTimer, taskDue, timerDue } from './timers.ts';

/**
 * Conditions, assignments and timers come from uploaded files: none of that text may ever reach
 * JavaScript evaluation. The modules are checked twice: their source holds no door to the
 * evaluator, and a corpus of hostile inputs runs with the evaluator replaced by tripwires.
 */

const MODULES = ['expression-parser.ts', 'evaluate-expression.ts', 'conditions.ts', 'expressions.ts', 'timers.ts'];
const FORBIDDEN = ['eval(', 'new Function', 'Function(', 'import(', 'require('];

const HOSTILE = [
  "${constructor.constructor('return process')()}",
  '${__proto__}',
  '${x.constructor}',
  '${x.__proto__.polluted}',
  '${toString}',
  '=process.exit(1)',
  '=process',
  '#{T(java.lang.Runtime).getRuntime()}',
  "#{''.getClass().forName('java.lang.Runtime')}",
  '${globalThis.eval("1")}',
  '${Function("return 1")()}',
  '${eval}',
  '${require}',
  '${import("node:fs")}',
  "this.constructor.constructor('return process')()",
  '${' + '('.repeat(10_000) + 'a' + ')'.repeat(10_000) + '}',
  '${' + '('.repeat(1_000) + 'a' + ')'.repeat(1_000) + '}',
  '=' + '['.repeat(1_000),
  '${' + '!'.repeat(5_000) + 'a}',
  '${' + Array.from({ length: 2_000 }, () => 'a').join(' || ') + '}',
  '${"' + 'x'.repeat(1_000_000) + '"}',
  'x'.repeat(1_000_000),
  '${\\u0063onstructor}',
  '${x\\u002econstructor}',
  '${`${process}`}',
  '${a; process.exit(1)}',
  '${x} ${process.exit(1)}',
  '${x.constructor.prototype}',
  '=x.__defineGetter__',
];

/** What a hostile input may produce: a refusal to parse, or an undefined variable. */
const ACCEPTABLE = / at column \d+|is longer than|is not defined|is not closed/;

describe('no input reaches JavaScript evaluation', () => {
  it.each(MODULES)('%s holds no door to the evaluator', (module) => {
    const source = readFileSync(new URL(module, import.meta.url), 'utf8');
    for (const door of FORBIDDEN) expect(source, `${module} contains ${door}`).not.toContain(door);
  });

  describe('hostile inputs', () => {
    const originalEval = globalThis.eval;
    const originalFunction = globalThis.Function;
    const evalSpy = vi.fn(() => {
      throw new Error('eval was called');
    });
    const functionSpy = vi.fn(() => {
      throw new Error('Function was called');
    });

    beforeEach(() => {
      evalSpy.mockClear();
      functionSpy.mockClear();
      globalThis.eval = evalSpy;
      globalThis.Function = functionSpy;
    });

    afterEach(() => {
      globalThis.eval = originalEval;
      globalThis.Function = originalFunction;
    });

    it.each(HOSTILE.map((text) => [text.length > 60 ? text.slice(0, 60) + `… (${text.length} characters)` : text, text]))(
      '%s is a parse error or an undefined variable',
      (_label, text) => {
        const variables = { x: {}, a: true };
        const outcomes = [
          evaluateCondition(text, variables),
          resolveValue(text.startsWith('$') || text.startsWith('#') || text.startsWith('=') ? text : '${' + text + '}', variables),
          timerDue(
            { form: 'duration', text: text.startsWith('$') || text.startsWith('#') || text.startsWith('=') ? text : '=' + text, calendar: null },
            new Date(0),
            0,
            variables,
          ),
          taskDue('=' + text.replace(/^[$#]\{|^=|\}$/g, ''), null, new Date(0), variables),
        ];
        for (const outcome of outcomes) {
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) expect(outcome.message).toMatch(ACCEPTABLE);
        }
        expect(() => [checkCondition(text), checkValue(text), checkTimer({ form: 'cycle', text, calendar: null })]).not.toThrow();
        expect(evalSpy).not.toHaveBeenCalled();
        expect(functionSpy).not.toHaveBeenCalled();
      },
    );

    it('an escaped quote stays inside its string, as data', () => {
      expect(resolveValue('${"\\u0022) || process.exit(1) || ("}', {})).toEqual({ ok: true, value: '") || process.exit(1) || (' });
      expect(evalSpy).not.toHaveBeenCalled();
      expect(functionSpy).not.toHaveBeenCalled();
    });

    it('the tripwires are live', () => {
      expect(() => globalThis.eval('1')).toThrow('eval was called');
      expect(evalSpy).toHaveBeenCalledOnce();
    });
  });
});
