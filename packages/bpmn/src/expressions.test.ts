import { describe, expect, it } from 'vitest';
import { checkValue, resolveValue, splitList } from './expressions.ts';

describe('attribute values', () => {
  it.each(['management, sales', 'kermit', '5', 'PT50M', '2025-03-31T09:00:00Z', ''])('returns the literal %j as written', (text) => {
    expect(resolveValue(text, {})).toEqual({ ok: true, value: text });
    expect(checkValue(text)).toBeNull();
  });

  it.each([
    ['${starterOfInstance}', { starterOfInstance: 'ana' }, 'ana'],
    ['#{reviewer}', { reviewer: 'luis' }, 'luis'],
    ['=assignedLineManager', { assignedLineManager: 'marta' }, 'marta'],
    ['= book.author', { book: { author: 'pablo' } }, 'pablo'],
    ['${approverGroups}', { approverGroups: 'management, accountancy' }, 'management, accountancy'],
    ['${priority}', { priority: 80 }, 80],
    ['=[supervisorEmail]', { supervisorEmail: 'jefa@example.org' }, ['jefa@example.org']],
    ['=["sales", "operations"]', {}, ['sales', 'operations']],
    ['=duration("P2D")', {}, 'P2D'],
  ])('resolves %s', (text, variables, value) => {
    expect(checkValue(text)).toBeNull();
    expect(resolveValue(text, variables)).toEqual({ ok: true, value });
  });

  it('makes a missing variable an error', () => {
    expect(resolveValue('${reviewer}', {})).toEqual({ ok: false, message: 'the variable `reviewer` is not defined' });
  });

  it('refuses expressions outside the subset at deploy time and when resolved', () => {
    expect(checkValue('${dateTime().plusWeeks(1).toDate()}')).toBe('the function `dateTime` is not supported at column 3');
    expect(resolveValue('${dateTime().plusWeeks(1).toDate()}', {})).toEqual({
      ok: false,
      message: 'the value "${dateTime().plusWeeks(1).toDate()}" cannot be read: the function `dateTime` is not supported at column 3',
    });
  });

  it('has no now() outside timers and due dates', () => {
    const outcome = resolveValue('=now()', {});
    expect(outcome.ok).toBe(false);
  });

  describe('splitting candidate lists', () => {
    it.each([
      ['management, accountancy', ['management', 'accountancy']],
      ['management,sales', ['management', 'sales']],
      [' sales , marketing, support ', ['sales', 'marketing', 'support']],
      ['solo', ['solo']],
      ['', []],
      [' , ,', []],
      ['a, a, b', ['a', 'b']],
    ])('splits %j into %j', (value, list) => {
      expect(splitList(value)).toEqual(list);
    });

    it('takes the texts of a list', () => {
      expect(splitList(['a', ' b ', ''])).toEqual(['a', 'b']);
      expect(splitList(['a', 1, null, 'c'])).toEqual(['a', 'c']);
    });

    it.each([null, undefined, 42, true, { a: 'b' }])('makes %j nobody', (value) => {
      expect(splitList(value)).toEqual([]);
    });
  });
});
