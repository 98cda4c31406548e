/**
 * The small expression language BPMN files write conditions, assignments and timers in
 * (bpmn-subset.md §2): the shared comparison subset of JUEL (`${…}`, `#{…}`) and FEEL (`=…`), and
 * bare text. Text is tokenized and parsed by hand into a plain AST; nothing is ever handed to
 * JavaScript evaluation. Whatever lies outside the subset (method and bean calls, arithmetic,
 * scripts) is a parse error naming the construct and its column, so a deploy can list it.
 */

/** Which wrapper the text used: JUEL `${…}`/`#{…}`, FEEL `=…`, or none. */
export type ExpressionDialect = 'juel' | 'feel' | 'plain';

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A parsed expression. `column` is 1-based in the original text, for evaluation errors. */
export type Expression =
  | { kind: 'literal'; value: string | number | boolean | null; column: number }
  /** A variable, possibly with dotted properties: `loan_results.isLoanEligible` is `['loan_results', 'isLoanEligible']`. */
  | { kind: 'variable'; path: string[]; column: number }
  | { kind: 'list'; items: Expression[]; column: number }
  | { kind: 'not'; operand: Expression; column: number }
  | { kind: 'logical'; operator: 'and' | 'or'; left: Expression; right: Expression; column: number }
  | { kind: 'comparison'; operator: ComparisonOperator; left: Expression; right: Expression; column: number }
  /** FEEL `duration(x)`: x must be an ISO 8601 duration text (checked by the timer that uses it). */
  | { kind: 'duration'; operand: Expression; column: number }
  /** FEEL `date and time(x)`: x must be an ISO 8601 date-time text. */
  | { kind: 'dateTime'; operand: Expression; column: number }
  /** FEEL `now()`: the instant the expression is evaluated for (a timer's start, a task's creation). */
  | { kind: 'now'; column: number }
  /** The one arithmetic form supported: `now()` or `date and time(…)` plus `duration(…)` (a Camunda 8 due date). */
  | { kind: 'plus'; base: Expression; duration: Expression; column: number };

export type ParseResult = { ok: true; expression: Expression; dialect: ExpressionDialect } | { ok: false; message: string };

/** Deeper nesting is refused: a hostile `((((…` must end as a readable error, not a stack overflow. */
export const MAX_EXPRESSION_DEPTH = 64;
/** Real conditions are a few dozen characters; a longer text is refused before it is read. */
export const MAX_EXPRESSION_LENGTH = 10_000;

type TokenType = 'identifier' | 'string' | 'number' | 'operator' | 'punctuation' | 'dateAndTime' | 'end';
interface Token {
  type: TokenType;
  /** The identifier, operator or punctuation as written; a string's decoded value; a number's text. */
  text: string;
  /** 1-based column in the original text. */
  column: number;
}

class ParseError extends Error {}

function fail(message: string, column: number): never {
  throw new ParseError(`${message} at column ${column}`);
}

/** Where the expression body sits inside the text, and which wrapper surrounded it. */
function unwrap(text: string): { dialect: ExpressionDialect; start: number; end: number } {
  let start = 0;
  let end = text.length;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  const body = text.slice(start, end);
  if ((body.startsWith('${') || body.startsWith('#{')) && body.endsWith('}') && body.length >= 3) return { dialect: 'juel', start: start + 2, end: end - 1 };
  if (body.startsWith('${') || body.startsWith('#{')) fail('the expression opened with `' + body.slice(0, 2) + '` is not closed with `}`', start + 1);
  if (body.startsWith('=')) return { dialect: 'feel', start: start + 1, end };
  return { dialect: 'plain', start, end };
}

const IDENTIFIER_START = /[\p{L}_$]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_$]/u;
const TWO_CHAR_OPERATORS = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR_OPERATORS = new Set(['<', '>', '=', '!', '+', '-']);
const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.']);
// Maps, not object literals: a lookup must never find a prototype's property.
const ESCAPES = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
]);
/** Characters that start constructs outside the subset, named in the error. */
const UNSUPPORTED = new Map(
  Object.entries({
    '*': 'arithmetic (`*`) is not supported',
    '/': 'arithmetic (`/`) is not supported',
    '%': 'arithmetic (`%`) is not supported',
    '?': 'the conditional operator (`?`) is not supported',
    ':': '`:` is not supported',
    ';': 'several statements (`;`) are not supported',
    '{': '`{` is not supported (one expression per text)',
    '}': '`}` is not supported (one expression per text)',
    '&': 'a single `&` is not an operator; write `&&` or `and`',
    '|': 'a single `|` is not an operator; write `||` or `or`',
  }),
);

function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i]!;
    const column = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= end) fail('the string is not closed', column);
        const d = text[j]!;
        if (d === c) break;
        if (d === '\\') {
          const e = text[j + 1];
          if (e === undefined || j + 1 >= end) fail('the string is not closed', column);
          if (e === 'u') {
            const hex = text.slice(j + 2, j + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex) || j + 6 > end) fail('`\\u` needs four hexadecimal digits', j + 1);
            value += String.fromCharCode(parseInt(hex, 16));
            j += 6;
            continue;
          }
          const escaped = ESCAPES.get(e);
          if (escaped === undefined) fail('unknown escape `\\' + e + '`', j + 1);
          value += escaped;
          j += 2;
          continue;
        }
        value += d;
        j++;
      }
      tokens.push({ type: 'string', text: value, column });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, Math.min(end, i + 400)))!;
      const after = text[i + match[0].length];
      if (i + match[0].length < end && after !== undefined && IDENTIFIER_PART.test(after)) fail('malformed number `' + match[0] + after + '`', column);
      tokens.push({ type: 'number', text: match[0], column });
      i += match[0].length;
      continue;
    }
    if (IDENTIFIER_START.test(c)) {
      // FEEL's `date and time(…)` is one function whose name holds spaces.
      const dateAndTime = /^date\s+and\s+time\s*\(/.exec(text.slice(i, Math.min(end, i + 200)));
      if (dateAndTime) {
        tokens.push({ type: 'dateAndTime', text: 'date and time', column });
        i += dateAndTime[0].length - 1;
        continue;
      }
      let j = i + 1;
      while (j < end && IDENTIFIER_PART.test(text[j]!)) j++;
      tokens.push({ type: 'identifier', text: text.slice(i, j), column });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (i + 1 < end && TWO_CHAR_OPERATORS.has(two)) {
      tokens.push({ type: 'operator', text: two, column });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPERATORS.has(c)) {
      tokens.push({ type: 'operator', text: c, column });
      i++;
      continue;
    }
    if (PUNCTUATION.has(c)) {
      tokens.push({ type: 'punctuation', text: c, column });
      i++;
      continue;
    }
    fail(UNSUPPORTED.get(c) ?? 'unexpected character `' + c + '`', column);
  }
  tokens.push({ type: 'end', text: '', column: end + 1 });
  return tokens;
}

const FUNCTIONS = new Set(['not', 'duration', 'now']);
const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

function describe(token: Token): string {
  if (token.type === 'end') return 'end of expression';
  if (token.type === 'string') return 'string ' + JSON.stringify(token.text.length > 20 ? token.text.slice(0, 20) + '…' : token.text);
  return '`' + token.text + '`';
}

/** Recursive descent over the tokens; `depth` bounds nesting, `heights` bounds left-deep operator chains. */
class Parser {
  private position = 0;
  private depth = 0;
  private readonly heights = new WeakMap<Expression, number>();
  private readonly tokens: Token[];
  private readonly dialect: ExpressionDialect;

  constructor(tokens: Token[], dialect: ExpressionDialect) {
    this.tokens = tokens;
    this.dialect = dialect;
  }

  parse(): Expression {
    if (this.peek().type === 'end') fail('the expression is empty', this.peek().column);
    const expression = this.parseOr();
    const next = this.peek();
    if (next.type !== 'end') this.unexpected(next);
    return expression;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  private is(type: TokenType, text?: string): boolean {
    const token = this.peek();
    return token.type === type && (text === undefined || token.text === text);
  }

  private expect(type: TokenType, text: string): Token {
    if (!this.is(type, text)) fail('expected `' + text + '` but found ' + describe(this.peek()), this.peek().column);
    return this.next();
  }

  private unexpected(token: Token): never {
    if (token.type === 'operator' && token.text === '=' && this.dialect === 'juel') fail('`=` is assignment in JUEL; compare with `==`', token.column);
    if (token.type === 'operator' && token.text === '-') fail('arithmetic (`-`) is not supported', token.column);
    if (token.type === 'operator' && token.text === '+') fail('arithmetic (`+`) is not supported; only now() + duration(…) is', token.column);
    if (token.type === 'punctuation' && token.text === '(') fail('calls are not supported here (`(`)', token.column);
    if (token.type === 'punctuation' && token.text === '[') fail('indexing (`[`) is not supported', token.column);
    fail('unexpected ' + describe(token), token.column);
  }

  /** Enters one nesting level; every recursive production goes through here. */
  private nested<T>(column: number, parse: () => T): T {
    if (this.depth >= MAX_EXPRESSION_DEPTH) fail(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, column);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Records a node's height so a long chain (`a && a && …`) is as bounded as nested parentheses. */
  private built<T extends Expression>(node: T, ...children: Expression[]): T {
    const height = 1 + Math.max(0, ...children.map((child) => this.heights.get(child) ?? 1));
    if (height > MAX_EXPRESSION_DEPTH) fail(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, node.column);
    this.heights.set(node, height);
    return node;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.is('operator', '||') || this.is('identifier', 'or')) {
      const operator = this.next();
      const right = this.parseAnd();
      left = this.built({ kind: 'logical', operator: 'or', left, right, column: operator.column }, left, right);
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseComparison();
    while (this.is('operator', '&&') || this.is('identifier', 'and')) {
      const operator = this.next();
      const right = this.parseComparison();
      left = this.built({ kind: 'logical', operator: 'and', left, right, column: operator.column }, left, right);
    }
    return left;
  }

  private comparisonOperator(): ComparisonOperator | null {
    const token = this.peek();
    if (token.type !== 'operator') return null;
    switch (token.text) {
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return token.text;
      // FEEL writes equality as `=`; bare text from tools without a language marker does too (`ErrorThrown = true`).
      case '=':
        return this.dialect === 'juel' ? null : '==';
      default:
        return null;
    }
  }

  private parseComparison(): Expression {
    const left = this.parsePlus();
    const operator = this.comparisonOperator();
    if (operator === null) return left;
    const token = this.next();
    const right = this.parsePlus();
    if (this.comparisonOperator() !== null) fail('chained comparisons are not supported; join them with `&&` or `and`', this.peek().column);
    return this.built({ kind: 'comparison', operator, left, right, column: token.column }, left, right);
  }

  private parsePlus(): Expression {
    const base = this.parseUnary();
    if (!this.is('operator', '+')) return base;
    const plus = this.next();
    const duration = this.parseUnary();
    if ((base.kind !== 'now' && base.kind !== 'dateTime') || duration.kind !== 'duration') {
      fail('arithmetic (`+`) is not supported; only now() or date and time(…) plus duration(…) is', plus.column);
    }
    if (this.is('operator', '+')) this.unexpected(this.peek());
    return this.built({ kind: 'plus', base, duration, column: plus.column }, base, duration);
  }

  private parseUnary(): Expression {
    const token = this.peek();
    if (this.is('operator', '!') || this.is('identifier', 'not')) {
      this.next();
      const operand = this.nested(token.column, () => this.parseUnary());
      return this.built({ kind: 'not', operand, column: token.column }, operand);
    }
    if (this.is('operator', '-')) {
      this.next();
      const number = this.peek();
      if (number.type !== 'number') fail('arithmetic (`-`) is not supported', token.column);
      this.next();
      return this.built({ kind: 'literal', value: -Number(number.text), column: token.column });
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expression {
    const token = this.next();
    switch (token.type) {
      case 'string':
        return this.built({ kind: 'literal', value: token.text, column: token.column });
      case 'number':
        return this.built({ kind: 'literal', value: Number(token.text), column: token.column });
      case 'dateAndTime': {
        const operand = this.parseCallArgument(token);
        return this.built({ kind: 'dateTime', operand, column: token.column }, operand);
      }
      case 'identifier':
        return this.parseIdentifier(token);
      case 'punctuation':
        if (token.text === '(') {
          const inner = this.nested(token.column, () => this.parseOr());
          this.expect('punctuation', ')');
          return inner;
        }
        if (token.text === '[') return this.parseList(token);
        return this.unexpected(token);
      default:
        return this.unexpected(token);
    }
  }

  private parseCallArgument(name: Token): Expression {
    this.expect('punctuation', '(');
    const argument = this.nested(name.column, () => this.parseOr());
    if (this.is('punctuation', ',')) fail('`' + name.text + '` takes one argument', this.peek().column);
    this.expect('punctuation', ')');
    return argument;
  }

  private parseIdentifier(token: Token): Expression {
    const name = token.text;
    if (name === 'true' || name === 'false') return this.built({ kind: 'literal', value: name === 'true', column: token.column });
    if (name === 'null') return this.built({ kind: 'literal', value: null, column: token.column });
    if (KEYWORDS.has(name)) this.unexpected(token);
    if (this.is('punctuation', '(')) {
      if (!FUNCTIONS.has(name)) fail('the function `' + name + '` is not supported', token.column);
      if (name === 'now') {
        this.next();
        this.expect('punctuation', ')');
        return this.built({ kind: 'now', column: token.column });
      }
      const operand = this.parseCallArgument(token);
      return this.built({ kind: 'duration', operand, column: token.column }, operand);
    }
    const path = [name];
    while (this.is('punctuation', '.')) {
      this.next();
      const property = this.peek();
      if (property.type !== 'identifier') fail('expected a property name after `.` but found ' + describe(property), property.column);
      this.next();
      path.push(property.text);
      if (this.is('punctuation', '(')) fail('method calls are not supported (`' + path.join('.') + '(…)`)', token.column);
    }
    if (this.is('punctuation', '[')) fail('indexing (`' + path.join('.') + '[…]`) is not supported', this.peek().column);
    return this.built({ kind: 'variable', path, column: token.column });
  }

  private parseList(open: Token): Expression {
    return this.nested(open.column, () => {
      const items: Expression[] = [];
      if (!this.is('punctuation', ']')) {
        for (;;) {
          items.push(this.parseOr());
          if (!this.is('punctuation', ',')) break;
          this.next();
        }
      }
      this.expect('punctuation', ']');
      return this.built({ kind: 'list', items, column: open.column }, ...items);
    });
  }
}

/** Parses a condition, assignment or timer text; the message of a failure names the construct and its column. */
export function parseExpression(text: string): ParseResult {
  try {
    if (text.length > MAX_EXPRESSION_LENGTH) return { ok: false, message: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` };
    const { dialect, start, end } = unwrap(text);
    const tokens = tokenize(text, start, end);
    return { ok: true, expression: new Parser(tokens, dialect).parse(), dialect };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Whether the text is wrapped as an expression (`${…}`, `#{…}`, `=…`); bare text is a literal where a value is expected. */
export function isWrappedExpression(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith('${') || trimmed.startsWith('#{') || trimmed.startsWith('=');
}
