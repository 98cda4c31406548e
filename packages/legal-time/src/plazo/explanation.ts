import { DEFAULT_POLICY } from '../count/default-policy.ts';
import { skippedLines } from '../count/explanation-lines.ts';
import type { CalendarUse, Explanation, LegalTimePolicy, SkippedDay } from '../types.ts';

export function withDefaults(policy?: Partial<LegalTimePolicy>): LegalTimePolicy {
  return { ...DEFAULT_POLICY, ...policy };
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

/** The lines for an end day moved over inhábil days (art. 30.5), or none when it was hábil. */
export function movedOverLines(skipped: readonly SkippedDay[]): string[] {
  if (skipped.length === 0) return [];
  return ['El último día es inhábil: el plazo pasa al primer día hábil siguiente (art. 30.5).', ...skippedLines(skipped)];
}
