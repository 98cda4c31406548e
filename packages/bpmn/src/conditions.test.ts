import { describe, expect, it } from 'vitest';
import { checkCondition, decisionOf, evaluateCondition } from './conditions.ts';
import type { Variables } from './engine-api.ts';

/** The condition forms real files write (bpmn-subset.md §2.1), each with variables that make it true and false. */
const REAL_CONDITIONS: [text: string, whenTrue: Variables, whenFalse: Variables][] = [
  ['${approved}', { approved: true }, { approved: false }],
  ['${!clarified}', { clarified: false }, { clarified: true }],
  ['${consult=="yes"}', { consult: 'yes' }, { consult: 'no' }],
  ["${vacationApproved == 'Reject'}", { vacationApproved: 'Reject' }, { vacationApproved: 'Accept' }],
  ['${FormField_okGL == "Value_nichtOkGL"}', { FormField_okGL: 'Value_nichtOkGL' }, { FormField_okGL: 'Value_okGL' }],
  ["#{tipoRecursoReposicion=='Exoneración'}", { tipoRecursoReposicion: 'Exoneración' }, { tipoRecursoReposicion: 'Recargo' }],
  ['= approvalResult = "approved"', { approvalResult: 'approved' }, { approvalResult: 'rejected' }],
  ['=approved=false', { approved: false }, { approved: true }],
  [
    '=loan_results.isLoanEligible and not(loan_results.sendToUnderwriter)',
    { loan_results: { isLoanEligible: true, sendToUnderwriter: false } },
    { loan_results: { isLoanEligible: true, sendToUnderwriter: true } },
  ],
  ['price > 0', { price: 10 }, { price: 0 }],
  ['ErrorThrown = true', { ErrorThrown: true }, { ErrorThrown: false }],
  ['ErrorThrown = false', { ErrorThrown: false }, { ErrorThrown: true }],
];

describe('conditions', () => {
  it.each(REAL_CONDITIONS)('accepts %s at deploy time', (text) => {
    expect(checkCondition(text)).toBeNull();
  });

  it.each(REAL_CONDITIONS)('evaluates %s true with %j and false with %j', (text, whenTrue, whenFalse) => {
    expect(evaluateCondition(text, whenTrue)).toEqual({ ok: true, value: true });
    expect(evaluateCondition(text, whenFalse)).toEqual({ ok: true, value: false });
  });

  it.each([
    ['${customer.prop("age").numberValue() > 18}', 'method calls are not supported (`customer.prop(…)`) at column 3'],
    ['${dateTime().plusWeeks(1).toDate()}', 'the function `dateTime` is not supported at column 3'],
    ['#{jobAnnouncementService.findRequester(id)}', 'method calls are not supported (`jobAnnouncementService.findRequester(…)`)'],
    ['${name.toLowerCase() == "x"}', 'method calls are not supported (`name.toLowerCase(…)`)'],
    ['${amount * 2 > 10}', 'arithmetic (`*`) is not supported at column 10'],
  ])('refuses %s at deploy time naming the construct', (text, message) => {
    expect(checkCondition(text)).toContain(message);
    const outcome = evaluateCondition(text, {});
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain(message);
  });

  it('refuses a condition that can never be true or false at deploy time', () => {
    expect(checkCondition('${"yes"}')).toBe('a condition must be true or false, and this one is always string');
    expect(checkCondition('=[true]')).toContain('always a list');
    expect(checkCondition('${true}')).toBeNull();
  });

  it('makes a missing variable an error, not false', () => {
    expect(evaluateCondition('${approved}', {})).toEqual({ ok: false, message: 'the variable `approved` is not defined' });
  });

  it('reads a script condition as an undefined variable rather than running it', () => {
    expect(evaluateCondition('this.variables.input < 2', { input: 1 })).toEqual({ ok: false, message: 'the variable `this.variables.input` is not defined' });
  });

  it('makes a result that is not true or false an error', () => {
    expect(evaluateCondition('${status}', { status: 'open' })).toEqual({ ok: false, message: 'the condition "${status}" gave a string, not true or false' });
    expect(evaluateCondition('${status}', { status: null })).toEqual({ ok: false, message: 'the condition "${status}" gave null, not true or false' });
  });

  it('gives the same answer from the cache as from a first parse', () => {
    for (let i = 0; i < 3; i++) expect(evaluateCondition('${n > 1}', { n: i })).toEqual({ ok: true, value: i > 1 });
  });

  it('keeps working past the cache bound', () => {
    for (let i = 0; i < 1_200; i++) expect(evaluateCondition(`\${n == ${i}}`, { n: i })).toEqual({ ok: true, value: true });
    expect(evaluateCondition('${n == 0}', { n: 0 })).toEqual({ ok: true, value: true });
  });

  describe('the decision a condition stands for', () => {
    it.each([
      ['${consult=="yes"}', { variable: 'consult', value: 'yes' }],
      ["${vacationApproved == 'Reject'}", { variable: 'vacationApproved', value: 'Reject' }],
      ["#{tipoRecursoReposicion=='Exoneración'}", { variable: 'tipoRecursoReposicion', value: 'Exoneración' }],
      ['= approvalResult = "approved"', { variable: 'approvalResult', value: 'approved' }],
      ['=approved=false', { variable: 'approved', value: false }],
      ['ErrorThrown = true', { variable: 'ErrorThrown', value: true }],
      ['${level == 2}', { variable: 'level', value: 2 }],
      ['${"yes" == consult}', { variable: 'consult', value: 'yes' }],
      ['${approved}', { variable: 'approved', value: true }],
      ['${!clarified}', { variable: 'clarified', value: false }],
      ['=not(approved)', { variable: 'approved', value: false }],
    ])('%s is decided by %j', (text, decision) => {
      expect(decisionOf(text)).toEqual(decision);
      // Setting the decision makes the condition true.
      expect(evaluateCondition(text, { [decision.variable]: decision.value })).toEqual({ ok: true, value: true });
    });

    it.each([
      'price > 0',
      '${a != "x"}',
      '${a == b}',
      '${a == null}',
      '${a == "x" && b}',
      '=loan_results.isLoanEligible = true',
      '=loan_results.isLoanEligible and not(loan_results.sendToUnderwriter)',
      '${"x" == "x"}',
      '${customer.prop("age")}',
    ])('%s is no single decision', (text) => {
      expect(decisionOf(text)).toBeNull();
    });
  });
});
