import type { Temporal } from 'temporal-polyfill';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { spanishDate, spanishReasons } from '../calendar/spanish-date.ts';
import type { CalendarContext, CalendarUse, SkippedDay, TriggerKind } from '../types.ts';

const TRIGGER_WORDS: Record<TriggerKind, string> = {
  NOTIFICATION: 'la notificación del',
  PUBLICATION: 'la publicación del',
  REGISTRY_ENTRY: 'la entrada en el registro del',
  INITIATION: 'el acuerdo de iniciación del',
  SILENCE: 'el silencio producido el',
  AVAILABILITY: 'la puesta a disposición del',
  REJECTION: 'el rechazo de la notificación del',
};

/** `la notificación del miércoles 25 de marzo de 2026`, or `el miércoles 25 de marzo de 2026` when the trigger's kind is not known. */
export function triggerPhrase(date: Temporal.PlainDate, kind: TriggerKind | undefined): string {
  return `${kind ? TRIGGER_WORDS[kind] : 'el'} ${spanishDate(date)}`;
}

/** One line per skipped day: `Se omite el jueves 2 de abril de 2026: Jueves Santo (Andalucía, Decreto 101/2025, de 14 de mayo).` */
export function skippedLines(skipped: readonly SkippedDay[]): string[] {
  return skipped.map((day) => `Se omite el ${spanishDate(day.date)}: ${spanishReasons(day.reasons)}.`);
}

/** Which calendars were used, when that is not simply the sede's (arts. 30.6 and 31.3). */
export function scopeLines(context: CalendarContext, union: boolean): string[] {
  if (union) return ['Son inhábiles también los días inhábiles del lugar de residencia del interesado (art. 30.6).'];
  if (context.residence && context.channel === 'ELECTRONIC')
    return ['Actuación por el registro electrónico: solo cuenta el calendario de la sede (art. 31.3).'];
  return [];
}

/** Fail closed: says which datasets make the result provisional, or nothing when all were verified. */
export function provisionalLines(uses: readonly CalendarUse[], set: CalendarSet): string[] {
  const gaps = uses
    .filter((use) => use.status !== 'VERIFIED')
    .map((use) => {
      const name = set.territoryName(use.territory) ?? use.territory;
      return use.status === 'MISSING'
        ? `no está cargado el calendario de ${name} de ${use.year}`
        : `el calendario de ${name} de ${use.year} es un borrador (versión ${use.version ?? '?'})`;
    });
  return gaps.length === 0 ? [] : [`Fecha provisional: ${gaps.join('; ')}. No produce silencio ni caducidad hasta que se verifique.`];
}
