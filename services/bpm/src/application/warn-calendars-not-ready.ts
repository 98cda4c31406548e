import type { Clock } from '@tramita/kernel';
import { SHIPPED_CALENDARS } from '@tramita/legal-time/calendars';
import { Temporal } from 'temporal-polyfill';
import { calendarCoverage } from './get-organism-calendar.ts';
import { organismCalendar, seatToday, type CalendarDefaults } from './legal-calendar.ts';
import type { UnitOfWork } from './ports.ts';

/** From this day of the year (1 October), next year's calendar should be loaded and verified. */
export const READINESS_FROM = { month: 10, day: 1 } as const;

export interface CalendarReadinessDeps {
  clock: Clock;
  calendarDefaults: CalendarDefaults;
  /** The platform's own organism: its calendar is the installation's, checked even if it stated no seat. */
  defaultOrganism: string;
}

const STATUS_WORDS = { DRAFT: 'en borrador', MISSING: 'sin cargar' } as const;

/** A territory as people know it, by the name any dataset of it gives (`Sevilla (41091)`), or its code. */
function territoryName(territory: string, corrections: readonly { territory: string; name: string }[]): string {
  const named = [...SHIPPED_CALENDARS, ...corrections].find((dataset) => dataset.territory === territory);
  return named ? `${named.name} (${territory})` : territory;
}

/**
 * The autumn check (ADR 0016; eni-legal-time part D): from 1 October, each organism's
 * administrators are told when next year's calendar of its seat is not ready — a national,
 * community or local dataset missing or still a draft — because dates counted on it will be
 * provisional and never declare silencio or caducidad (fail closed). One notice per organism, year
 * and state of its datasets: told again only when that state changes. Returns how many were told.
 */
export async function warnCalendarsNotReady(unitOfWork: UnitOfWork, deps: CalendarReadinessDeps): Promise<number> {
  const now = deps.clock.now();
  return unitOfWork.run({ source: 'bpm', correlationId: `calendar-readiness-${now.getTime()}`, causationId: null }, async (repositories) => {
    const organisms = new Set([deps.defaultOrganism, ...(await repositories.calendars.configuredOrganisms())]);
    let told = 0;
    for (const organism of organisms) {
      const calendar = await organismCalendar(repositories.calendars, organism, deps.calendarDefaults);
      const today = seatToday(now, calendar.timeZone);
      if (Temporal.PlainDate.compare(today, Temporal.PlainDate.from({ year: today.year, ...READINESS_FROM })) < 0) continue;
      const next = calendarCoverage(calendar, now)[1];
      if (!next || next.status === 'FINAL') continue;
      const gaps = next.calendars.filter((use) => use.status !== 'VERIFIED');
      const state = next.calendars.map((use) => `${use.territory}:${use.status}:${use.version ?? 0}`).join(',');
      const list = gaps
        .map((use) => `${territoryName(use.territory, calendar.corrections)} ${STATUS_WORDS[use.status as keyof typeof STATUS_WORDS]}`)
        .join(', ');
      const added = await repositories.notices.insertOnce({
        noticeId: `calendar.${organism}.${next.year}.${state}`,
        organism,
        fileCode: null,
        kind: 'CALENDAR_NOT_READY',
        message: `El calendario de ${next.year} de la sede no está listo (${list}): las fechas que lo toquen serán provisionales y no servirán para declarar silencio ni caducidad. Cargue y verifique los festivos que faltan.`,
        recipientUsers: [],
        recipientRoles: ['admin'],
        createdAt: now,
      });
      if (added) told += 1;
    }
    return told;
  });
}
