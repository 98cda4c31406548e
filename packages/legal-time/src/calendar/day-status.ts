import { Temporal } from 'temporal-polyfill';
import type { CalendarContext, CalendarUse, InhabilReason } from '../types.ts';
import type { CalendarSet } from './calendar-set.ts';

/**
 * Which calendars decide a day. SEDE: the organ's seat only (art. 31.3 for the electronic
 * registry; art. 30.7 for the composition). ART_30_6: the seat's and the interested party's
 * residence's together, a day inhábil in either being inhábil in every case (art. 30.6).
 */
export type CalendarScope = 'SEDE' | 'ART_30_6';

export interface DayStatus {
  habil: boolean;
  /** Every reason the day is inhábil (a holiday on a Saturday gives both); empty when hábil. */
  reasons: InhabilReason[];
  /** The dataset of each territory consulted for the day's year, MISSING when none is loaded. */
  uses: CalendarUse[];
}

/** The national calendar's territory code. */
export const NATIONAL_TERRITORY = 'ES';

/**
 * The scope a plazo is counted in: art. 31.3 keeps electronic acts to the sede's calendar; art.
 * 30.6 adds the residence's for any other act when the residence is known.
 */
export function calendarScope(context: CalendarContext): CalendarScope {
  return context.channel === 'PRESENTIAL' && context.residence !== null ? 'ART_30_6' : 'SEDE';
}

/** Why a context cannot be counted on (a community not written `ES-XX`, a municipality not a five-digit INE code), or null. */
export function contextProblem(context: CalendarContext): string | null {
  const places = [['seat', context.seat] as const, ...(context.residence ? [['residence', context.residence] as const] : [])];
  for (const [role, place] of places) {
    if (!/^ES-[A-Z]{2}$/.test(place.community)) return `the ${role}'s community must be an ISO 3166-2 code such as ES-AN, not "${place.community}"`;
    if (place.municipality !== null && !/^\d{5}$/.test(place.municipality)) {
      return `the ${role}'s municipality must be a five-digit INE code such as 41091, not "${place.municipality}"`;
    }
  }
  return null;
}

/** The territories consulted, national first, each once (a resident of the seat's community adds nothing). */
export function territoriesFor(context: CalendarContext, scope: CalendarScope): string[] {
  // art. 30.7: national, then the community (which includes its municipalities' local days), then the municipality.
  const codes = [NATIONAL_TERRITORY, context.seat.community, context.seat.municipality];
  // art. 30.6: inhábil where the organ has its seat or where the interested party resides.
  if (scope === 'ART_30_6' && context.residence) codes.push(context.residence.community, context.residence.municipality);
  return [...new Set(codes.filter((code): code is string => code !== null && code !== ''))];
}

/** Whether a day is hábil for the context, and why not (art. 30.2: Saturdays, Sundays and declared holidays are inhábiles). */
export function dayStatus(date: string | Temporal.PlainDate, context: CalendarContext, set: CalendarSet, scope: CalendarScope): DayStatus {
  const day = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  const iso = day.toString();
  const reasons: InhabilReason[] = [];
  const uses: CalendarUse[] = [];
  // art. 30.2: Saturdays and Sundays are inhábiles.
  if (day.dayOfWeek >= 6) reasons.push({ kind: 'WEEKEND', name: null, territory: null, territoryName: null, source: null });
  for (const territory of territoriesFor(context, scope)) {
    const dataset = set.latest(day.year, territory);
    if (!dataset) {
      uses.push({ year: day.year, territory, version: null, status: 'MISSING' });
      continue;
    }
    uses.push({ year: day.year, territory, version: dataset.version, status: dataset.status });
    const source = dataset.sources.map((s) => s.reference).join('; ') || null;
    for (const holiday of dataset.days) {
      if (holiday.date !== iso) continue;
      // art. 30.2 and 30.7: the declared holidays of each calendar that applies.
      reasons.push({ kind: 'HOLIDAY', name: holiday.name, territory, territoryName: dataset.name, source });
    }
  }
  return { habil: reasons.length === 0, reasons, uses };
}
