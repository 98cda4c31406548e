import { describe, expect, it } from 'vitest';
import type { TimerDefinition } from './model.ts';
import { addDuration, checkTimer, parseCycle, parseDateTime, parseDuration, taskDue, timerDue, type BusinessCalendar, type IsoDuration } from './timers.ts';

const FROM = new Date('2025-01-31T10:00:00Z');

function timer(form: TimerDefinition['form'], text: string, calendar: string | null = null): TimerDefinition {
  return { form, text, calendar };
}

function duration(text: string): IsoDuration {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function due(definition: TimerDefinition, fired = 0, variables = {}, calendars?: ReadonlyMap<string, BusinessCalendar>): Date | null {
  const outcome = timerDue(definition, FROM, fired, variables, calendars);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** Counts only weekdays, a day at a time: enough to show a calendar is used. */
const weekdays: BusinessCalendar = {
  add(from, d) {
    const date = new Date(from);
    for (let left = d.days + d.weeks * 5; left > 0;) {
      date.setUTCDate(date.getUTCDate() + 1);
      if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) left--;
    }
    return date;
  },
};
const CALENDARS = new Map([['laborables', weekdays]]);

describe('ISO 8601 durations', () => {
  it.each([
    ['PT10M', { minutes: 10 }],
    ['PT1H', { hours: 1 }],
    ['P7D', { days: 7 }],
    ['P2W', { weeks: 2 }],
    ['PT0.1S', { seconds: 0.1 }],
    ['PT0,05S', { seconds: 0.05 }],
    ['P1Y2M10DT2H30M', { years: 1, months: 2, days: 10, hours: 2, minutes: 30 }],
  ])('reads %s', (text, parts) => {
    expect(duration(text)).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts });
  });

  it.each(['1w', 'P', 'PT', 'P1DT', 'P1H', 'PT1D', '-P1D', 'p1d', 'P1.5Y', 'R3/PT10H', '', 'P 1D'])('refuses %j', (text) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain('is not an ISO 8601 duration');
  });

  it('adds calendar months clamped to the end of the month', () => {
    expect(iso(addDuration(new Date('2025-01-31T10:00:00Z'), duration('P1M')))).toBe('2025-02-28T10:00:00.000Z');
    expect(iso(addDuration(new Date('2024-01-31T10:00:00Z'), duration('P1M')))).toBe('2024-02-29T10:00:00.000Z');
    expect(iso(addDuration(new Date('2024-02-29T00:00:00Z'), duration('P1Y')))).toBe('2025-02-28T00:00:00.000Z');
    expect(iso(addDuration(new Date('2025-11-15T00:00:00Z'), duration('P3M')))).toBe('2026-02-15T00:00:00.000Z');
  });

  it('adds days, weeks and time in UTC and keeps fractions of a second', () => {
    expect(iso(addDuration(new Date('2025-03-29T12:00:00Z'), duration('P2D')))).toBe('2025-03-31T12:00:00.000Z');
    expect(iso(addDuration(FROM, duration('P2W')))).toBe('2025-02-14T10:00:00.000Z');
    expect(iso(addDuration(FROM, duration('PT0.05S')))).toBe('2025-01-31T10:00:00.050Z');
    expect(iso(addDuration(FROM, duration('P1DT1H1M1S')))).toBe('2025-02-01T11:01:01.000Z');
  });
});

describe('ISO 8601 dates', () => {
  it.each([
    ['2025-03-31', '2025-03-31T00:00:00.000Z'],
    ['2025-03-31T09:00:00Z', '2025-03-31T09:00:00.000Z'],
    ['2025-03-31T09:00Z', '2025-03-31T09:00:00.000Z'],
    ['2023-02-28T13:13:10+02:00', '2023-02-28T11:13:10.000Z'],
    ['2025-03-31T09:00:00.250-0130', '2025-03-31T10:30:00.250Z'],
    ['2025-03-31T09:00:00+01', '2025-03-31T08:00:00.000Z'],
  ])('reads %s', (text, instant) => {
    const parsed = parseDateTime(text);
    expect(parsed.ok && parsed.value.toISOString()).toBe(instant);
  });

  it.each([
    ['2025-03-31T09:00:00', 'needs `Z` or an offset'],
    ['2025-02-29', 'there is no day 29'],
    ['2025-13-01', 'there is no month 13'],
    ['2025-01-01T24:00:00Z', 'out of range'],
    ['2025-01-01T10:00:00+19:00', 'offset is out of range'],
    ['31/03/2025', 'write e.g.'],
    ['tomorrow', 'write e.g.'],
  ])('refuses %s', (text, message) => {
    const parsed = parseDateTime(text);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

describe('ISO 8601 cycles', () => {
  it('splits the repetitions from the period', () => {
    expect(parseCycle('R3/PT10H')).toEqual({ ok: true, value: { repetitions: 3, start: null, duration: duration('PT10H') } });
    expect(parseCycle('R/P2D')).toEqual({ ok: true, value: { repetitions: null, start: null, duration: duration('P2D') } });
    expect(parseCycle('R6/2025-02-01T00:00:00Z/P1D')).toEqual({
      ok: true,
      value: { repetitions: 6, start: new Date('2025-02-01T00:00:00Z'), duration: duration('P1D') },
    });
  });

  it.each([
    ['0/5 0/1 * 1/1 * ?', 'cron cycles are not supported; write an ISO 8601 cycle'],
    ['0 0 12 * * ?', 'cron cycles are not supported'],
    ['PT10H', 'is not an ISO 8601 cycle'],
    ['R0/PT1H', 'R0 never fires'],
    ['R3/1w', 'its period'],
    ['R3/2025-13-01T00:00:00Z/PT1H', 'its start'],
    ['Rx/PT1H', 'is not an ISO 8601 cycle'],
    ['R3/PT1H/2025-01-01T00:00:00Z', 'its start'],
  ])('refuses %s', (text, message) => {
    const parsed = parseCycle(text);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

describe('timers', () => {
  it.each([
    timer('duration', 'PT10M'),
    timer('duration', 'P2W'),
    timer('duration', ' PT0.1S\n'),
    timer('date', '2025-03-31T09:00:00Z'),
    timer('cycle', 'R3/PT10H'),
    timer('cycle', 'R/P2D'),
    timer('duration', '${plazo}'),
    timer('duration', '=duration(rentDuration)'),
    timer('date', '= now() + duration("P2D")'),
  ])('accepts %j at deploy time', (definition) => {
    expect(checkTimer(definition)).toBeNull();
  });

  it.each([
    [timer('duration', '1w'), 'is not an ISO 8601 duration'],
    [timer('duration', 'PT'), 'is not an ISO 8601 duration'],
    [timer('duration', ''), "the timer's duration is empty"],
    [timer('date', '2025-03-31T09:00:00'), 'needs `Z` or an offset'],
    [timer('cycle', '0/5 0/1 * 1/1 * ?'), 'cron cycles are not supported; write an ISO 8601 cycle'],
    [timer('cycle', 'PT10H'), 'is not an ISO 8601 cycle'],
    [timer('duration', '${dateTime().plusWeeks(1)}'), 'the function `dateTime` is not supported'],
  ])('refuses %j at deploy time', (definition, message) => {
    expect(checkTimer(definition)).toContain(message);
  });

  it('fires a duration once, counted from when it started', () => {
    expect(iso(due(timer('duration', 'PT10M')))).toBe('2025-01-31T10:10:00.000Z');
    expect(iso(due(timer('duration', 'P1M')))).toBe('2025-02-28T10:00:00.000Z');
    expect(due(timer('duration', 'PT10M'), 1)).toBeNull();
  });

  it('fires a date once', () => {
    expect(iso(due(timer('date', '2025-03-31')))).toBe('2025-03-31T00:00:00.000Z');
    expect(due(timer('date', '2025-03-31'), 1)).toBeNull();
  });

  it('fires R3/PT10H three times, then no more', () => {
    const cycle = timer('cycle', 'R3/PT10H');
    expect([0, 1, 2, 3].map((fired) => iso(due(cycle, fired)))).toEqual([
      '2025-01-31T20:00:00.000Z',
      '2025-02-01T06:00:00.000Z',
      '2025-02-01T16:00:00.000Z',
      null,
    ]);
  });

  it('repeats R/P2D without end', () => {
    expect(iso(due(timer('cycle', 'R/P2D'), 1000))).toBe(new Date(FROM.getTime() + 1001 * 2 * 86_400_000).toISOString());
  });

  it('counts monthly cycles from the start, so a clamped month does not drift', () => {
    const cycle = timer('cycle', 'R/P1M');
    expect([0, 1].map((fired) => iso(due(cycle, fired)))).toEqual(['2025-02-28T10:00:00.000Z', '2025-03-31T10:00:00.000Z']);
  });

  it('fires a cycle with a start at the start, skipping occurrences already past', () => {
    expect(iso(due(timer('cycle', 'R5/2025-02-01T00:00:00Z/P1D')))).toBe('2025-02-01T00:00:00.000Z');
    // FROM is 2025-01-31T10:00Z: of R5 from 2025-01-28 (28, 29, 30, 31, Feb 1) only Feb 1 is still ahead.
    const started = timer('cycle', 'R5/2025-01-28T00:00:00Z/P1D');
    expect([0, 1].map((fired) => iso(due(started, fired)))).toEqual(['2025-02-01T00:00:00.000Z', null]);
    expect(iso(due(timer('cycle', 'R/2020-01-01T00:00:00Z/PT1M')))).toBe('2025-01-31T10:00:00.000Z');
    expect(iso(due(timer('cycle', 'R/2020-01-31T00:00:00Z/P1M')))).toBe('2025-02-28T00:00:00.000Z');
  });

  it('resolves expressions before reading them', () => {
    expect(iso(due(timer('duration', '${plazo}'), 0, { plazo: 'P10D' }))).toBe('2025-02-10T10:00:00.000Z');
    expect(iso(due(timer('duration', '=duration(rentDuration)'), 0, { rentDuration: 'PT1H' }))).toBe('2025-01-31T11:00:00.000Z');
    expect(iso(due(timer('date', '= now() + duration("P2D")')))).toBe('2025-02-02T10:00:00.000Z');
    expect(iso(due(timer('date', '${vence}'), 0, { vence: '2025-06-30T12:00:00+02:00' }))).toBe('2025-06-30T10:00:00.000Z');
    expect(iso(due(timer('cycle', '${ciclo}'), 1, { ciclo: 'R2/PT1H' }))).toBe('2025-01-31T12:00:00.000Z');
    expect(due(timer('cycle', '${ciclo}'), 2, { ciclo: 'R2/PT1H' })).toBeNull();
    expect(due(timer('duration', '${plazo}'), 1, { plazo: 'P10D' })).toBeNull();
  });

  it.each([
    [timer('duration', '${plazo}'), {}, 'the variable `plazo` is not defined'],
    [timer('duration', '${plazo}'), { plazo: '1w' }, '"1w" is neither an ISO 8601 duration (P10D, PT2H) nor a date-time'],
    [timer('duration', '${plazo}'), { plazo: 'PT' }, 'is not an ISO 8601 duration'],
    [timer('date', '${vence}'), { vence: '2025-02-30' }, 'there is no day 30'],
    [timer('duration', '${plazo}'), { plazo: 10 }, 'the expression gave a number, not a date or a duration'],
    [timer('cycle', '${cronExpression}'), { cronExpression: '0 0/5 * * * ?' }, 'cron cycles are not supported'],
    [timer('date', '= now() + duration(d)'), { d: 'P' }, 'is not an ISO 8601 duration'],
  ])('makes a bad resolved value an error: %j with %j', (definition, variables, message) => {
    const outcome = timerDue(definition, FROM, 0, variables);
    expect(!outcome.ok && outcome.message).toContain(message);
  });

  it('counts durations in the timer’s business calendar', () => {
    // FROM is a Friday: two working days later is Tuesday.
    expect(iso(due(timer('duration', 'P2D', 'laborables'), 0, {}, CALENDARS))).toBe('2025-02-04T10:00:00.000Z');
    expect(iso(due(timer('cycle', 'R2/P1D', 'laborables'), 1, {}, CALENDARS))).toBe('2025-02-04T10:00:00.000Z');
    expect(iso(due(timer('date', '= now() + duration("P1D")', 'laborables'), 0, {}, CALENDARS))).toBe('2025-02-03T10:00:00.000Z');
  });

  it('makes an unknown business calendar an error', () => {
    expect(timerDue(timer('duration', 'P2D', 'festivos'), FROM, 0, {}, CALENDARS)).toEqual({ ok: false, message: 'unknown business calendar festivos' });
    expect(timerDue(timer('duration', 'P2D', 'festivos'), FROM, 0, {})).toEqual({ ok: false, message: 'unknown business calendar festivos' });
  });
});

describe('task due dates', () => {
  const created = FROM;

  it.each([
    ['PT50M', '2025-01-31T10:50:00.000Z'],
    ['P10D', '2025-02-10T10:00:00.000Z'],
    ['2025-02-28T13:13:10+02:00', '2025-02-28T11:13:10.000Z'],
    ['2025-03-01', '2025-03-01T00:00:00.000Z'],
  ])('reads %s', (text, instant) => {
    const outcome = taskDue(text, null, created, {});
    expect(outcome.ok && outcome.value.toISOString()).toBe(instant);
  });

  it('resolves expressions, now() being the task’s creation', () => {
    expect(taskDue('= now() + duration("PT15S")', null, created, {})).toEqual({ ok: true, value: new Date('2025-01-31T10:00:15Z') });
    expect(taskDue('${plazo}', null, created, { plazo: 'P1D' })).toEqual({ ok: true, value: new Date('2025-02-01T10:00:00Z') });
    expect(taskDue('=fecha', null, created, { fecha: '2025-05-05' })).toEqual({ ok: true, value: new Date('2025-05-05T00:00:00Z') });
  });

  it('counts in the task’s business calendar', () => {
    expect(taskDue('P1D', 'laborables', created, {}, CALENDARS)).toEqual({ ok: true, value: new Date('2025-02-03T10:00:00Z') });
    expect(taskDue('P1D', 'laborables', created, {})).toEqual({ ok: false, message: 'unknown business calendar laborables' });
  });

  it.each([
    ['${dateTime().plusWeeks(1).toDate()}', 'the function `dateTime` is not supported'],
    ['next week', 'is neither an ISO 8601 duration'],
    ['${missing}', 'the variable `missing` is not defined'],
  ])('refuses %s', (text, message) => {
    const outcome = taskDue(text, null, created, {});
    expect(!outcome.ok && outcome.message).toContain(message);
  });
});
