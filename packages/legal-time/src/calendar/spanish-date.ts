import { Temporal } from 'temporal-polyfill';
import type { InhabilReason, SedeTimeZone } from '../types.ts';

const WEEKDAYS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];
const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** A date as people read it in an explanation: `jueves 2 de abril de 2026`. */
export function spanishDate(date: string | Temporal.PlainDate): string {
  const d = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  return `${WEEKDAYS[d.dayOfWeek - 1]} ${d.day} de ${MONTHS[d.month - 1]} de ${d.year}`;
}

/** The month's name alone (`febrero`), for the art. 30.4 line about a month without the day. */
export function spanishMonth(date: Temporal.PlainDate): string {
  return MONTHS[date.month - 1] ?? '';
}

/** `(hora de Madrid)` or `(hora de Canarias)`: art. 31.2, the sede's official time. */
export function spanishZone(timeZone: SedeTimeZone): string {
  return timeZone === 'Atlantic/Canary' ? 'hora de Canarias' : 'hora de Madrid';
}

/** Why a day is inhábil, in Spanish: `fin de semana; Jueves Santo (Andalucía, Decreto 101/2025, de 14 de mayo)`. */
export function spanishReasons(reasons: readonly InhabilReason[]): string {
  return reasons
    .map((reason) => {
      if (reason.kind === 'WEEKEND') return 'fin de semana';
      const where = [reason.territoryName ?? reason.territory, reason.source].filter((part) => part !== null).join(', ');
      return where ? `${reason.name} (${where})` : (reason.name ?? 'festivo');
    })
    .join('; ');
}
