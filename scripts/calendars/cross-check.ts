/**
 * Compares every shipped regional calendar with the rule library date-holidays and prints the
 * differences as warnings. The library is a cross-check, never a source (ADR 0016): a warning is
 * a question for the people who verify calendars, to be settled against the bulletin.
 *
 * Usage: node_modules/.bin/node scripts/calendars/cross-check.ts
 */
import Holidays from 'date-holidays';

import { SHIPPED_CALENDARS } from '../../packages/legal-time/calendars/index.ts';
import { crossCheck, type ReferenceDay } from '../../packages/legal-time/src/datasets/cross-check.ts';

function libraryDays(region: string, year: number): ReferenceDay[] | null {
  const holidays = new Holidays('ES', region);
  const list = holidays.getHolidays(year);
  if (list.length === 0) return null;
  // Public holidays only; the library also lists observances and bank holidays.
  return list.filter((h) => h.type === 'public').map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
}

let warnings = 0;
const regional = SHIPPED_CALENDARS.filter((d) => d.level === 'REGIONAL');
for (const dataset of regional) {
  const label = `${dataset.year}/${dataset.territory} (${dataset.name}, ${dataset.status})`;
  const national = SHIPPED_CALENDARS.filter((d) => d.level === 'NATIONAL' && d.year === dataset.year);
  if (national.length === 0) {
    console.warn(`WARNING ${label}: no national dataset for ${dataset.year}, national days will show as missing.`);
    warnings += 1;
  }
  const reference = libraryDays(dataset.territory.slice(3), dataset.year);
  if (reference === null) {
    console.warn(`WARNING ${label}: the rule library has no region ${dataset.territory}.`);
    warnings += 1;
    continue;
  }
  const differences = crossCheck(dataset, reference, { alongWith: national });
  for (const difference of differences) {
    warnings += 1;
    if (difference.kind === 'MISSING_FROM_DATASET') {
      console.warn(`WARNING ${label}: ${difference.date} "${difference.referenceName}" is a holiday in the rule library but not in the shipped calendars.`);
    } else {
      console.warn(`WARNING ${label}: ${difference.date} "${difference.datasetName}" is in the dataset but not in the rule library.`);
    }
  }
}
console.log(`Cross-checked ${regional.length} regional calendars against the rule library: ${warnings} warning(s). Weekend days are not compared (art. 30.2).`);
