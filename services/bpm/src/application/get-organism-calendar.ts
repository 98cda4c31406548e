import type { CalendarDatasetResource, CalendarYearCoverage, OrganismCalendarResource } from '@tramita/contracts';
import { forbidden, notFound, refusedAccess, type Actor, type Clock } from '@tramita/kernel';
import { dayStatus, territoriesFor, type CalendarContext, type CalendarDataset } from '@tramita/legal-time';
import { Temporal } from 'temporal-polyfill';
import { SHIPPED_CALENDARS } from '@tramita/legal-time/calendars';
import { canSeeOrganism, hasRoleIn, isPlatformAdmin, type AuditedBy, type AuditRecorder, type OrganismCaller } from '@tramita/platform';
import { organismCalendar, seatToday, type CalendarDefaults, type OrganismCalendar } from './legal-calendar.ts';
import type { BpmRepositories } from './ports.ts';
import { recomputePlazos, type RecomputeDeps } from './recompute-plazos.ts';

/** What reading an organism's calendar needs: its store, the clock, the installation's default seat and the platform's own organism. */
export interface CalendarReadDeps extends Pick<BpmRepositories, 'calendars'> {
  clock: Clock;
  calendarDefaults: CalendarDefaults;
  /** The platform's own organism, where `platform-admin` is held (ADR 0013). */
  defaultOrganism: string;
}

export const organismNotFound = (organism: string) => notFound('organism-not-found', `There is no organism ${organism}.`, { organism });

/**
 * Who reads an organism's calendar: its members (any role) and platform administrators. Anyone
 * else learns nothing of it: the answer a missing organism gets (ADR 0013), audited as a refusal.
 */
export function requireCalendarReader(caller: OrganismCaller, organism: string, defaultOrganism: string): void {
  if (canSeeOrganism(caller, organism) || isPlatformAdmin(caller, defaultOrganism)) return;
  throw refusedAccess(organismNotFound(organism), { organism });
}

/** Whether the caller administers the organism's calendar: an `admin` of the organism, or a platform administrator (as for its catalogue). */
export const managesCalendar = (caller: OrganismCaller, organism: string, defaultOrganism: string): boolean =>
  hasRoleIn(caller.memberships, 'admin', organism) || isPlatformAdmin(caller, defaultOrganism);

/** Lets through who may change the organism's calendar: a member without the role is told so (403), an outsider gets the 404. */
export function requireCalendarManager(caller: OrganismCaller, organism: string, defaultOrganism: string): void {
  requireCalendarReader(caller, organism, defaultOrganism);
  if (managesCalendar(caller, organism, defaultOrganism)) return;
  throw forbidden('role-required', `Changing the calendar of organism ${organism} needs the role admin there.`, { requiredRoles: ['admin'] });
}

const LEVEL_ORDER = { NATIONAL: 0, REGIONAL: 1, LOCAL: 2 } as const;

const byYearLevelVersion = (a: CalendarDatasetResource, b: CalendarDatasetResource) =>
  a.year - b.year ||
  LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
  a.territory.localeCompare(b.territory) ||
  a.version - b.version ||
  a.origin.localeCompare(b.origin);

const resourceOf = (dataset: CalendarDataset, origin: CalendarDatasetResource['origin']): CalendarDatasetResource => ({ ...structuredClone(dataset), origin });

/**
 * This year and the next at the seat: the datasets the count needs there (art. 30.7: national,
 * community and local holidays) as it would use them, so that administrators load and verify next
 * year's before a plazo reaches it (a day on a missing or draft one is provisional, fail closed).
 */
export function calendarCoverage(calendar: OrganismCalendar, now: Date): CalendarYearCoverage[] {
  const { year } = seatToday(now, calendar.timeZone);
  const context: CalendarContext = { seat: calendar.seat, residence: null, channel: 'ELECTRONIC', timeZone: calendar.timeZone };
  return [year, year + 1].map((y) => {
    const { uses } = dayStatus(Temporal.PlainDate.from({ year: y, month: 1, day: 1 }), context, calendar.set, 'SEDE');
    return { year: y, status: uses.every((use) => use.status === 'VERIFIED') ? 'FINAL' : 'PROVISIONAL', calendars: uses };
  });
}

/**
 * The resource of an organism's calendar: its settings (the installation's default when it stated
 * none), every shipped dataset of its seat's territories (national, community, municipality) for
 * every year loaded, every version of its own corrections, and this year's and next year's coverage.
 */
export function organismCalendarResource(calendar: OrganismCalendar, now: Date, canManage: boolean, reader: string | null = null): OrganismCalendarResource {
  const territories = new Set(territoriesFor({ seat: calendar.seat, residence: null, channel: 'ELECTRONIC', timeZone: calendar.timeZone }, 'SEDE'));
  const shipped = SHIPPED_CALENDARS.filter((dataset) => territories.has(dataset.territory)).map((dataset) => ({
    ...resourceOf(dataset, 'SHIPPED'),
    proposedBy: null,
    canApprove: false,
  }));
  const corrections = calendar.corrections.map((dataset) => {
    const proposedBy = calendar.proposers.get(dataset) ?? null;
    // A correction is verified by a second administrator, never by whoever proposed it (ADR 0016).
    const canApprove = canManage && dataset.status === 'DRAFT' && proposedBy !== reader;
    return { ...resourceOf(dataset, 'ORGANISM'), proposedBy, canApprove };
  });
  return {
    organism: calendar.organism,
    settings: { community: calendar.seat.community, municipality: calendar.seat.municipality, timeZone: calendar.timeZone },
    configured: calendar.configured,
    datasets: [...shipped, ...corrections].sort(byYearLevelVersion),
    coverage: calendarCoverage(calendar, now),
    canManage,
  };
}

/** `GET /api/calendars/{organism}`: the organism's calendar, to its members and platform administrators. */
export async function getOrganismCalendar(
  deps: CalendarReadDeps,
  organism: string,
  caller: OrganismCaller & { username?: string },
): Promise<OrganismCalendarResource> {
  requireCalendarReader(caller, organism, deps.defaultOrganism);
  const calendar = await organismCalendar(deps.calendars, organism, deps.calendarDefaults);
  return organismCalendarResource(calendar, deps.clock.now(), managesCalendar(caller, organism, deps.defaultOrganism), caller.username ?? null);
}

/** What changing an organism's calendar needs: the transaction's repositories, outbox and audit trail, the clock and the seats. */
export interface CalendarChangeDeps extends RecomputeDeps {
  audit: AuditRecorder;
  defaultOrganism: string;
}

/** Who changes which organism's calendar. */
export interface CalendarChanger {
  organism: string;
  caller: OrganismCaller;
  actor: Actor;
  audited: AuditedBy;
}

/**
 * Ends a change to an organism's calendar: every open plazo of the organism is counted again on
 * the new calendar (each keeps its old result in its history; a communicated date that moved is
 * flagged and its responsible users told), then the audit entry, last in the transaction.
 */
export async function afterCalendarChange(
  deps: CalendarChangeDeps,
  who: CalendarChanger,
  change: { action: string; reason: string; details: Record<string, unknown>; recount: boolean },
): Promise<OrganismCalendarResource> {
  const recount = change.recount
    ? await recomputePlazos(deps, await deps.plazos.openOfOrganism(who.organism), change.reason, who.actor)
    : { recomputed: 0, moved: 0 };
  // Last: the entry holds the audit chain's head until commit (ADR 0014).
  await deps.audit.record({ action: change.action, organism: who.organism, fileCode: null, details: { ...change.details, ...recount } }, who.audited);
  return organismCalendarResource(await organismCalendar(deps.calendars, who.organism, deps.calendarDefaults), deps.clock.now(), true, who.actor.username);
}
