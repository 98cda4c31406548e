import { describe, expect, it } from 'vitest';

import type { CalendarDataset } from '../types.ts';
import { crossCheck } from './cross-check.ts';

function dataset(territory: string, days: [string, string][], year = 2026): CalendarDataset {
  return {
    year,
    territory,
    level: territory === 'ES' ? 'NATIONAL' : 'REGIONAL',
    name: territory,
    version: 1,
    status: 'DRAFT',
    verifiedBy: [],
    sources: [],
    days: days.map(([date, name]) => ({ date, name, kind: 'HOLIDAY' })),
  };
}

const national = dataset('ES', [
  ['2026-01-01', 'Año Nuevo'],
  ['2026-04-03', 'Viernes Santo'],
]);
const catalonia = dataset('ES-CT', [
  ['2026-04-06', 'Lunes de Pascua'],
  ['2026-09-11', 'Fiesta Nacional de Cataluña'],
]);

describe('crossCheck', () => {
  it('finds nothing when both sources agree, counting the national days alongside', () => {
    const reference = [
      { date: '2026-01-01', name: 'Año Nuevo' },
      { date: '2026-04-03', name: 'Viernes Santo' },
      { date: '2026-04-06', name: 'Lunes de Pascua' },
      { date: '2026-09-11', name: 'Diada' },
    ];
    expect(crossCheck(catalonia, reference, { alongWith: [national] })).toEqual([]);
  });

  it('reports a holiday the other source has and the dataset lacks, and one the dataset has alone, by date', () => {
    const reference = [
      { date: '2026-04-02', name: 'Jueves Santo' },
      { date: '2026-04-06', name: 'Lunes de Pascua' },
    ];
    expect(crossCheck(catalonia, reference, { alongWith: [national] })).toEqual([
      { kind: 'MISSING_FROM_DATASET', date: '2026-04-02', referenceName: 'Jueves Santo' },
      { kind: 'NOT_IN_REFERENCE', date: '2026-09-11', datasetName: 'Fiesta Nacional de Cataluña' },
    ]);
  });

  it('does not blame the dataset for national days it leaves to the national file, unless that file is not given', () => {
    const reference = [
      { date: '2026-01-01', name: 'Año Nuevo' },
      { date: '2026-04-06', name: 'Lunes de Pascua' },
      { date: '2026-09-11', name: 'Diada' },
    ];
    expect(crossCheck(catalonia, reference, { alongWith: [national] })).toEqual([]);
    expect(crossCheck(catalonia, reference)).toEqual([{ kind: 'MISSING_FROM_DATASET', date: '2026-01-01', referenceName: 'Año Nuevo' }]);
  });

  it('ignores weekend differences by default (art. 30.2: already inhábiles) and reports them when asked', () => {
    const galicia = dataset('ES-GA', [['2026-06-24', 'San Juan']]);
    const reference = [
      { date: '2026-05-17', name: 'Día de las Letras Gallegas' }, // a Sunday in 2026
      { date: '2026-06-24', name: 'San Juan' },
    ];
    expect(crossCheck(galicia, reference)).toEqual([]);
    expect(crossCheck(galicia, reference, { ignoreWeekends: false })).toEqual([
      { kind: 'MISSING_FROM_DATASET', date: '2026-05-17', referenceName: 'Día de las Letras Gallegas' },
    ]);
  });

  it('only compares days of the dataset year, and national datasets of that year', () => {
    const national2027 = dataset('ES', [['2027-01-06', 'Epifanía del Señor']], 2027);
    const reference = [
      { date: '2026-04-06', name: 'Lunes de Pascua' },
      { date: '2026-09-11', name: 'Diada' },
      { date: '2027-03-29', name: 'Lunes de Pascua' },
      { date: '2026-01-06', name: 'Epifanía del Señor' },
    ];
    expect(crossCheck(catalonia, reference, { alongWith: [national2027] })).toEqual([
      { kind: 'MISSING_FROM_DATASET', date: '2026-01-06', referenceName: 'Epifanía del Señor' },
    ]);
  });
});
