import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '@tramita/messaging';
import { auditRecorderIn, InMemoryAuditTrail } from '@tramita/platform';
import { isDomainError, type Clock } from '@tramita/kernel';
import type { CalendarCorrectionRequest } from '@tramita/contracts';
import { inMemoryRepositories } from '../adapters/in-memory/repositories.in-memory.ts';
import { Plazo } from '../domain/plazo.ts';
import { computeOrFail } from './compute-plazo.ts';
import { approveCalendarCorrection } from './approve-calendar-correction.ts';
import { getOrganismCalendar, type CalendarChanger } from './get-organism-calendar.ts';
import { calendarContextOf, organismCalendar } from './legal-calendar.ts';
import { proposeCalendarCorrection } from './propose-calendar-correction.ts';
import { publishInhabiles } from './publish-inhabiles.ts';
import { saveCalendarSettings } from './save-calendar-settings.ts';

/** An organism's calendar administration (ADR 0016) on the shipped 2026 calendars, seated in Sevilla. */

const A = 'L01410917';
const B = 'A01002820';
const PLATFORM = 'E00000000';
const SEVILLA = { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' as const };
const MADRID = { community: 'ES-MD', municipality: '28079', timeZone: 'Europe/Madrid' as const };

const person = (username: string, memberships: { organism: string; roles: string[] }[]) => ({
  username,
  isService: false,
  memberships: memberships.map((membership) => ({ ...membership, units: [] })),
});
const ana = person('ana', [{ organism: A, roles: ['admin'] }]);
const bea = person('bea', [{ organism: A, roles: ['admin', 'tramitador'] }]);
const tomas = person('tomas', [{ organism: A, roles: ['tramitador'] }]);
const olga = person('olga', [{ organism: B, roles: ['admin'] }]);
const root = person('root', [{ organism: PLATFORM, roles: ['platform-admin'] }]);

const changer = (caller: ReturnType<typeof person>, organism = A): CalendarChanger => ({
  organism,
  caller,
  actor: { username: caller.username, displayName: caller.username },
  audited: { actor: { username: caller.username, displayName: caller.username }, correlationId: 'req-1', sourceAddress: null },
});

/** Sevilla's local holidays of 2026 corrected: Feria and Corpus as shipped, plus 10 March (a day inside the test plazo). */
const correction = (days = [{ date: '2026-03-10', name: 'Fiesta local añadida' }]): CalendarCorrectionRequest => ({
  year: 2026,
  days: [
    { date: '2026-04-22', name: 'Miércoles de Feria', kind: 'HOLIDAY' },
    { date: '2026-06-04', name: 'Corpus Christi', kind: 'HOLIDAY' },
    ...days.map((day) => ({ ...day, kind: 'HOLIDAY' as const })),
  ],
  source: { bulletin: 'BOJA', reference: 'BOJA núm. 45, corrección de errores', url: null, publishedOn: '2026-02-20' },
});

function setup() {
  const sent: OutgoingMessage[] = [];
  const trail = new InMemoryAuditTrail('bpm');
  let now = new Date('2026-03-02T10:00:00+01:00');
  const clock: Clock & { set(at: string): void } = { now: () => new Date(now), set: (at) => void (now = new Date(at)) };
  const repositories = inMemoryRepositories();
  const deps = {
    ...repositories,
    outbox: { send: (message: OutgoingMessage) => void sent.push(message) },
    audit: auditRecorderIn(trail, undefined),
    clock,
    calendarDefaults: SEVILLA,
    defaultOrganism: PLATFORM,
  };
  return { deps, repositories, trail, sent, clock };
}

/** An open maximum plazo of 10 días hábiles from Monday 2 March 2026: due Monday 16 March on the shipped calendars. */
async function openPlazo(deps: ReturnType<typeof setup>['deps']) {
  const calendar = await organismCalendar(deps.calendars, A, deps.calendarDefaults);
  const fields = {
    plazoId: 'p-1.maximo',
    processId: 'p-1',
    organism: A,
    fileCode: 'EXP-1',
    kind: 'MAXIMO' as const,
    name: 'Plazo máximo para resolver y notificar',
    taskId: null,
    duration: { value: 10, unit: 'DIAS_HABILES' as const },
    legalBasis: 'art. 21.2 de la Ley 39/2015',
    startedAt: '2026-03-02T10:00:00+01:00',
    initiation: 'OFICIO' as const,
    expiryEffect: 'CADUCIDAD' as const,
    managers: ['jefe'],
  };
  const now = new Date(fields.startedAt);
  const computation = computeOrFail({ ...fields, suspensions: [], extensions: [] }, { context: calendarContextOf(calendar, null), set: calendar.set }, now);
  const plazo = Plazo.open(fields, computation, null, now);
  await deps.plazos.insert(plazo.state());
  return async () => (await deps.plazos.lock('p-1.maximo'))!.state();
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; category: string; message: string }> {
  const error: unknown = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  if (!isDomainError(error)) throw error;
  return error;
}

describe("an organism's calendar", () => {
  it("shows the installation's default seat, unconfigured, with the shipped national, Andalusian and Sevilla datasets of every year loaded", async () => {
    const { deps } = setup();
    const calendar = await getOrganismCalendar(deps, A, tomas);
    expect(calendar).toMatchObject({ organism: A, settings: SEVILLA, configured: false, canManage: false });
    const keys = calendar.datasets.map((d) => `${d.year} ${d.territory} v${d.version} ${d.origin}`);
    expect(keys).toEqual(expect.arrayContaining(['2026 ES v1 SHIPPED', '2026 ES-AN v1 SHIPPED', '2026 41091 v1 SHIPPED', '2027 ES v1 SHIPPED']));
    // Only the seat's territories: no other community or city.
    expect(calendar.datasets.every((d) => ['ES', 'ES-AN', '41091'].includes(d.territory))).toBe(true);
  });

  it("says whether this year's and next year's calendars of the seat are ready, and a draft correction makes its year provisional", async () => {
    const { deps } = setup();
    const before = await getOrganismCalendar(deps, A, tomas);
    expect(before.coverage.map((c) => c.year)).toEqual([2026, 2027]);
    expect(before.coverage[0]).toEqual({
      year: 2026,
      status: 'FINAL',
      calendars: [
        { year: 2026, territory: 'ES', version: 1, status: 'VERIFIED' },
        { year: 2026, territory: 'ES-AN', version: 1, status: 'VERIFIED' },
        { year: 2026, territory: '41091', version: 1, status: 'VERIFIED' },
      ],
    });
    await proposeCalendarCorrection(deps, changer(ana), correction());
    const after = await getOrganismCalendar(deps, A, tomas);
    expect(after.coverage[0]).toMatchObject({ status: 'PROVISIONAL' });
    expect(after.coverage[0]!.calendars.at(-1)).toEqual({ year: 2026, territory: '41091', version: 2, status: 'DRAFT' });
  });

  it("takes this year in the seat's zone and names every dataset of a year not loaded as missing", async () => {
    const { deps, clock } = setup();
    // 23:30 UTC on 31 December: already 2030 in Madrid, still 2029 in the Canary Islands.
    clock.set('2029-12-31T23:30:00Z');
    const madrid = await getOrganismCalendar(deps, A, tomas);
    expect(madrid.coverage.map((c) => c.year)).toEqual([2030, 2031]);
    expect(madrid.coverage[1]).toEqual({
      year: 2031,
      status: 'PROVISIONAL',
      calendars: [
        { year: 2031, territory: 'ES', version: null, status: 'MISSING' },
        { year: 2031, territory: 'ES-AN', version: null, status: 'MISSING' },
        { year: 2031, territory: '41091', version: null, status: 'MISSING' },
      ],
    });
    const canary = await saveCalendarSettings(deps, changer(ana), { community: 'ES-CN', municipality: '35016', timeZone: 'Atlantic/Canary' });
    expect(canary.coverage.map((c) => c.year)).toEqual([2029, 2030]);
    expect(canary.coverage[0]!.calendars.map((use) => use.territory)).toEqual(['ES', 'ES-CN', '35016']);
  });

  it('is read by its members and platform administrators, and is a missing organism to anyone else', async () => {
    const { deps } = setup();
    expect((await getOrganismCalendar(deps, A, ana)).canManage).toBe(true);
    expect((await getOrganismCalendar(deps, A, root)).canManage).toBe(true);
    expect(await refusal(getOrganismCalendar(deps, A, olga))).toMatchObject({ code: 'organism-not-found', category: 'not-found' });
  });
});

describe("saving an organism's calendar settings", () => {
  it('records the seat, audits it and counts the open plazos again when the seat changes', async () => {
    const { deps, trail } = setup();
    const plazo = await openPlazo(deps);
    expect((await plazo()).due?.date).toBe('2026-03-16');
    const saved = await saveCalendarSettings(deps, changer(ana), MADRID);
    expect(saved).toMatchObject({ settings: MADRID, configured: true, canManage: true });
    expect(saved.datasets.some((d) => d.territory === 'ES-MD')).toBe(true);
    expect((await plazo()).history.at(-1)).toMatchObject({ event: 'RECALCULATED', note: 'sede del organismo cambiada' });
    expect(trail.entries.at(-1)).toMatchObject({ action: 'calendar.settings', organism: A, details: { community: 'ES-MD', municipality: '28079' } });
  });

  it('records the same seat again without counting anything', async () => {
    const { deps, trail } = setup();
    const plazo = await openPlazo(deps);
    await saveCalendarSettings(deps, changer(ana), SEVILLA);
    expect((await plazo()).version).toBe(1);
    expect(trail.entries.at(-1)).toMatchObject({ action: 'calendar.settings', details: { recomputed: 0 } });
  });

  it('refuses a member who is not an administrator (403) and an outsider (404), changing nothing', async () => {
    const { deps, repositories } = setup();
    expect(await refusal(saveCalendarSettings(deps, changer(tomas), MADRID))).toMatchObject({ code: 'role-required', category: 'forbidden' });
    expect(await refusal(saveCalendarSettings(deps, changer(olga), MADRID))).toMatchObject({ code: 'organism-not-found', category: 'not-found' });
    expect(await repositories.calendars.settings(A)).toBeNull();
  });
});

describe('proposing a correction of the local calendar', () => {
  it('adds a DRAFT version above the shipped one, named after the municipality, with its bulletin, and makes open plazos PROVISIONAL (fail closed)', async () => {
    const { deps, trail } = setup();
    const plazo = await openPlazo(deps);
    expect((await plazo()).due?.status).toBe('FINAL');
    const calendar = await proposeCalendarCorrection(deps, changer(ana), correction());
    const draft = calendar.datasets.find((d) => d.origin === 'ORGANISM');
    expect(draft).toMatchObject({
      year: 2026,
      territory: '41091',
      level: 'LOCAL',
      name: 'Sevilla',
      version: 2,
      status: 'DRAFT',
      verifiedBy: [],
      sources: [{ bulletin: 'BOJA', reference: 'BOJA núm. 45, corrección de errores' }],
    });
    expect(draft?.days.map((d) => d.date)).toEqual(['2026-04-22', '2026-06-04', '2026-03-10']);
    const after = await plazo();
    expect(after.due).toMatchObject({ status: 'PROVISIONAL', date: '2026-03-17' });
    expect(after.history.at(-1)).toMatchObject({ event: 'RECALCULATED', previousDue: '2026-03-16' });
    expect(trail.entries.at(-1)).toMatchObject({
      action: 'calendar.correction.propose',
      details: { year: 2026, territory: '41091', version: 2, recomputed: 1 },
    });
  });

  it('numbers each new proposal above every version known for the year', async () => {
    const { deps } = setup();
    await proposeCalendarCorrection(deps, changer(ana), correction());
    const calendar = await proposeCalendarCorrection(deps, changer(bea), correction([{ date: '2026-03-11', name: 'Otra fiesta' }]));
    expect(calendar.datasets.filter((d) => d.territory === '41091').map((d) => `v${d.version} ${d.origin} ${d.status}`)).toEqual([
      'v1 SHIPPED VERIFIED',
      'v2 ORGANISM DRAFT',
      'v3 ORGANISM DRAFT',
    ]);
  });

  it('starts at version 1, named by its INE code, for a municipality Tramita ships nothing for', async () => {
    const { deps } = setup();
    await saveCalendarSettings(deps, changer(ana), { community: 'ES-AN', municipality: '41004', timeZone: 'Europe/Madrid' });
    const calendar = await proposeCalendarCorrection(deps, changer(ana), correction());
    expect(calendar.datasets.find((d) => d.origin === 'ORGANISM')).toMatchObject({ territory: '41004', name: '41004', version: 1 });
  });

  it('refuses a day outside the year (422) and an organism whose seat names no municipality (409)', async () => {
    const { deps, repositories } = setup();
    expect(await refusal(proposeCalendarCorrection(deps, changer(ana), correction([{ date: '2027-01-07', name: 'Fuera de año' }])))).toMatchObject({
      code: 'calendar-correction-invalid',
      category: 'unprocessable',
      message: expect.stringContaining("is not in the dataset's year 2026") as unknown,
    });
    await saveCalendarSettings(deps, changer(ana), { community: 'ES-AN', municipality: null, timeZone: 'Europe/Madrid' });
    expect(await refusal(proposeCalendarCorrection(deps, changer(ana), correction()))).toMatchObject({ code: 'no-municipality', category: 'conflict' });
    expect(await repositories.calendars.corrections(A)).toEqual([]);
  });

  it('is refused to a member who is not an administrator', async () => {
    const { deps } = setup();
    expect(await refusal(proposeCalendarCorrection(deps, changer(tomas), correction()))).toMatchObject({ code: 'role-required', category: 'forbidden' });
  });

  it('refuses (409) a proposal that took the same version as one made at the same moment, writing nothing of it', async () => {
    const { deps, repositories } = setup();
    await proposeCalendarCorrection(deps, changer(ana), correction());
    // As if bea read the corrections before ana's was written: the same next version.
    const real = repositories.calendars;
    const calendars: typeof real = {
      settings: (organism) => real.settings(organism),
      configuredOrganisms: () => real.configuredOrganisms(),
      saveSettings: (settings) => real.saveSettings(settings),
      corrections: async () => [],
      lockCorrection: (...key) => real.lockCorrection(...key),
      insertCorrection: (entry) => real.insertCorrection(entry),
      approveCorrection: (entry) => real.approveCorrection(entry),
    };
    const stale = { ...deps, calendars };
    expect(await refusal(proposeCalendarCorrection(stale, changer(bea), correction([{ date: '2026-03-11', name: 'Otra fiesta' }])))).toMatchObject({
      code: 'calendar-correction-conflict',
      category: 'conflict',
    });
    expect((await repositories.calendars.corrections(A)).map((entry) => entry.proposedBy.username)).toEqual(['ana']);
  });
});

describe('approving a correction', () => {
  it('is offered to the other administrators only: the calendar says who proposed each draft and whether the reader may approve it', async () => {
    const { deps } = setup();
    await proposeCalendarCorrection(deps, changer(ana), correction());
    const draftFor = async (reader: ReturnType<typeof person>) => (await getOrganismCalendar(deps, A, reader)).datasets.find((d) => d.origin === 'ORGANISM');
    expect(await draftFor(ana)).toMatchObject({ proposedBy: 'ana', canApprove: false });
    expect(await draftFor(bea)).toMatchObject({ proposedBy: 'ana', canApprove: true });
    expect(await draftFor(tomas)).toMatchObject({ canApprove: false });
    expect((await getOrganismCalendar(deps, A, bea)).datasets.filter((d) => d.origin === 'SHIPPED').every((d) => d.proposedBy === null && !d.canApprove)).toBe(
      true,
    );
  });

  it('is refused to whoever proposed it, and to a non-administrator', async () => {
    const { deps } = setup();
    await proposeCalendarCorrection(deps, changer(ana), correction());
    expect(await refusal(approveCalendarCorrection(deps, changer(ana), { year: 2026, version: 2 }))).toMatchObject({
      code: 'same-approver',
      category: 'conflict',
    });
    expect(await refusal(approveCalendarCorrection(deps, changer(tomas), { year: 2026, version: 2 }))).toMatchObject({ code: 'role-required' });
    expect((await getOrganismCalendar(deps, A, ana)).datasets.find((d) => d.origin === 'ORGANISM')?.status).toBe('DRAFT');
  });

  it('by a second administrator verifies it with both names, and the open plazo moves FINAL to the new date, kept in its history and told', async () => {
    const { deps, trail, clock } = setup();
    const plazo = await openPlazo(deps);
    await proposeCalendarCorrection(deps, changer(ana), correction());
    clock.set('2026-03-03T09:00:00+01:00');
    const calendar = await approveCalendarCorrection(deps, changer(bea), { year: 2026, version: 2 });
    expect(calendar.datasets.find((d) => d.origin === 'ORGANISM')).toMatchObject({ version: 2, status: 'VERIFIED', verifiedBy: ['ana', 'bea'] });
    const stored = (await deps.calendars.corrections(A))[0]!;
    expect(stored).toMatchObject({ approvedBy: { username: 'bea' }, approvedAt: new Date('2026-03-03T09:00:00+01:00') });

    const after = await plazo();
    expect(after.due).toMatchObject({ status: 'FINAL', date: '2026-03-17' });
    const recalculated = after.history.filter((record) => record.event === 'RECALCULATED');
    expect(recalculated.map((record) => [record.previousDue, record.due, record.status])).toEqual([
      ['2026-03-16', '2026-03-17', 'PROVISIONAL'],
      ['2026-03-17', '2026-03-17', 'FINAL'],
    ]);
    expect(recalculated.at(-1)?.note).toBe('calendario local corregido (BOJA núm. 45, corrección de errores)');
    expect(after.history[0]).toMatchObject({ event: 'COMPUTED', due: '2026-03-16' });

    const notices = await deps.notices.forReader({ username: 'jefa', organisms: [{ organism: A, roles: ['jefe'] }] }, 10);
    expect(notices.map(({ notice }) => notice.kind)).toContain('COMMUNICATED_DATE_MOVED');
    expect(notices[0]?.notice.message).toContain('2026-03-16');
    expect(trail.entries.at(-1)).toMatchObject({
      action: 'calendar.correction.approve',
      actor: { username: 'bea' },
      details: { version: 2, proposedBy: 'ana' },
    });
  });

  it('is refused for a version already verified (409) and one that does not exist (404)', async () => {
    const { deps } = setup();
    await proposeCalendarCorrection(deps, changer(ana), correction());
    await approveCalendarCorrection(deps, changer(bea), { year: 2026, version: 2 });
    expect(await refusal(approveCalendarCorrection(deps, changer(root), { year: 2026, version: 2 }))).toMatchObject({
      code: 'not-a-draft',
      category: 'conflict',
    });
    expect(await refusal(approveCalendarCorrection(deps, changer(bea), { year: 2026, version: 9 }))).toMatchObject({
      code: 'calendar-correction-not-found',
      category: 'not-found',
    });
    // The shipped version is not one of the organism's corrections.
    expect(await refusal(approveCalendarCorrection(deps, changer(bea), { year: 2026, version: 1 }))).toMatchObject({ category: 'not-found' });
  });
});

describe('the published calendar of días inhábiles (art. 31.3)', () => {
  it("lists the seat's weekday holidays of the year with their reasons, FINAL on verified datasets", async () => {
    const { deps } = setup();
    const { calendar, publishedOn } = await publishInhabiles(deps, PLATFORM, 2026);
    expect(calendar).toMatchObject({ organism: PLATFORM, year: 2026, seat: { community: 'ES-AN', municipality: '41091' }, status: 'FINAL' });
    const dates = calendar.days.map((day) => day.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-01-06', '2026-04-02', '2026-04-03', '2026-04-22', '2026-06-04', '2026-12-08']));
    // Weekends are covered by the note, not listed.
    expect(calendar.days.every((day) => ![0, 6].includes(new Date(`${day.date}T12:00:00Z`).getUTCDay()))).toBe(true);
    expect(calendar.days.find((day) => day.date === '2026-04-22')?.reasons).toEqual([
      expect.objectContaining({ kind: 'HOLIDAY', name: 'Miércoles de Feria', territory: '41091', territoryName: 'Sevilla' }),
    ]);
    expect(calendar.calendars.map((use) => `${use.territory} ${use.status}`)).toEqual(['ES VERIFIED', 'ES-AN VERIFIED', '41091 VERIFIED']);
    expect(calendar.note).toMatch(/sábados y domingos/);
    expect(publishedOn === null || /^\d{4}-\d{2}-\d{2}$/.test(publishedOn)).toBe(true);
  });

  it('is PROVISIONAL with a draft correction, which it already shows, and for a year whose calendars are not loaded', async () => {
    const { deps } = setup();
    await saveCalendarSettings(deps, changer(ana), SEVILLA);
    await proposeCalendarCorrection(deps, changer(ana), correction());
    const { calendar, publishedOn } = await publishInhabiles(deps, A, 2026);
    expect(calendar.status).toBe('PROVISIONAL');
    expect(calendar.days.map((day) => day.date)).toContain('2026-03-10');
    expect(calendar.calendars.find((use) => use.territory === '41091')).toEqual({ year: 2026, territory: '41091', version: 2, status: 'DRAFT' });
    expect(publishedOn).toBe('2026-02-20');
    expect((await publishInhabiles(deps, A, 2031)).calendar).toMatchObject({ status: 'PROVISIONAL', days: [] });
  });

  it('answers 404 for an organism bpm knows nothing of, so it cannot probe organisms', async () => {
    const { deps } = setup();
    expect(await refusal(publishInhabiles(deps, B, 2026))).toMatchObject({ code: 'organism-not-found', category: 'not-found' });
  });
});
