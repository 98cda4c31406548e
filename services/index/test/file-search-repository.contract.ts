import { beforeAll, describe, expect, it } from 'vitest';
import { applyFileEvent } from '../src/application/apply-file-event.ts';
import { applyPlazoEvent } from '../src/application/apply-plazo-event.ts';
import { applyProcessEvent } from '../src/application/apply-process-event.ts';
import { parseFileSearchQuery, type FileSearchParams } from '../src/application/file-search-query.ts';
import type { FileSearchRepository } from '../src/application/file-search-repository.ts';
import type { FileSearchQuery } from '../src/application/file-search-query.ts';
import type { FileListItem } from '../src/application/projections/views.ts';
import { fileCreated, fileUpdated, plazoChanged, processAdvanced, processDeleted, processStarted } from './events.ts';

export const DESCRIPTIONS = [
  'Petición de licencia de obras',
  'Solicitud de subvención para rehabilitación',
  'Recurso de reposición contra sanción',
  'Licencia de actividad comercial',
  'Declaración responsable de apertura',
  'Árbol caído en vía pública',
];
export const OPTIONS = [
  { code: 'SEDE', name: 'Sede electrónica' },
  { code: 'DEPT', name: 'A petición departamento' },
  { code: 'REG', name: 'Registro presencial' },
];
export const PHASES = [
  { code: 'INICIO', name: 'Inicio' },
  { code: 'ANALISIS', name: 'Análisis técnico' },
  { code: 'VALIDACION', name: 'Validación' },
];
export const FILE_COUNT = 30;

const pad = (n: number) => String(n).padStart(4, '0');
export const codeOf = (n: number) => `EXP-2024-${pad(n)}`;
/** File n is created on 2024-03-n at 10:00 UTC (11:00 in Madrid). */
export const createdAtOf = (n: number) => `2024-03-${String(n).padStart(2, '0')}T10:00:00.000Z`;

/** The events of the seeded data set: 30 files; every fifth file has no process (yet). */
export function seedEvents() {
  const events = [];
  for (let n = 1; n <= FILE_COUNT; n++) {
    const processId = `proc-${n}`;
    events.push(
      fileCreated({
        code: codeOf(n),
        processId,
        description: `${DESCRIPTIONS[n % DESCRIPTIONS.length]!} ${n}`,
        initialOption: OPTIONS[n % OPTIONS.length]!,
        createdAt: createdAtOf(n),
        updatedAt: createdAtOf(n),
      }),
    );
    if (n % 5 === 0) continue;
    const started = { processId, fileCode: codeOf(n), startedAt: createdAtOf(n), updatedAt: createdAtOf(n) };
    events.push(processStarted({ ...started, phase: PHASES[0]! }));
    const phase = PHASES[n % PHASES.length]!;
    if (phase.code !== 'INICIO') events.push(processAdvanced({ ...started, phase, updatedAt: `2024-04-${String(n).padStart(2, '0')}T12:00:00.000Z` }));
  }
  return [...events, ...seedPlazos()];
}

/** The maximum plazo of file n (art. 21 Ley 39/2015), as bpm publishes it. */
const plazoOf = (n: number, o: Parameters<typeof plazoChanged>[0] = {}) =>
  plazoChanged({ processId: `proc-${n}`, fileCode: codeOf(n), plazoId: `plazo-${n}`, nearFrom: null, ...o });
const due = (day: string) => `2024-${day}T21:59:59.999Z`;

/**
 * Plazos of some files, with a redelivery, a stale version, a suspended and a closed plazo, one of
 * another organism and one whose process is not known (file 10). In due order: 2 (expired), 4, 7,
 * then 1 and 8 (same instant, by code); the others have none that counts.
 */
export function seedPlazos() {
  return [
    plazoOf(1, { dueAt: due('06-20') }),
    plazoOf(2, { state: 'EXPIRED', dueAt: due('06-01') }),
    plazoOf(3, { state: 'SUSPENDED', dueAt: null, dueStatus: null, version: 2 }),
    plazoOf(4, { dueAt: due('06-10'), version: 2 }),
    plazoOf(4, { dueAt: due('06-30'), version: 1 }),
    plazoOf(6, { state: 'CLOSED', dueAt: due('05-01') }),
    plazoOf(7, { dueAt: due('06-15'), nearFrom: '2024-06-11T22:00:00.000Z', dueStatus: 'PROVISIONAL' }),
    plazoOf(7, { dueAt: due('06-15'), nearFrom: '2024-06-11T22:00:00.000Z', dueStatus: 'PROVISIONAL' }),
    plazoOf(8, { dueAt: due('06-20') }),
    plazoOf(9, { dueAt: due('05-15'), organism: 'A01002820' }),
    plazoOf(10, { dueAt: due('05-20') }),
  ];
}

const ORGANISM = 'E00000000';
/** A query over every organism (the organism filter has its own test). */
const everyOrganism = (query: Omit<FileSearchQuery, 'organisms'>): FileSearchQuery => ({ ...query, organisms: 'all' });

/** Search, filter, sort and paging behaviour every FileSearchRepository adapter must have. */
export function fileSearchRepositoryContract(name: string, create: () => Promise<FileSearchRepository>) {
  describe(`${name} file search repository`, () => {
    let repository: FileSearchRepository;
    const search = (params: FileSearchParams) => repository.search(everyOrganism(parseFileSearchQuery({ size: '100', ...params }, 'Europe/Madrid')));
    const codes = (items: FileListItem[]) => items.map((i) => i.code);

    beforeAll(async () => {
      repository = await create();
      for (const event of seedEvents()) {
        if (event.type === 'FileCreated' || event.type === 'FileUpdated') await applyFileEvent(repository, event, ORGANISM);
        else if (event.type === 'PlazoChanged') await applyPlazoEvent(repository, event);
        else await applyProcessEvent(repository, event);
      }
    });

    it('pages with the real total, newest first by default', async () => {
      const pages: FileListItem[] = [];
      for (let page = 1; page <= 5; page++) {
        const result = await repository.search(everyOrganism(parseFileSearchQuery({ page: String(page), size: '7' }, 'UTC')));
        expect(result).toMatchObject({ total: FILE_COUNT, page, size: 7 });
        pages.push(...result.items);
      }
      expect(pages).toHaveLength(FILE_COUNT);
      expect(codes(pages)).toEqual(Array.from({ length: FILE_COUNT }, (_, i) => codeOf(FILE_COUNT - i)));
      const beyond = await repository.search(everyOrganism(parseFileSearchQuery({ page: '6', size: '7' }, 'UTC')));
      expect(beyond).toMatchObject({ items: [], total: FILE_COUNT });
    });

    it('returns complete rows: phase, option, author, last change', async () => {
      const { items } = await search({ q: codeOf(7) });
      expect(items).toEqual([
        {
          code: codeOf(7),
          organism: ORGANISM,
          initialOption: OPTIONS[1],
          description: `${DESCRIPTIONS[1]!} 7`,
          createdAt: createdAtOf(7),
          createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
          updatedAt: '2024-04-07T12:00:00.000Z',
          phase: PHASES[1],
          finished: false,
          processId: 'proc-7',
          plazo: { state: 'RUNNING', dueAt: '2024-06-15T21:59:59.999Z', nearFrom: '2024-06-11T22:00:00.000Z', dueStatus: 'PROVISIONAL' },
        },
      ]);
      expect((await search({ q: codeOf(5) })).items[0]).toMatchObject({ phase: null, finished: false, plazo: null });
    });

    it('finds "Petición" when searching "peticion", in any case', async () => {
      const expected = Array.from({ length: FILE_COUNT }, (_, i) => i + 1).filter((n) => n % DESCRIPTIONS.length === 0);
      for (const q of ['peticion', 'PETICIÓN', 'Petición']) {
        const result = await search({ q, sort: 'code' });
        expect(codes(result.items)).toEqual(expected.map(codeOf));
        expect(result.total).toBe(expected.length);
      }
    });

    it('matches the last word as a prefix and needs every word', async () => {
      const licencia = await search({ q: 'licen' });
      expect(licencia.total).toBe(10); // "licencia de obras" and "licencia de actividad"
      const obras = await search({ q: 'licencia obr' });
      expect(obras.total).toBe(5);
      expect(obras.items.every((i) => i.description.startsWith('Petición de licencia de obras'))).toBe(true);
      expect((await search({ q: 'arbol caido' })).total).toBe(5);
    });

    it('matches part of a code, case-insensitively', async () => {
      expect(codes((await search({ q: '0012' })).items)).toEqual([codeOf(12)]);
      expect((await search({ q: 'exp-2024-001', sort: 'code' })).items.map((i) => i.code)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map(codeOf));
    });

    it('treats LIKE wildcards in the text literally', async () => {
      expect((await search({ q: '%' })).total).toBe(0);
      expect((await search({ q: '_' })).total).toBe(0);
    });

    it('filters by phase (any of a list); files without a process never match', async () => {
      const analysis = await search({ phase: 'ANALISIS', sort: 'code' });
      const expected = Array.from({ length: FILE_COUNT }, (_, i) => i + 1).filter((n) => n % 5 !== 0 && n % 3 === 1);
      expect(codes(analysis.items)).toEqual(expected.map(codeOf));
      const either = await search({ phase: 'ANALISIS,VALIDACION' });
      expect(either.total).toBe(expected.length + Array.from({ length: FILE_COUNT }, (_, i) => i + 1).filter((n) => n % 5 !== 0 && n % 3 === 2).length);
      expect(either.items.every((i) => i.phase?.code === 'ANALISIS' || i.phase?.code === 'VALIDACION')).toBe(true);
    });

    it('filters by initial option', async () => {
      const result = await search({ initialOption: ['SEDE', 'REG'] });
      expect(result.total).toBe(20);
      expect(result.items.every((i) => i.initialOption.code !== 'DEPT')).toBe(true);
    });

    it('filters by creation date, whole days inclusive', async () => {
      const result = await search({ from: '2024-03-05', to: '2024-03-09', sort: 'createdAt' });
      expect(codes(result.items)).toEqual([5, 6, 7, 8, 9].map(codeOf));
      const exact = await search({ from: '2024-03-05T10:00:00Z', to: '2024-03-06T10:00:00Z' });
      expect(exact.total).toBe(2);
      const open = await search({ from: '2024-03-29' });
      expect(codes(open.items)).toEqual([30, 29].map(codeOf));
    });

    it('combines text, filters and paging with the total of all matches', async () => {
      const result = await repository.search(
        everyOrganism(parseFileSearchQuery({ q: 'licencia', initialOption: 'SEDE,DEPT', from: '2024-03-01', size: '2', sort: 'code' }, 'Europe/Madrid')),
      );
      const all = Array.from({ length: FILE_COUNT }, (_, i) => i + 1).filter((n) => (n % 6 === 0 || n % 6 === 3) && n % 3 !== 2);
      expect(result.total).toBe(all.length);
      expect(codes(result.items)).toEqual(all.slice(0, 2).map(codeOf));
    });

    it('counts a filtered list exactly up to the tracked number, and reports a lower bound past it (ADR 0018)', async () => {
      const query = (params: FileSearchParams, trackTotalUpTo: number) =>
        repository.search({ ...everyOrganism(parseFileSearchQuery(params, 'UTC')), trackTotalUpTo });
      // Ten expedientes came in through the sede (files 3, 6, … 30).
      expect(await query({ initialOption: 'SEDE', size: '100' }, 1000)).toMatchObject({ total: 10, totalRelation: 'eq' });
      expect(await query({ initialOption: 'SEDE', size: '2' }, 4)).toMatchObject({ total: 4, totalRelation: 'gte' });
      // A page past the tracked number is counted to its end, so it always lies inside the total.
      const third = await query({ initialOption: 'SEDE', size: '2', page: '3' }, 4);
      expect(third).toMatchObject({ total: 6, totalRelation: 'gte' });
      expect(codes(third.items)).toEqual([codeOf(18), codeOf(15)]);
      // The last page reaches the end: exact again.
      expect(await query({ initialOption: 'SEDE', size: '2', page: '5' }, 4)).toMatchObject({ total: 10, totalRelation: 'eq' });
      expect(await query({ q: 'licencia', size: '1' }, 2)).toMatchObject({ total: 2, totalRelation: 'gte' });
      // No filter but the organisms: the kept count, exact whatever the tracked number.
      expect(await query({ size: '2' }, 4)).toMatchObject({ total: FILE_COUNT, totalRelation: 'eq' });
    });

    it('sorts by code, description, option, phase and last change, both ways', async () => {
      expect(codes((await search({ sort: '-code' })).items)[0]).toBe(codeOf(30));
      const byDescription = (await search({ sort: 'description' })).items.map((i) => i.description);
      expect(byDescription[0]).toBe('Árbol caído en vía pública 11'); // accents ignored: "arbol" sorts first
      const byOption = (await search({ sort: 'initialOption,desc' })).items.map((i) => i.initialOption.name);
      expect(byOption[0]).toBe('Sede electrónica');
      expect(byOption.at(-1)).toBe('A petición departamento');
      const byPhase = (await search({ sort: 'phase' })).items;
      expect(byPhase[0]!.phase?.name).toBe('Análisis técnico');
      expect(byPhase.slice(-6).map((i) => i.phase)).toEqual([null, null, null, null, null, null]);
      const byPhaseDesc = (await search({ sort: '-phase' })).items;
      expect(byPhaseDesc[0]!.phase?.name).toBe('Validación');
      expect(byPhaseDesc.at(-1)!.phase).toBeNull();
      const byUpdate = (await search({ sort: '-updatedAt' })).items;
      expect(byUpdate[0]!.updatedAt).toBe('2024-04-29T12:00:00.000Z');
    });

    it('sorts by plazo, due soonest first; rows without one, suspended or closed last, by code', async () => {
      const others = Array.from({ length: FILE_COUNT }, (_, i) => i + 1).filter((n) => ![1, 2, 4, 7, 8].includes(n));
      const ascending = await search({ sort: 'plazo' });
      expect(codes(ascending.items)).toEqual([2, 4, 7, 1, 8, ...others].map(codeOf));
      expect(ascending.items.slice(0, 2).map((i) => i.plazo)).toEqual([
        { state: 'EXPIRED', dueAt: '2024-06-01T21:59:59.999Z', nearFrom: null, dueStatus: 'FINAL' },
        { state: 'RUNNING', dueAt: '2024-06-10T21:59:59.999Z', nearFrom: null, dueStatus: 'FINAL' },
      ]);
      const byCode = new Map(ascending.items.map((i) => [i.code, i]));
      expect(byCode.get(codeOf(3))?.plazo).toEqual({ state: 'SUSPENDED', dueAt: null, nearFrom: null, dueStatus: null });
      expect(byCode.get(codeOf(6))?.plazo).toMatchObject({ state: 'CLOSED' });
      // Another organism's plazo for file 9's process, and file 10's plazo whose process is not known, are not shown.
      expect(byCode.get(codeOf(9))?.plazo).toBeNull();
      expect(byCode.get(codeOf(10))?.plazo).toBeNull();
      expect(codes((await search({ sort: '-plazo' })).items)).toEqual([1, 8, 7, 4, 2, ...others].map(codeOf));
      expect(codes((await search({ sort: 'plazo,desc', phase: 'ANALISIS' })).items)).toEqual([1, 7, 4, 13, 16, 19, 22, 28].map(codeOf));
      const first = await repository.search(everyOrganism(parseFileSearchQuery({ sort: 'plazo', size: '3' }, 'UTC')));
      const second = await repository.search(everyOrganism(parseFileSearchQuery({ sort: 'plazo', size: '3', page: '2' }, 'UTC')));
      expect(codes([...first.items, ...second.items])).toEqual([2, 4, 7, 1, 8, 3].map(codeOf));
      expect(first.total).toBe(FILE_COUNT);
    });

    it('keeps the newest plazo when an older one is saved late', async () => {
      await applyPlazoEvent(repository, plazoOf(8, { dueAt: due('06-25'), version: 3 }));
      const stored = (await repository.plazoView('proc-8'))!;
      expect(stored).toMatchObject({ dueAt: '2024-06-25T21:59:59.999Z', version: 3 });
      await repository.savePlazoView({ ...stored, dueAt: '2024-06-20T21:59:59.999Z', version: 2 });
      expect((await repository.plazoView('proc-8'))?.dueAt).toBe('2024-06-25T21:59:59.999Z');
      expect(await applyPlazoEvent(repository, plazoOf(8, { dueAt: due('06-20'), version: 1 }))).toBe(false);
      expect(codes((await search({ sort: 'plazo', size: '5' })).items)).toEqual([2, 4, 7, 1, 8].map(codeOf));
      await applyPlazoEvent(repository, plazoOf(8, { dueAt: due('06-20'), version: 4 }));
    });

    it('breaks ties by code so pages never overlap', async () => {
      const first = await repository.search(everyOrganism(parseFileSearchQuery({ sort: 'initialOption', size: '4' }, 'UTC')));
      const second = await repository.search(everyOrganism(parseFileSearchQuery({ sort: 'initialOption', size: '4', page: '2' }, 'UTC')));
      // "A petición departamento" (files 1, 4, 7, …) sorts first; equal names go by code.
      expect(codes([...first.items, ...second.items])).toEqual([1, 4, 7, 10, 13, 16, 19, 22].map(codeOf));
    });

    it('keeps the newest view when an older one is saved late', async () => {
      await applyFileEvent(
        repository,
        fileUpdated({ code: codeOf(1), processId: 'proc-1', version: 3, description: 'Versión tres', createdAt: createdAtOf(1) }),
        ORGANISM,
      );
      const older = (await repository.fileView(ORGANISM, codeOf(1)))!;
      await repository.saveFileView({ ...older, version: 2, description: 'Versión dos' });
      expect((await repository.fileView(ORGANISM, codeOf(1)))?.description).toBe('Versión tres');
      expect((await search({ q: 'tres' })).items.map((i) => i.code)).toEqual([codeOf(1)]);
    });

    it('forgets the phase of a deleted process and counts the tombstone', async () => {
      const before = await repository.stats();
      expect(before).toEqual({ files: FILE_COUNT, processes: 24, tombstones: 0 });
      await applyProcessEvent(repository, processDeleted('proc-2', 5, codeOf(2)));
      await applyProcessEvent(repository, processStarted({ processId: 'proc-2', fileCode: codeOf(2) }));
      expect((await search({ q: codeOf(2) })).items[0]).toMatchObject({ phase: null, plazo: null });
      expect(codes((await search({ sort: 'plazo', size: '4' })).items)).toEqual([4, 7, 1, 8].map(codeOf));
      expect(await repository.processView('proc-2')).toEqual({ status: 'deleted', processId: 'proc-2', fileCode: codeOf(2), version: 5 });
      expect(await repository.stats()).toEqual({ files: FILE_COUNT, processes: 23, tombstones: 1 });
    });

    it("lists only the caller's organisms, counting and paging inside them (ADR 0013)", async () => {
      const other = 'A01002820';
      for (const n of [1, 2, 3]) {
        await applyFileEvent(
          repository,
          fileCreated({ code: `AJENO-${n}`, processId: `ajeno-${n}`, organism: other, description: 'Ajeno', createdAt: createdAtOf(n) }),
          ORGANISM,
        );
      }
      const query = (organisms: readonly string[] | 'all', params: FileSearchParams = {}) =>
        repository.search({ ...parseFileSearchQuery({ size: '100', ...params }, 'UTC'), organisms });
      const mine = await query([ORGANISM]);
      expect(mine.total).toBe(FILE_COUNT);
      expect(mine.items.every((item) => item.organism === ORGANISM)).toBe(true);
      const theirs = await query([other], { size: '2' });
      expect(theirs).toMatchObject({ total: 3, size: 2 });
      expect(codes(theirs.items)).toEqual(['AJENO-3', 'AJENO-2']);
      expect((await query([other], { q: codeOf(5) })).total).toBe(0);
      expect((await query([])).total).toBe(0);
      expect((await query('all')).total).toBe(FILE_COUNT + 3);
      expect((await query([ORGANISM, other])).total).toBe(FILE_COUNT + 3);
    });

    it("keeps another organism's expediente with the same code apart: its own view, versions and list entry (ADR 0013)", async () => {
      const other = 'A01002820';
      await applyFileEvent(
        repository,
        fileCreated({ code: codeOf(7), processId: 'other-7', organism: other, description: 'Mismo código, otro organismo', createdAt: createdAtOf(7) }),
        ORGANISM,
      );
      expect((await repository.fileView(other, codeOf(7)))?.description).toBe('Mismo código, otro organismo');
      expect((await repository.fileView(ORGANISM, codeOf(7)))?.description).toBe(`${DESCRIPTIONS[7 % DESCRIPTIONS.length]!} 7`);
      const both = await repository.search({ ...parseFileSearchQuery({ q: codeOf(7), sort: 'code' }, 'UTC'), organisms: [ORGANISM, other] });
      expect(both.items.map((item) => `${item.organism}/${item.code}`)).toEqual([`${other}/${codeOf(7)}`, `${ORGANISM}/${codeOf(7)}`]);
      const mine = await repository.search({ ...parseFileSearchQuery({ q: codeOf(7) }, 'UTC'), organisms: [ORGANISM] });
      expect(mine.items.map((item) => item.processId)).toEqual(['proc-7']);
    });

    // Last: it empties the store the tests above share.
    it('empties every view, tombstone and count, then takes the same events again as new (ADR 0019)', async () => {
      await repository.empty();
      expect(await repository.stats()).toEqual({ files: 0, processes: 0, tombstones: 0 });
      expect(await search({})).toMatchObject({ total: 0, items: [] });
      expect(await repository.fileView(ORGANISM, codeOf(1))).toBeNull();
      expect(await repository.processView('proc-2')).toBeNull();
      expect(await repository.plazoView('proc-4')).toBeNull();
      for (const event of seedEvents()) {
        if (event.type === 'FileCreated' || event.type === 'FileUpdated') await applyFileEvent(repository, event, ORGANISM);
        else if (event.type === 'PlazoChanged') await applyPlazoEvent(repository, event);
        else await applyProcessEvent(repository, event);
      }
      expect(await repository.stats()).toEqual({ files: FILE_COUNT, processes: 24, tombstones: 0 });
      expect((await search({})).total).toBe(FILE_COUNT);
      expect(codes((await search({ sort: 'plazo', size: '5' })).items)).toEqual([2, 4, 7, 1, 8].map(codeOf));
    });
  });
}
