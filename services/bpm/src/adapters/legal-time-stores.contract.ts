/*
 * The suite every legal-time adapter runs (in memory, PGlite, the PostgreSQL server). It sits above
 * the adapter families and imports none of them, only the domain's ports; the boundary rule, written
 * for files inside a family, reads `../domain/` from here as another family.
 */
/* eslint-disable no-restricted-imports -- the domain, not an adapter family (see above) */
import { setTimeout } from 'node:timers/promises';
import type { Actor } from '@tramita/kernel';
import type { CalendarDataset, DueDate } from '@tramita/legal-time';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CalendarCorrection, CalendarRepository, CalendarSettingsRecord } from '../domain/calendar-repository.ts';
import type { NoticeRecord, NoticeRepository } from '../domain/notice-repository.ts';
import { Plazo, type NewPlazo, type PlazoComputation, type PlazoState } from '../domain/plazo.ts';
import type { PlazoRepository } from '../domain/plazo-repository.ts';
import type { InboxReader } from '../domain/task-repository.ts';
/* eslint-enable no-restricted-imports */

/** The three legal-time stores over one empty database, and a way to add the processes plazos belong to. */
export interface LegalTimeStores {
  plazos: PlazoRepository;
  calendars: CalendarRepository;
  notices: NoticeRepository;
  /** Adds a process of `organism` started at `startedAt` (plazos and contexts belong to one). */
  addProcess(process: { processId: string; organism: string; startedAt: Date; finished: boolean }): Promise<void>;
}

/** What only a SQL store can show: the query columns of a plazo's row, and transactions of its own. */
export interface SqlLegalTimeStores extends LegalTimeStores {
  /** The columns the queries read beside the plazo's JSON; null when there is no row. */
  plazoColumns(plazoId: string): Promise<{ state: string; endsAt: Date | null; dueStatus: string | null } | null>;
  /** Runs `work` in a transaction of its own (its own connection), with a plazo store bound to it. */
  inTransaction<T>(work: (plazos: PlazoRepository) => Promise<T>): Promise<T>;
}

const A = 'L01280796';
const B = 'A01002820';
const now = new Date('2026-06-01T10:00:00Z');
const ana: Actor = { username: 'ana', displayName: 'Gat Alba, Ana' };
const luis: Actor = { username: 'luis', displayName: 'Segundo, Luis' };

function due(status: DueDate['status'], endsAt: string): DueDate {
  return { status, date: endsAt.slice(0, 10), endsAt, explanation: { skipped: [], calendars: [], articles: [], lines: [] } };
}

const running = (endsAt: string, status: DueDate['status'] = 'FINAL'): PlazoComputation => ({ state: 'RUNNING', due: due(status, endsAt), nearFrom: null });
const suspended: PlazoComputation = { state: 'SUSPENDED', due: null, nearFrom: null };

function opened(plazoId: string, fields: Partial<NewPlazo>, computation: PlazoComputation = running('2026-07-01T23:59:59.999+02:00')): Plazo {
  const plazo: NewPlazo = {
    plazoId,
    processId: 'p-1',
    organism: A,
    fileCode: 'EXP-1',
    kind: 'TRAMITE',
    name: `Plazo ${plazoId}`,
    taskId: null,
    duration: { value: 10, unit: 'DIAS_HABILES' },
    legalBasis: 'Ley 39/2015 art. 73.1',
    startedAt: '2026-03-02T09:00:00+01:00',
    initiation: null,
    expiryEffect: 'NO_DECLARADO',
    managers: ['tramitador'],
    ...fields,
  };
  return Plazo.open(plazo, computation, ana, new Date('2026-03-02T08:00:00Z'));
}

const plazoState = (plazoId: string, fields: Partial<NewPlazo>, computation?: PlazoComputation): PlazoState => opened(plazoId, fields, computation).state();

function expired(plazoId: string, fields: Partial<NewPlazo>, endsAt: string): PlazoState {
  const plazo = opened(plazoId, fields, running(endsAt));
  plazo.expire({ kind: 'VENCIDO', declaredAt: now.toISOString(), effectiveFrom: now.toISOString(), article: 'art. 25', text: 'Vencido.' }, now);
  return plazo.state();
}

function closed(plazoId: string, fields: Partial<NewPlazo>, endsAt: string): PlazoState {
  const plazo = opened(plazoId, fields, running(endsAt));
  plazo.close(ana, now, 'Trámite realizado.');
  return plazo.state();
}

const ids = (plazos: readonly (Plazo | PlazoState)[]) => plazos.map((plazo) => plazo.plazoId);
const sorted = (values: string[]) => [...values].sort();

/** Every legal-time store the same: run it with each adapter's factory (a fresh, empty store per test). */
export function legalTimeStoresContract(name: string, open: () => Promise<LegalTimeStores>): void {
  describe(`legal-time stores: ${name}`, () => {
    let stores: LegalTimeStores;
    const addProcess = (processId: string, startedAt = new Date('2026-03-02T08:00:00Z'), organism = A, finished = false) =>
      stores.addProcess({ processId, organism, startedAt, finished });

    beforeEach(async () => {
      stores = await open();
    });

    describe('plazos', () => {
      it('locks an inserted plazo back with the same state, and finds none for an unknown id', async () => {
        await addProcess('p-1');
        const inserted = plazoState('pz-1', { kind: 'MAXIMO', initiation: 'SOLICITUD', expiryEffect: 'SILENCIO_NEGATIVO' });
        await stores.plazos.insert(inserted);
        expect((await stores.plazos.lock('pz-1'))?.state()).toEqual(inserted);
        expect(await stores.plazos.lock('pz-none')).toBeNull();
      });

      it('saves a change at the version it was loaded at, and refuses it at a stale one', async () => {
        await addProcess('p-1');
        await stores.plazos.insert(plazoState('pz-1', {}));
        const loaded = await stores.plazos.lock('pz-1');
        if (!loaded) throw new Error('the plazo was not stored');
        expect(loaded.recompute(running('2026-07-03T23:59:59.999+02:00'), null, now, 'Calendario corregido.')).toBe(true);
        expect(await stores.plazos.update(loaded, 1)).toBe(true);
        // A second writer that loaded version 1 too is now stale.
        const stale = Plazo.restore({ ...loaded.state(), name: 'Otro cambio' });
        expect(await stores.plazos.update(stale, 1)).toBe(false);
        const stored = (await stores.plazos.lock('pz-1'))?.state();
        expect(stored).toEqual(loaded.state());
        expect(stored).toMatchObject({ version: 2, name: 'Plazo pz-1', due: { date: '2026-07-03' } });
      });

      it("lists a process's plazos with the maximum first, then trámites oldest first, and no other process's", async () => {
        await addProcess('p-1');
        await addProcess('p-2');
        await stores.plazos.insert(plazoState('pz-late', { startedAt: '2026-03-09T09:00:00+01:00', taskId: 't-2' }));
        await stores.plazos.insert(plazoState('pz-early', { startedAt: '2026-03-03T09:00:00+01:00', taskId: 't-1' }));
        await stores.plazos.insert(plazoState('pz-max', { kind: 'MAXIMO', startedAt: '2026-03-05T09:00:00+01:00' }));
        await stores.plazos.insert(plazoState('pz-other', { processId: 'p-2', fileCode: 'EXP-2', kind: 'MAXIMO' }));
        expect(ids(await stores.plazos.ofProcess('p-1'))).toEqual(['pz-max', 'pz-early', 'pz-late']);
        expect(ids(await stores.plazos.ofProcess('p-none'))).toEqual([]);
      });

      it("finds a user task's plazo by the task's id, locked or in a list", async () => {
        await addProcess('p-1');
        const first = plazoState('pz-1', { taskId: 't-1' });
        await stores.plazos.insert(first);
        await stores.plazos.insert(plazoState('pz-2', { taskId: 't-2' }));
        await stores.plazos.insert(plazoState('pz-3', { taskId: 't-3' }));
        await stores.plazos.insert(plazoState('pz-max', { kind: 'MAXIMO' }));
        expect((await stores.plazos.lockOfTask('t-1'))?.state()).toEqual(first);
        expect(await stores.plazos.lockOfTask('t-none')).toBeNull();
        expect(sorted(ids(await stores.plazos.ofTasks(['t-1', 't-3', 't-none'])))).toEqual(['pz-1', 'pz-3']);
        expect(await stores.plazos.ofTasks([])).toEqual([]);
      });

      it('claims only running plazos with a final due date that ended before now, the earliest end first, up to the limit', async () => {
        await addProcess('p-1');
        // By instant, pz-first ends before pz-second although its text sorts after it (other offset).
        await stores.plazos.insert(plazoState('pz-second', {}, running('2026-04-01T23:00:00.000Z')));
        await stores.plazos.insert(plazoState('pz-first', {}, running('2026-04-02T00:30:00.000+02:00')));
        await stores.plazos.insert(plazoState('pz-third', {}, running('2026-05-29T23:59:59.999+02:00')));
        await stores.plazos.insert(plazoState('pz-now', {}, running(now.toISOString())));
        await stores.plazos.insert(plazoState('pz-future', {}, running('2026-06-30T23:59:59.999+02:00')));
        await stores.plazos.insert(plazoState('pz-provisional', {}, running('2026-03-31T23:59:59.999+02:00', 'PROVISIONAL')));
        await stores.plazos.insert(
          plazoState('pz-suspended', { kind: 'MAXIMO' }, { state: 'SUSPENDED', due: due('FINAL', '2026-03-31T23:59:59.999+02:00'), nearFrom: null }),
        );
        await stores.plazos.insert(expired('pz-expired', {}, '2026-03-30T23:59:59.999+02:00'));
        await stores.plazos.insert(closed('pz-closed', {}, '2026-03-30T23:59:59.999+02:00'));
        expect(ids(await stores.plazos.claimExpired(now, 10))).toEqual(['pz-first', 'pz-second', 'pz-third']);
        expect(ids(await stores.plazos.claimExpired(now, 2))).toEqual(['pz-first', 'pz-second']);
        expect(ids(await stores.plazos.claimExpired(new Date('2026-03-01T00:00:00Z'), 10))).toEqual([]);
      });

      it("lists an organism's and a process's running and suspended plazos only", async () => {
        await addProcess('p-1');
        await addProcess('p-2');
        await addProcess('p-b', undefined, B);
        await stores.plazos.insert(plazoState('pz-running', {}));
        await stores.plazos.insert(plazoState('pz-suspended', { kind: 'MAXIMO' }, suspended));
        await stores.plazos.insert(expired('pz-expired', {}, '2026-03-30T23:59:59.999+02:00'));
        await stores.plazos.insert(closed('pz-closed', {}, '2026-03-30T23:59:59.999+02:00'));
        await stores.plazos.insert(plazoState('pz-2', { processId: 'p-2', fileCode: 'EXP-2' }));
        await stores.plazos.insert(plazoState('pz-b', { processId: 'p-b', organism: B, fileCode: 'EXP-B' }));
        expect(sorted(await stores.plazos.openOfOrganism(A))).toEqual(['pz-2', 'pz-running', 'pz-suspended']);
        expect(await stores.plazos.openOfOrganism(B)).toEqual(['pz-b']);
        expect(sorted(await stores.plazos.openOfProcess('p-1'))).toEqual(['pz-running', 'pz-suspended']);
        expect(await stores.plazos.openOfProcess('p-none')).toEqual([]);
      });

      it('pages through every open plazo by id', async () => {
        await addProcess('p-1');
        await addProcess('p-b', undefined, B);
        for (const id of ['pz-c', 'pz-a', 'pz-e', 'pz-b']) await stores.plazos.insert(plazoState(id, {}));
        await stores.plazos.insert(plazoState('pz-d', { processId: 'p-b', organism: B, fileCode: 'EXP-B' }));
        await stores.plazos.insert(closed('pz-aa', {}, '2026-03-30T23:59:59.999+02:00'));
        expect(await stores.plazos.openPage(null, 2)).toEqual(['pz-a', 'pz-b']);
        expect(await stores.plazos.openPage('pz-b', 2)).toEqual(['pz-c', 'pz-d']);
        expect(await stores.plazos.openPage('pz-d', 2)).toEqual(['pz-e']);
        expect(await stores.plazos.openPage('pz-e', 2)).toEqual([]);
      });

      it('lists unfinished processes without a maximum plazo, oldest first, and stops listing one once its maximum exists', async () => {
        await addProcess('p-with-maximum', new Date('2026-01-01T08:00:00Z'));
        await addProcess('p-newer', new Date('2026-03-01T08:00:00Z'));
        await addProcess('p-older', new Date('2026-02-01T08:00:00Z'));
        await addProcess('p-finished', new Date('2025-12-01T08:00:00Z'), A, true);
        await stores.plazos.insert(plazoState('pz-max', { processId: 'p-with-maximum', kind: 'MAXIMO' }));
        // A trámite plazo is not the maximum one.
        await stores.plazos.insert(plazoState('pz-tramite', { processId: 'p-older', taskId: 't-1' }));
        expect(await stores.plazos.processesWithoutMaximum(10)).toEqual(['p-older', 'p-newer']);
        expect(await stores.plazos.processesWithoutMaximum(1)).toEqual(['p-older']);
        await stores.plazos.insert(plazoState('pz-max-older', { processId: 'p-older', kind: 'MAXIMO' }));
        expect(await stores.plazos.processesWithoutMaximum(10)).toEqual(['p-newer']);
      });

      it("keeps a process's calendar context: none at first, then the last one saved", async () => {
        await addProcess('p-1');
        expect(await stores.plazos.context('p-1')).toBeNull();
        await stores.plazos.saveContext('p-1', { residence: { community: 'ES-AN', municipality: '41091' }, channel: 'PRESENTIAL' }, now);
        expect(await stores.plazos.context('p-1')).toEqual({ residence: { community: 'ES-AN', municipality: '41091' }, channel: 'PRESENTIAL' });
        await stores.plazos.saveContext('p-1', { residence: null, channel: 'ELECTRONIC' }, now);
        expect(await stores.plazos.context('p-1')).toEqual({ residence: null, channel: 'ELECTRONIC' });
      });
    });

    describe('calendars', () => {
      const settings = (changes: Partial<CalendarSettingsRecord>): CalendarSettingsRecord => ({
        organism: A,
        community: 'ES-AN',
        municipality: '41091',
        timeZone: 'Europe/Madrid',
        updatedAt: new Date('2026-01-10T09:00:00Z'),
        updatedBy: ana,
        ...changes,
      });
      const dataset = (year: number, territory: string, version: number): CalendarDataset => ({
        year,
        territory,
        level: 'LOCAL',
        name: `Municipio ${territory}`,
        version,
        status: 'DRAFT',
        verifiedBy: ['ana'],
        sources: [{ bulletin: 'BOP', reference: `Edicto ${year}/${version}`, url: null, publishedOn: `${year - 1}-12-15` }],
        days: [{ date: `${year}-05-30`, name: 'Fiesta local', kind: 'HOLIDAY' }],
      });
      const correction = (year: number, territory: string, version: number, organism = A): CalendarCorrection => ({
        organism,
        dataset: dataset(year, territory, version),
        proposedBy: ana,
        proposedAt: new Date('2026-01-12T09:00:00Z'),
        approvedBy: null,
        approvedAt: null,
      });
      const approved = (draft: CalendarCorrection, by: Actor, at: Date): CalendarCorrection => ({
        ...draft,
        dataset: { ...draft.dataset, status: 'VERIFIED', verifiedBy: ['ana', by.username] },
        approvedBy: by,
        approvedAt: at,
      });

      it("keeps an organism's seat: none at first, then the last one saved", async () => {
        expect(await stores.calendars.settings(A)).toBeNull();
        await stores.calendars.saveSettings(settings({}));
        expect(await stores.calendars.settings(A)).toEqual(settings({}));
        const moved = settings({
          community: 'ES-CN',
          municipality: null,
          timeZone: 'Atlantic/Canary',
          updatedAt: new Date('2026-02-01T09:00:00Z'),
          updatedBy: luis,
        });
        await stores.calendars.saveSettings(moved);
        expect(await stores.calendars.settings(A)).toEqual(moved);
        expect(await stores.calendars.settings(B)).toBeNull();
      });

      it('lists the organisms that stated their seat, each once, in order', async () => {
        expect(await stores.calendars.configuredOrganisms()).toEqual([]);
        await stores.calendars.saveSettings(settings({ organism: B }));
        await stores.calendars.saveSettings(settings({}));
        await stores.calendars.saveSettings(settings({ community: 'ES-MD', municipality: '28079' }));
        expect(await stores.calendars.configuredOrganisms()).toEqual([A, B].sort());
      });

      it("lists an organism's corrections by year, territory and version, and no other organism's", async () => {
        for (const [year, territory, version] of [
          [2027, '41091', 1],
          [2026, '41091', 2],
          [2026, '28079', 1],
          [2026, '41091', 1],
        ] as const)
          await stores.calendars.insertCorrection(correction(year, territory, version));
        await stores.calendars.insertCorrection(correction(2026, '41091', 1, B));
        expect((await stores.calendars.corrections(A)).map((c) => [c.dataset.year, c.dataset.territory, c.dataset.version])).toEqual([
          [2026, '28079', 1],
          [2026, '41091', 1],
          [2026, '41091', 2],
          [2027, '41091', 1],
        ]);
        expect(await stores.calendars.corrections(B)).toEqual([correction(2026, '41091', 1, B)]);
      });

      it('refuses a second correction with the same organism, year, territory and version', async () => {
        await stores.calendars.insertCorrection(correction(2026, '41091', 1));
        expect(await stores.calendars.insertCorrection({ ...correction(2026, '41091', 1), proposedBy: luis })).toBe(false);
        expect(await stores.calendars.corrections(A)).toEqual([correction(2026, '41091', 1)]);
      });

      it('approves a draft once, and answers false for a verified or unknown version without changing it', async () => {
        const draft = correction(2026, '41091', 1);
        await stores.calendars.insertCorrection(draft);
        expect(await stores.calendars.lockCorrection(A, 2026, '41091', 1)).toEqual(draft);
        const first = approved(draft, luis, new Date('2026-01-13T09:00:00Z'));
        expect(await stores.calendars.approveCorrection(first)).toBe(true);
        expect(await stores.calendars.lockCorrection(A, 2026, '41091', 1)).toEqual(first);
        expect(await stores.calendars.approveCorrection(approved(draft, ana, new Date('2026-01-14T09:00:00Z')))).toBe(false);
        expect(await stores.calendars.lockCorrection(A, 2026, '41091', 1)).toEqual(first);
        expect(await stores.calendars.approveCorrection(approved(correction(2026, '41091', 9), luis, now))).toBe(false);
        expect(await stores.calendars.lockCorrection(A, 2026, '41091', 9)).toBeNull();
        expect(await stores.calendars.lockCorrection(B, 2026, '41091', 1)).toBeNull();
      });
    });

    describe('notices', () => {
      const notice = (noticeId: string, organism: string, recipients: { users?: string[]; roles?: string[] }, createdAt: string): NoticeRecord => ({
        noticeId,
        organism,
        fileCode: `EXP-${noticeId}`,
        kind: 'PLAZO_EXPIRED',
        message: `Aviso ${noticeId}`,
        recipientUsers: recipients.users ?? [],
        recipientRoles: recipients.roles ?? [],
        createdAt: new Date(createdAt),
      });
      const byName = notice('n-name', A, { users: ['ana'] }, '2026-06-01T08:00:00Z');
      const byRole = notice('n-role', A, { roles: ['jefe'] }, '2026-06-01T10:00:00Z');
      const otherOrganismRole = notice('n-role-b', B, { roles: ['jefe'] }, '2026-06-01T09:00:00Z');
      const otherOrganismName = notice('n-name-b', B, { users: ['ana'] }, '2026-06-01T11:00:00Z');
      const someoneElse = notice('n-other', A, { users: ['luis'], roles: ['consulta'] }, '2026-06-01T12:00:00Z');
      const reader = (username: string, organisms: Record<string, string[]>): InboxReader => ({
        username,
        organisms: Object.entries(organisms).map(([organism, roles]) => ({ organism, roles })),
      });
      const anaJefeOfA = reader('ana', { [A]: ['jefe'] });
      const seen = async (who: InboxReader, limit = 10) =>
        (await stores.notices.forReader(who, limit)).map(({ notice, readAt }) => [notice.noticeId, readAt?.toISOString() ?? null]);

      beforeEach(async () => {
        for (const each of [byName, byRole, otherOrganismRole, otherOrganismName, someoneElse]) await stores.notices.insert(each);
      });

      it("shows a reader the notices addressed to their name or to a role they hold in that notice's organism, newest first", async () => {
        expect(await stores.notices.forReader(anaJefeOfA, 10)).toEqual([
          { notice: byRole, readAt: null },
          { notice: byName, readAt: null },
        ]);
        expect(await seen(anaJefeOfA, 1)).toEqual([['n-role', null]]);
        // Being jefe of B shows B's notices to jefes, and those to her name in B; not A's.
        expect(await seen(reader('ana', { [B]: ['jefe'] }))).toEqual([
          ['n-name-b', null],
          ['n-role-b', null],
        ]);
        expect(await seen(reader('pepe', { [A]: ['jefe'], [B]: ['consulta'] }))).toEqual([['n-role', null]]);
      });

      it('shows a reader with no organisms nothing, and lets them mark nothing read', async () => {
        const outsider = reader('ana', {});
        expect(await stores.notices.forReader(outsider, 10)).toEqual([]);
        expect(await stores.notices.markRead('n-name', outsider, now)).toBe(false);
        expect(await seen(anaJefeOfA)).toEqual([
          ['n-role', null],
          ['n-name', null],
        ]);
      });

      it('marks a notice read for that reader only, keeping the first time it was read', async () => {
        const first = new Date('2026-06-02T09:00:00Z');
        expect(await stores.notices.markRead('n-role', anaJefeOfA, first)).toBe(true);
        expect(await stores.notices.markRead('n-role', anaJefeOfA, new Date('2026-06-03T09:00:00Z'))).toBe(true);
        expect(await seen(anaJefeOfA)).toEqual([
          ['n-role', first.toISOString()],
          ['n-name', null],
        ]);
        // Another jefe of A has not read it.
        expect(await seen(reader('pepe', { [A]: ['jefe'] }))).toEqual([['n-role', null]]);
      });

      it('answers false and records nothing when the notice is not the reader’s', async () => {
        expect(await stores.notices.markRead('n-other', anaJefeOfA, now)).toBe(false);
        expect(await stores.notices.markRead('n-role-b', anaJefeOfA, now)).toBe(false);
        expect(await stores.notices.markRead('n-none', anaJefeOfA, now)).toBe(false);
        // Once they are hers (she becomes consulta of A, jefe of B), both are still unread.
        expect(await seen(reader('ana', { [A]: ['consulta'], [B]: ['jefe'] }))).toEqual([
          ['n-other', null],
          ['n-name-b', null],
          ['n-role-b', null],
          ['n-name', null],
        ]);
      });

      it('adds a notice about the organism (no expediente) once: a second one with its id changes nothing', async () => {
        const calendar: NoticeRecord = {
          ...notice('calendar.A.2030', A, { roles: ['admin'] }, '2026-10-01T08:00:00Z'),
          fileCode: null,
          kind: 'CALENDAR_NOT_READY',
        };
        expect(await stores.notices.insertOnce(calendar)).toBe(true);
        expect(await stores.notices.insertOnce({ ...calendar, message: 'Otro texto', createdAt: new Date('2026-10-02T08:00:00Z') })).toBe(false);
        const [only, ...rest] = await stores.notices.forReader(reader('eva', { [A]: ['admin'] }), 10);
        expect(rest).toEqual([]);
        expect(only).toEqual({ notice: calendar, readAt: null });
      });
    });
  });
}

/** What a SQL store adds: the query columns follow the plazo, and concurrent claims skip each other's rows. */
export function sqlLegalTimeStoresContract(name: string, open: () => Promise<SqlLegalTimeStores>, options: { concurrentTransactions: boolean }): void {
  describe(`legal-time stores in SQL: ${name}`, () => {
    let stores: SqlLegalTimeStores;

    beforeEach(async () => {
      stores = await open();
      await stores.addProcess({ processId: 'p-1', organism: A, startedAt: new Date('2026-03-02T08:00:00Z'), finished: false });
    });

    it("keeps a plazo row's end and due status in step with its state: no end while suspended, closed or expired", async () => {
      const endsAt = '2026-07-01T23:59:59.999+02:00';
      await stores.plazos.insert(plazoState('pz-max', { kind: 'MAXIMO' }, running(endsAt)));
      await stores.plazos.insert(plazoState('pz-provisional', {}, running(endsAt, 'PROVISIONAL')));
      await stores.plazos.insert(expired('pz-expired', {}, '2026-03-30T23:59:59.999+02:00'));
      expect(await stores.plazoColumns('pz-max')).toEqual({ state: 'RUNNING', endsAt: new Date(endsAt), dueStatus: 'FINAL' });
      expect(await stores.plazoColumns('pz-provisional')).toEqual({ state: 'RUNNING', endsAt: new Date(endsAt), dueStatus: 'PROVISIONAL' });
      expect(await stores.plazoColumns('pz-expired')).toMatchObject({ state: 'EXPIRED', endsAt: null });

      const plazo = await stores.plazos.lock('pz-max');
      if (!plazo) throw new Error('the plazo was not stored');
      plazo.recompute(suspended, null, now, 'Suspendido.');
      expect(await stores.plazos.update(plazo, 1)).toBe(true);
      expect(await stores.plazoColumns('pz-max')).toEqual({ state: 'SUSPENDED', endsAt: null, dueStatus: null });

      const laterEnd = '2026-07-20T23:59:59.999+02:00';
      plazo.recompute(running(laterEnd), null, now, 'Reanudado.');
      expect(await stores.plazos.update(plazo, 2)).toBe(true);
      expect(await stores.plazoColumns('pz-max')).toEqual({ state: 'RUNNING', endsAt: new Date(laterEnd), dueStatus: 'FINAL' });

      plazo.close(ana, now, 'Resuelto.');
      expect(await stores.plazos.update(plazo, 3)).toBe(true);
      expect(await stores.plazoColumns('pz-max')).toMatchObject({ state: 'CLOSED', endsAt: null });
      expect(await stores.plazoColumns('pz-none')).toBeNull();
    });

    // Registered only where two transactions can overlap (an embedded engine has one connection).
    if (options.concurrentTransactions)
      it('never gives the same expired plazo to two transactions claiming at once', async () => {
        for (const [id, endsAt] of [
          ['pz-1', '2026-04-01T23:59:59.999+02:00'],
          ['pz-2', '2026-04-02T23:59:59.999+02:00'],
          ['pz-3', '2026-04-03T23:59:59.999+02:00'],
        ] as const)
          await stores.plazos.insert(plazoState(id, {}, running(endsAt)));
        // The first holds its claim until the second has claimed. A second that waited for the first's
        // lock would not return: after a while the first commits anyway, and the second then claims pz-1 too.
        let firstClaimed!: () => void;
        let secondClaimed!: () => void;
        const afterFirst = new Promise<void>((resolve) => (firstClaimed = resolve));
        const afterSecond = new Promise<void>((resolve) => (secondClaimed = resolve));
        const first = stores.inTransaction(async (plazos) => {
          const claimed = await plazos.claimExpired(now, 1);
          firstClaimed();
          await Promise.race([afterSecond, setTimeout(5_000)]);
          return ids(claimed);
        });
        const second = stores.inTransaction(async (plazos) => {
          await afterFirst;
          const claimed = await plazos.claimExpired(now, 10);
          secondClaimed();
          return ids(claimed);
        });
        expect(await Promise.all([first, second])).toEqual([['pz-1'], ['pz-2', 'pz-3']]);
        // Both committed: the rows are free again.
        expect(ids(await stores.plazos.claimExpired(now, 10))).toEqual(['pz-1', 'pz-2', 'pz-3']);
      });
  });
}
