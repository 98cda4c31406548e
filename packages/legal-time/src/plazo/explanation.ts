import { spanishDate, spanishReasons } from '../calendar/spanish-date.ts';
import type { CalendarUse, Explanation, LegalTimePolicy, SkippedDay } from '../types.ts';

/** The policy defaults (eni-legal-time C.5 and C.15): art. 30.5 moves natural-day plazos too; a rejected notification counts on day 11. */
export const DEFAULT_PLAZO_POLICY: LegalTimePolicy = { extendNaturalDaysOnInhabil: true, rejectionConvention: 'DAY_11' };

export function withDefaults(policy?: Partial<LegalTimePolicy>): LegalTimePolicy {
  return { ...DEFAULT_PLAZO_POLICY, ...policy };
}

export function emptyExplanation(): Explanation {
  return { skipped: [], calendars: [], articles: [], lines: [] };
}

/** Several explanations as one: skipped days and datasets once each, articles once each, lines in order. */
export function mergeExplanations(...parts: readonly Explanation[]): Explanation {
  const skipped = new Map<string, SkippedDay>();
  const calendars = new Map<string, CalendarUse>();
  const articles = new Set<string>();
  const lines: string[] = [];
  for (const part of parts) {
    for (const day of part.skipped) if (!skipped.has(day.date)) skipped.set(day.date, day);
    for (const use of part.calendars) calendars.set(`${use.year}|${use.territory}`, use);
    for (const article of part.articles) articles.add(article);
    lines.push(...part.lines);
  }
  return { skipped: [...skipped.values()], calendars: [...calendars.values()], articles: [...articles], lines };
}

/** FINAL only when every dataset consulted is VERIFIED (fail closed, ADR 0016). */
export function statusOf(calendars: readonly CalendarUse[]): 'FINAL' | 'PROVISIONAL' {
  return calendars.every((use) => use.status === 'VERIFIED') ? 'FINAL' : 'PROVISIONAL';
}

/** One line per inhábil day an end date was moved over (art. 30.5). */
export function movedOverLines(skipped: readonly SkippedDay[]): string[] {
  return skipped.map((day) => `El ${spanishDate(day.date)} es inhábil (${spanishReasons(day.reasons)}): el plazo pasa al día siguiente (art. 30.5).`);
}

/** A line naming each dataset that was missing or only a draft, so people know why a date is provisional. */
export function provisionalLines(calendars: readonly CalendarUse[]): string[] {
  return calendars
    .filter((use) => use.status !== 'VERIFIED')
    .map((use) =>
      use.status === 'MISSING'
        ? `No hay calendario cargado de ${use.territory} para ${use.year}: la fecha es provisional.`
        : `El calendario de ${use.territory} para ${use.year} es un borrador sin verificar: la fecha es provisional.`,
    );
}
