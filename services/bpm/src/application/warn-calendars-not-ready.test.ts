import { describe, expect, it } from 'vitest';
import { auditRecorderIn, InMemoryAuditTrail } from '@tramita/platform';
import type { Clock } from '@tramita/kernel';
import { inMemoryRepositories } from '../adapters/in-memory/repositories.in-memory.ts';
import { listNotices } from './notices.ts';
import type { UnitOfWork } from './ports.ts';
import { proposeCalendarCorrection } from './propose-calendar-correction.ts';
import { saveCalendarSettings } from './save-calendar-settings.ts';
import { warnCalendarsNotReady } from './warn-calendars-not-ready.ts';
import { principalIn } from './test-principals.ts';

/** The autumn check of next year's calendars (ADR 0016), on years whose shipped data cannot change under the test. */

const PLATFORM = 'E00000000';
const B = 'L01280796';
const SEVILLA = { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' as const };

const person = principalIn;
const admin = person('admin', PLATFORM, ['admin']);
const second = person('segunda', PLATFORM, ['admin']);
const tramitador = person('tomas', PLATFORM, ['tramitador']);
const otherAdmin = person('olga', B, ['admin']);

function setup(at: string) {
  let now = new Date(at);
  const clock: Clock & { set(at: string): void } = { now: () => new Date(now), set: (to) => void (now = new Date(to)) };
  const repositories = inMemoryRepositories();
  const audit = auditRecorderIn(new InMemoryAuditTrail('bpm'), undefined);
  const outbox = { send: () => undefined };
  const unitOfWork: UnitOfWork = { run: (_cause, work) => work(repositories, outbox, audit) };
  const deps = { clock, calendarDefaults: SEVILLA, defaultOrganism: PLATFORM };
  const changeDeps = { ...repositories, outbox, audit, clock, calendarDefaults: SEVILLA, defaultOrganism: PLATFORM };
  const changer = (caller: ReturnType<typeof person>, organism = PLATFORM) => ({
    organism,
    caller,
    actor: { username: caller.username, displayName: caller.username },
    audited: { actor: { username: caller.username, displayName: caller.username }, correlationId: 'req-1', sourceAddress: null },
  });
  return { unitOfWork, deps, changeDeps, changer, clock, repositories };
}

describe("telling administrators that next year's calendar is not ready", () => {
  it('says nothing before 1 October at the seat, and tells its administrators from midnight on, by role and about the organism', async () => {
    // 23:59:59 on 30 September 2029 in Madrid.
    const { unitOfWork, deps, clock, repositories } = setup('2029-09-30T21:59:59Z');
    expect(await warnCalendarsNotReady(unitOfWork, deps)).toBe(0);
    clock.set('2029-09-30T22:00:00Z');
    expect(await warnCalendarsNotReady(unitOfWork, deps)).toBe(1);
    const [notice] = (await listNotices(repositories, admin)).items;
    expect(notice).toMatchObject({ organism: PLATFORM, fileCode: null, kind: 'CALENDAR_NOT_READY', readAt: null });
    expect(notice!.message).toBe(
      'El calendario de 2030 de la sede no está listo (España (ES) sin cargar, Andalucía (ES-AN) sin cargar, Sevilla (41091) sin cargar): las fechas que lo toquen serán provisionales y no servirán para declarar silencio ni caducidad. Cargue y verifique los festivos que faltan.',
    );
    // Administrators only, and only the organism's.
    expect((await listNotices(repositories, tramitador)).items).toEqual([]);
    expect((await listNotices(repositories, otherAdmin)).items).toEqual([]);
  });

  it('tells once per state of the datasets, again when it changes, and every organism that stated its seat', async () => {
    const { unitOfWork, deps, changeDeps, changer, repositories } = setup('2029-10-02T09:00:00+02:00');
    expect(await warnCalendarsNotReady(unitOfWork, deps)).toBe(1);
    expect(await warnCalendarsNotReady(unitOfWork, deps)).toBe(0);
    // A draft of the 2030 local days changes the state: told again, with the draft named.
    await proposeCalendarCorrection(changeDeps, changer(admin), {
      year: 2030,
      days: [{ date: '2030-06-20', name: 'Corpus Christi', kind: 'HOLIDAY' }],
      source: { bulletin: 'BOJA', reference: 'Resolución de fiestas locales de 2030', url: null, publishedOn: null },
    });
    expect(await warnCalendarsNotReady(unitOfWork, deps)).toBe(1);
    const messages = (await listNotices(repositories, second)).items.map((item) => item.message);
    expect(messages.some((message) => message.includes('Sevilla (41091) en borrador'))).toBe(true);
    // Another organism that stated its seat is told too, its own administrators only.
    await saveCalendarSettings(changeDeps, changer(otherAdmin, B), { community: 'ES-MD', municipality: '28079', timeZone: 'Europe/Madrid' });
    expect(await warnCalendarsNotReady(unitOfWork, deps)).toBe(1);
    expect((await listNotices(repositories, otherAdmin)).items.map((item) => [item.organism, item.kind])).toEqual([[B, 'CALENDAR_NOT_READY']]);
  });

  it('says nothing when next year is verified everywhere the seat needs', async () => {
    // October 2025: the 2026 national, Andalusian and Sevilla calendars are shipped VERIFIED.
    const { unitOfWork, deps, repositories } = setup('2025-10-15T09:00:00+02:00');
    expect(await warnCalendarsNotReady(unitOfWork, deps)).toBe(0);
    expect((await listNotices(repositories, admin)).items).toEqual([]);
  });
});
