import { SHIPPED_CALENDARS } from '../../calendars/index.ts';
import type { CalendarContext, CalendarDataset, CalendarDay } from '../types.ts';
import { calendarSet, type CalendarSet } from './calendar-set.ts';

/**
 * Test fixtures: small datasets for territories whose shipped files may not be there yet, with
 * the days the specification's examples rely on (eni-legal-time.md C.1). Only tests import this.
 */
export function fixtureDataset(
  territory: string,
  name: string,
  year: number,
  days: [date: string, name: string][],
  extra: Partial<CalendarDataset> = {},
): CalendarDataset {
  const level = territory === 'ES' ? 'NATIONAL' : territory.startsWith('ES-') ? 'REGIONAL' : 'LOCAL';
  return {
    year,
    territory,
    level,
    name,
    version: 1,
    status: 'VERIFIED',
    verifiedBy: ['prueba-1', 'prueba-2'],
    sources: [{ bulletin: 'BOLETÍN', reference: `Fixture ${territory} ${year}`, url: null, publishedOn: null }],
    days: days.map(([date, dayName]): CalendarDay => ({ date, name: dayName, kind: 'HOLIDAY' })),
    ...extra,
  };
}

/** Cataluña 2026 (C.1): Lunes de Pascua, Sant Joan, Diada and Sant Esteve (a Saturday). */
export const CATALONIA_2026 = fixtureDataset('ES-CT', 'Cataluña', 2026, [
  ['2026-04-06', 'Lunes de Pascua'],
  ['2026-06-24', 'Sant Joan'],
  ['2026-09-11', 'Diada Nacional de Catalunya'],
  ['2026-12-26', 'Sant Esteve'],
]);

/** Canarias 2026, reduced to the Easter days the Canary-zone tests cross. */
export const CANARIAS_2026 = fixtureDataset('ES-CN', 'Canarias', 2026, [['2026-04-02', 'Jueves Santo']]);

/** 2027 as C.1 assumes it: 1 and 6 January nationally; nothing else is needed by the examples. */
export const NATIONAL_2027 = fixtureDataset('ES', 'España', 2027, [
  ['2027-01-01', 'Año Nuevo'],
  ['2027-01-06', 'Epifanía del Señor'],
]);
export const ANDALUCIA_2027 = fixtureDataset('ES-AN', 'Andalucía', 2027, [['2027-03-01', 'Lunes siguiente al Día de Andalucía']]);
export const SEVILLA_2027 = fixtureDataset('41091', 'Sevilla', 2027, []);

/** The shipped verified 2026 datasets of the examples (ES, Andalucía, Sevilla) only, so tests do not depend on what else is shipped. */
export const SHIPPED_2026: readonly CalendarDataset[] = SHIPPED_CALENDARS.filter(
  (dataset) => dataset.year === 2026 && ['ES', 'ES-AN', '41091'].includes(dataset.territory),
);

/** The shipped 2026 calendars plus the Cataluña and Canarias fixtures. */
export const SET_2026: CalendarSet = calendarSet([...SHIPPED_2026, CATALONIA_2026, CANARIAS_2026]);

export const SEVILLA_ORGAN: CalendarContext = {
  seat: { community: 'ES-AN', municipality: '41091' },
  residence: null,
  channel: 'ELECTRONIC',
  timeZone: 'Europe/Madrid',
};

/** A Sevilla organ and a Barcelona resident on paper (art. 30.6); no Barcelona local dataset is needed when the municipality is left out. */
export const SEVILLA_BARCELONA_PAPER: CalendarContext = {
  ...SEVILLA_ORGAN,
  residence: { community: 'ES-CT', municipality: null },
  channel: 'PRESENTIAL',
};

/** A Canary organ of the community (no municipality), on the Canary zone (art. 31.2). */
export const CANARY_ORGAN: CalendarContext = {
  seat: { community: 'ES-CN', municipality: null },
  residence: null,
  channel: 'ELECTRONIC',
  timeZone: 'Atlantic/Canary',
};
