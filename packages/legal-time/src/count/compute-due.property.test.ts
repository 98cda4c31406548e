import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { calendarSet, type CalendarSet } from '../calendar/calendar-set.ts';
import { calendarScope, dayStatus } from '../calendar/day-status.ts';
import { CANARY_ORGAN, CATALONIA_2026, CANARIAS_2026, SET_2026, SEVILLA_BARCELONA_PAPER, SEVILLA_ORGAN, SHIPPED_2026 } from '../calendar/test-calendars.ts';
import type { CalendarDataset, DueDate, LegalDuration, LegalUnit } from '../types.ts';
import { computeDue } from './compute-due.ts';

const RUNS = { numRuns: 200 };
const START_2026 = Temporal.Instant.from('2025-12-31T23:00:00Z').epochMilliseconds;
const END_2026 = Temporal.Instant.from('2026-12-31T22:59:59.999Z').epochMilliseconds;

/** Any instant of 2026 in Madrid, written as UTC as a client might send it. */
const instant2026 = fc.integer({ min: START_2026, max: END_2026 }).map((ms) => Temporal.Instant.fromEpochMilliseconds(ms).toString());
const date2026 = fc.integer({ min: 0, max: 364 }).map((offset) => Temporal.PlainDate.from('2026-01-01').add({ days: offset }).toString());
const context = fc.constantFrom(SEVILLA_ORGAN, SEVILLA_BARCELONA_PAPER, CANARY_ORGAN);
const maxByUnit: Record<LegalUnit, number> = { HORAS: 24, DIAS_HABILES: 60, DIAS_NATURALES: 60, MESES: 12, ANOS: 2 };
const anyDuration = fc
  .constantFrom<LegalUnit>('HORAS', 'DIAS_HABILES', 'DIAS_NATURALES', 'MESES', 'ANOS')
  .chain((unit) => fc.integer({ min: 1, max: maxByUnit[unit] }).map((value): LegalDuration => ({ value, unit })));

function compute(trigger: string, duration: LegalDuration, ctx: typeof SEVILLA_ORGAN, set: CalendarSet): DueDate {
  const result = computeDue({ trigger, duration, context: ctx }, set);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The Andalusian dataset again as version 2 with one more holiday. */
function withExtraHoliday(date: string): CalendarSet {
  const andalucia = SHIPPED_2026.find((d) => d.territory === 'ES-AN');
  if (!andalucia) throw new Error('the shipped 2026 Andalusian calendar is missing');
  const corrected: CalendarDataset = { ...andalucia, version: 2, days: [...andalucia.days, { date, name: 'Festivo añadido', kind: 'HOLIDAY' }] };
  return calendarSet([...SHIPPED_2026, CATALONIA_2026, CANARIAS_2026, corrected]);
}

describe('computeDue properties', () => {
  it('never ends n días hábiles (1..60) from any 2026 instant on an inhábil day', () => {
    fc.assert(
      fc.property(instant2026, fc.integer({ min: 1, max: 60 }), context, (trigger, n, ctx) => {
        const result = compute(trigger, { value: n, unit: 'DIAS_HABILES' }, ctx, SET_2026);
        expect(dayStatus(result.date, ctx, SET_2026, calendarScope(ctx)).habil).toBe(true);
      }),
      RUNS,
    );
  });

  it('never moves a due instant earlier when a holiday is added to a dataset, in any unit', () => {
    fc.assert(
      fc.property(instant2026, anyDuration, context, date2026, (trigger, duration, ctx, holiday) => {
        const before = compute(trigger, duration, ctx, SET_2026);
        const after = compute(trigger, duration, ctx, withExtraHoliday(holiday));
        expect(Temporal.Instant.compare(Temporal.Instant.from(after.endsAt), Temporal.Instant.from(before.endsAt))).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it("ends a plazo in days strictly after the trigger's date in the sede zone", () => {
    fc.assert(
      fc.property(
        instant2026,
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom<LegalUnit>('DIAS_HABILES', 'DIAS_NATURALES'),
        context,
        (trigger, n, unit, ctx) => {
          const result = compute(trigger, { value: n, unit }, ctx, SET_2026);
          const triggerDate = Temporal.Instant.from(trigger).toZonedDateTimeISO(ctx.timeZone).toPlainDate();
          expect(Temporal.PlainDate.compare(Temporal.PlainDate.from(result.date), triggerDate)).toBe(1);
        },
      ),
      RUNS,
    );
  });
});
