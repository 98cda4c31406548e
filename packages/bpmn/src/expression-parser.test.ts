import { describe, expect, it } from 'vitest';
import { MAX_EXPRESSION_DEPTH, isWrappedExpression, parseExpression, type Expression } from './expression-parser.ts';

function parsed(text: string): Expression {
  const result = parseExpression(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.message}`);
  return result.expression;
}

function refusal(text: string): string {
  const result = parseExpression(text);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.message;
}

/** The AST without columns, to compare shapes. */
function shape(expression: Expression): unknown {
  return JSON.parse(JSON.stringify(expression, (key, value: unknown) => (key === 'column' ? undefined : value)));
}

describe('expression parser', () => {
  it.each([
    ['${approved}', 'juel'],
    ['#{approved}', 'juel'],
    ['=approved', 'feel'],
    ['approved', 'plain'],
    ['  ${approved}\n', 'juel'],
  ])('recognises the wrapper of %j as %s', (text, dialect) => {
    const result = parseExpression(text);
    expect(result.ok && result.dialect).toBe(dialect);
  });

  it('reads dotted identifiers as one variable path', () => {
    expect(shape(parsed('=loan_results.isLoanEligible'))).toEqual({ kind: 'variable', path: ['loan_results', 'isLoanEligible'] });
  });

  it.each([
    ['${"yes"}', 'yes'],
    ["${'Reject'}", 'Reject'],
    ["${'it\\'s'}", "it's"],
    ['${"say \\"hi\\""}', 'say "hi"'],
    ['${"a\\\\b"}', 'a\\b'],
    ['${"line\\nbreak\\ttab"}', 'line\nbreak\ttab'],
    ['${"\\u00d1"}', 'Ñ'],
    ["#{'Exoneración'}", 'Exoneración'],
    ['${42}', 42],
    ['${0.5}', 0.5],
    ['${-3}', -3],
    ['${1e3}', 1000],
    ['${true}', true],
    ['${false}', false],
    ['${null}', null],
  ])('reads the literal %s', (text, value) => {
    expect(shape(parsed(text))).toEqual({ kind: 'literal', value });
  });

  it('binds and tighter than or, and comparison tighter than both', () => {
    expect(shape(parsed('${a == 1 || b && !c}'))).toEqual({
      kind: 'logical',
      operator: 'or',
      left: { kind: 'comparison', operator: '==', left: { kind: 'variable', path: ['a'] }, right: { kind: 'literal', value: 1 } },
      right: { kind: 'logical', operator: 'and', left: { kind: 'variable', path: ['b'] }, right: { kind: 'not', operand: { kind: 'variable', path: ['c'] } } },
    });
  });

  it('reads FEEL words and not(…) like their symbols', () => {
    expect(shape(parsed('=a and not(b) or c'))).toEqual(shape(parsed('${a && !(b) || c}')));
  });

  it('reads FEEL `=` as equality', () => {
    expect(shape(parsed('= approvalResult = "approved"'))).toEqual({
      kind: 'comparison',
      operator: '==',
      left: { kind: 'variable', path: ['approvalResult'] },
      right: { kind: 'literal', value: 'approved' },
    });
    expect(shape(parsed('=approved=false'))).toEqual(shape(parsed('${approved == false}')));
  });

  it('reads `=` as equality in bare text, as tools without a language marker write it', () => {
    expect(shape(parsed('ErrorThrown = true'))).toEqual(shape(parsed('${ErrorThrown == true}')));
  });

  it.each(['==', '!=', '<', '<=', '>', '>='])('reads the comparison %s', (operator) => {
    expect(shape(parsed(`price ${operator} 0`))).toMatchObject({ kind: 'comparison', operator });
  });

  it('reads parentheses as grouping', () => {
    expect(shape(parsed('${(a || b) && c}'))).toMatchObject({ kind: 'logical', operator: 'and', left: { operator: 'or' } });
  });

  it('reads FEEL list literals', () => {
    expect(shape(parsed('=["a", "b", x]'))).toEqual({
      kind: 'list',
      items: [
        { kind: 'literal', value: 'a' },
        { kind: 'literal', value: 'b' },
        { kind: 'variable', path: ['x'] },
      ],
    });
    expect(shape(parsed('=[]'))).toEqual({ kind: 'list', items: [] });
  });

  it('reads FEEL duration, date and time, now() and their sum', () => {
    expect(shape(parsed('=duration("P2D")'))).toEqual({ kind: 'duration', operand: { kind: 'literal', value: 'P2D' } });
    expect(shape(parsed('=duration(rentDuration)'))).toEqual({ kind: 'duration', operand: { kind: 'variable', path: ['rentDuration'] } });
    expect(shape(parsed('=date and time("2025-01-01T00:00:00Z")'))).toEqual({ kind: 'dateTime', operand: { kind: 'literal', value: '2025-01-01T00:00:00Z' } });
    expect(shape(parsed('= now() + duration("P2D")'))).toEqual({
      kind: 'plus',
      base: { kind: 'now' },
      duration: { kind: 'duration', operand: { kind: 'literal', value: 'P2D' } },
    });
  });

  it('keeps columns of the original text, wrapper included', () => {
    expect(parsed('${a == b}')).toMatchObject({ column: 5, left: { column: 3 }, right: { column: 8 } });
  });

  it.each([
    ['${customer.prop("age") > 18}', 'method calls are not supported (`customer.prop(…)`) at column 3'],
    ['${name.toLowerCase() == "x"}', 'method calls are not supported (`name.toLowerCase(…)`) at column 3'],
    ['#{jobAnnouncementService.findRequester(id)}', 'method calls are not supported (`jobAnnouncementService.findRequester(…)`) at column 3'],
    ['${dateTime().plusWeeks(1).toDate()}', 'the function `dateTime` is not supported at column 3'],
    ['this.variables.input === 2', 'unexpected `=` at column 24'],
    ['=x in [1, 2]', 'unexpected `in` at column 4'],
    ['${a + 1 > 2}', 'arithmetic (`+`) is not supported; only now() or date and time(…) plus duration(…) is at column 5'],
    ['${a - 1}', 'arithmetic (`-`) is not supported at column 5'],
    ['${a * 2}', 'arithmetic (`*`) is not supported at column 5'],
    ['${a / 2}', 'arithmetic (`/`) is not supported at column 5'],
    ['${a ? b : c}', 'the conditional operator (`?`) is not supported at column 5'],
    ['${a = 1}', '`=` is assignment in JUEL; compare with `==` at column 5'],
    ['${a < b < c}', 'chained comparisons are not supported'],
    ['${a[0]}', 'indexing (`a[…]`) is not supported at column 4'],
    ['${a & b}', 'a single `&` is not an operator'],
    ['${}', 'the expression is empty at column 3'],
    ['=', 'the expression is empty at column 2'],
    ['${a', 'is not closed with `}` at column 1'],
    ['${"abc}', 'the string is not closed at column 3'],
    ['${"\\q"}', 'unknown escape `\\q` at column 4'],
    ['${"\\u12"}', '`\\u` needs four hexadecimal digits'],
    ['${a b}', 'unexpected `b` at column 5'],
    ['${(a}', 'expected `)` but found end of expression at column 5'],
    ['${a.}', 'expected a property name after `.`'],
    ['${1w}', 'malformed number `1w` at column 3'],
    ['${a; b}', 'several statements (`;`) are not supported'],
    ['${a} ${b}', '`}` is not supported'],
    ['=duration("P1D", 2)', '`duration` takes one argument'],
    ['${@x}', 'unexpected character `@` at column 3'],
  ])('refuses %j naming the construct and where', (text, message) => {
    expect(refusal(text)).toContain(message);
  });

  it(`bounds nesting at ${MAX_EXPRESSION_DEPTH} levels with a readable error`, () => {
    expect(parseExpression('${' + '('.repeat(MAX_EXPRESSION_DEPTH - 1) + 'a' + ')'.repeat(MAX_EXPRESSION_DEPTH - 1) + '}').ok).toBe(true);
    expect(refusal('${' + '('.repeat(10_000) + 'a' + ')'.repeat(10_000) + '}')).toContain('longer than');
    expect(refusal('${' + '('.repeat(MAX_EXPRESSION_DEPTH + 1) + 'a' + ')'.repeat(MAX_EXPRESSION_DEPTH + 1) + '}')).toContain(
      `nests deeper than ${MAX_EXPRESSION_DEPTH} levels`,
    );
    expect(refusal('${' + '!'.repeat(MAX_EXPRESSION_DEPTH + 1) + 'a}')).toContain('nests deeper');
    expect(refusal('=' + '['.repeat(MAX_EXPRESSION_DEPTH + 1))).toContain('nests deeper');
  });

  it('bounds long operator chains like nesting', () => {
    expect(refusal('${' + Array.from({ length: 200 }, () => 'a').join(' && ') + '}')).toContain('nests deeper');
  });

  it('tells wrapped expressions from literal text', () => {
    expect(isWrappedExpression('${x}')).toBe(true);
    expect(isWrappedExpression(' #{x}')).toBe(true);
    expect(isWrappedExpression('=x')).toBe(true);
    expect(isWrappedExpression('management, sales')).toBe(false);
  });
});
