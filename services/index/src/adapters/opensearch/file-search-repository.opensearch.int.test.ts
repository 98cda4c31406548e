import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexReconciliationRow } from '@tramita/contracts';
import { messagingMigrations } from '@tramita/messaging';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { applyFileEvent } from '../../application/apply-file-event.ts';
import { applyPlazoEvent } from '../../application/apply-plazo-event.ts';
import { applyProcessEvent } from '../../application/apply-process-event.ts';
import {
  MAX_PAGE,
  MAX_PAGE_SIZE,
  parseFileSearchQuery,
  SORT_FIELDS,
  type FileSearchParams,
  type FileSearchQuery,
} from '../../application/file-search-query.ts';
import type { FileSearchRepository } from '../../application/file-search-repository.ts';
import type { FileEvent } from '../../application/projections/file-view.projection.ts';
import type { PlazoEvent } from '../../application/projections/plazo-view.projection.ts';
import type { ProcessEvent } from '../../application/projections/process-view.projection.ts';
import { fileSearchRepositoryContract, seedEvents } from '../../../test/file-search-repository.contract.ts';
import { fileCreated, fileUpdated, permutations, plazoChanged, processAdvanced, processDeleted, processStarted, shuffled } from '../../../test/events.ts';
import { InMemoryFileSearchRepository } from '../in-memory/file-search-repository.in-memory.ts';
import { PostgresFileSearchRepository } from '../postgres/file-search-repository.postgres.ts';
import { indexMigrations } from '../postgres/migrations.ts';
import { readIndexReconciliation } from '../postgres/reconciliation.postgres.ts';
import { docPath, OpenSearchClient, type OpenSearchResponse, type RequestOptions } from './client.ts';
import { fileKeyOf, filePartOf, listDocumentOf, plazoPartOf, processPartOf } from './documents.ts';
import { deleteIndices, ensureIndices, indexNamesOf, type IndexNames } from './indices.ts';
import { OpenSearchFileSearchRepository } from './file-search-repository.opensearch.ts';
import { readOpenSearchIndexReconciliation } from './reconciliation.opensearch.ts';

/**
 * The shared contract and what is OpenSearch's own, against a real server, each repository on
 * fresh indices named for the run (deleted afterwards). Start one with
 * `bash scripts/infra/opensearch.sh start` and set OPENSEARCH_URL to `opensearch.sh url`.
 */
const url = process.env.OPENSEARCH_URL;
const ORGANISM = 'E00000000';
const OTHER = 'A01002820';
const created: IndexNames[] = [];
const databases: Database<unknown>[] = [];
const client = () => new OpenSearchClient(url!);

async function freshIndices(): Promise<IndexNames> {
  const names = indexNamesOf(`tramita-test-${randomUUID().slice(0, 8)}`);
  created.push(names);
  await ensureIndices(client(), names);
  return names;
}

async function freshRepository(): Promise<OpenSearchFileSearchRepository> {
  return new OpenSearchFileSearchRepository(client(), await freshIndices());
}

async function freshPostgres(): Promise<{ repository: PostgresFileSearchRepository; db: Database<unknown>['db'] }> {
  const database = await openDatabase<unknown>({ kind: 'memory' });
  databases.push(database);
  await migrate(database.db, [messagingMigrations, indexMigrations]);
  return { repository: new PostgresFileSearchRepository(database.db), db: database.db };
}

type AnyEvent = FileEvent | ProcessEvent | PlazoEvent;

async function apply(repository: FileSearchRepository, event: AnyEvent): Promise<void> {
  if (event.type === 'FileCreated' || event.type === 'FileUpdated') await applyFileEvent(repository, event, ORGANISM);
  else if (event.type === 'PlazoChanged') await applyPlazoEvent(repository, event);
  else await applyProcessEvent(repository, event);
}

const everyOrganism = (params: FileSearchParams, organisms: FileSearchQuery['organisms'] = 'all'): FileSearchQuery => ({
  ...parseFileSearchQuery({ size: '100', ...params }, 'Europe/Madrid'),
  organisms,
});

afterAll(async () => {
  if (url) for (const names of created) await deleteIndices(client(), names);
  for (const database of databases) await database.close();
});

describe.skipIf(!url)('OpenSearch read model', () => {
  fileSearchRepositoryContract('OpenSearch', freshRepository);

  /** The events of one expediente n: created, its process started and advanced, a plazo, an edit. */
  const lifeOf = (n: number, organism = ORGANISM): AnyEvent[] => {
    const code = `ORD-${n}`;
    const processId = `ord-proc-${n}`;
    return [
      fileCreated({ code, processId, organism, description: `Petición de licencia ${n}` }),
      processStarted({ processId, fileCode: code, organism }),
      processAdvanced({ processId, fileCode: code, organism, updatedAt: '2024-05-12T10:00:00.000Z' }),
      plazoChanged({ processId, fileCode: code, organism, plazoId: `plazo-${n}`, dueAt: `2024-08-${String(10 + (n % 20)).padStart(2, '0')}T21:59:59.999Z` }),
      fileUpdated({ code, processId, organism, description: `Recurso de alzada ${n}`, updatedAt: '2024-05-13T10:00:00.000Z' }),
    ];
  };

  it('builds the same list row whatever order the file, process and plazo events arrive in', async () => {
    const repository = await freshRepository();
    const oracle = new InMemoryFileSearchRepository();
    // Every order of the first four events of an expediente (24), each expediente its own.
    const orders = permutations([0, 1, 2, 3]);
    for (const [n, order] of orders.entries()) {
      const events = lifeOf(n);
      for (const i of order) await apply(repository, events[i]!);
      for (const event of events.slice(0, 4)) await apply(oracle, event);
    }
    const query = everyOrganism({ sort: 'code' });
    const listed = await repository.search(query);
    expect(listed.total).toBe(orders.length);
    expect(listed.items).toEqual((await oracle.search(query)).items);
    expect(listed.items.every((item) => item.phase?.code === 'ANALISIS' && item.plazo?.state === 'RUNNING')).toBe(true);
  });

  it('ends with the right rows under concurrent writers, two repositories sharing the indices, duplicates and all', async () => {
    const names = await freshIndices();
    const [one, two] = [new OpenSearchFileSearchRepository(client(), names), new OpenSearchFileSearchRepository(client(), names)];
    const oracle = new InMemoryFileSearchRepository();
    const events = Array.from({ length: 12 }, (_, n) => lifeOf(n, n % 4 === 0 ? OTHER : ORGANISM)).flat();
    events.push(processDeleted('ord-proc-3', 9, 'ORD-3'));
    for (const event of events) await apply(oracle, event);
    // Every event once or twice, all at once, half through each repository.
    const arrival = shuffled([...events, ...events.filter((_, i) => i % 3 === 0)], 20240510);
    await Promise.all(arrival.map((event, i) => apply(i % 2 === 0 ? one : two, event)));
    for (const params of [{ sort: 'code' }, { sort: 'plazo' }, { sort: '-updatedAt' }, { q: 'alzada', sort: 'code' }]) {
      expect((await one.search(everyOrganism(params))).items).toEqual((await oracle.search(everyOrganism(params))).items);
    }
    expect((await one.search(everyOrganism({ q: 'ORD-3' }))).items[0]).toMatchObject({ phase: null, plazo: null });
    expect(await one.stats()).toEqual(await oracle.stats());
  });

  it('never lets a writer that read the views before another wrote them replace the newer row (the interleaving is forced)', async () => {
    const names = await freshIndices();
    const paused = new PausingClient(url!);
    const [slow, fast] = [new OpenSearchFileSearchRepository(paused, names), new OpenSearchFileSearchRepository(client(), names)];
    const codes = async (params: FileSearchParams) => (await fast.search(everyOrganism(params))).items;

    // No row yet: the slow writer built one without a process and waits to create it; the fast one creates it with the process.
    const creating = paused.holdNextWrite(`/${names.list}/_doc/`);
    const file = slow.saveFileView({ ...fileView('RACE-1', 'race-1'), description: 'Primera' });
    await creating.reached;
    await fast.saveProcessView(liveProcess('race-1', 'RACE-1', 1, 'VALIDACION'));
    creating.release();
    await file;
    expect(await codes({})).toMatchObject([{ code: 'RACE-1', description: 'Primera', phase: { code: 'VALIDACION' } }]);

    // A row there: the slow writer read it, built the next one from a new description and waits to replace it; the fast one replaces it first.
    const replacing = paused.holdNextWrite(`/${names.list}/_doc/`);
    const edit = slow.saveFileView({ ...fileView('RACE-1', 'race-1'), description: 'Segunda', version: 2 });
    await replacing.reached;
    await fast.savePlazoView(plazoView('race-1', 'RACE-1'));
    replacing.release();
    await edit;
    expect(await codes({})).toMatchObject([{ description: 'Segunda', phase: { code: 'VALIDACION' }, plazo: { state: 'RUNNING' } }]);
  });

  it('keeps the newest view of each part when older ones come late, in its row too', async () => {
    const repository = await freshRepository();
    await repository.saveFileView({ ...fileView('LATE-1', 'late-proc'), version: 3, description: 'Tercera' });
    await repository.saveFileView({ ...fileView('LATE-1', 'late-proc'), version: 2, description: 'Segunda' });
    await repository.saveFileView({ ...fileView('LATE-1', 'late-proc'), version: 3, description: 'Otra tercera' });
    await repository.saveProcessView(liveProcess('late-proc', 'LATE-1', 4, 'VALIDACION'));
    await repository.saveProcessView(liveProcess('late-proc', 'LATE-1', 2, 'INICIO'));
    await repository.savePlazoView({ ...plazoView('late-proc', 'LATE-1'), version: 5, dueAt: '2024-09-01T21:59:59.999Z' });
    await repository.savePlazoView({ ...plazoView('late-proc', 'LATE-1'), version: 1, dueAt: '2024-07-01T21:59:59.999Z' });
    expect((await repository.fileView(ORGANISM, 'LATE-1'))?.description).toBe('Tercera');
    expect(await repository.processView('late-proc')).toMatchObject({ version: 4, phase: { code: 'VALIDACION' } });
    expect((await repository.plazoView('late-proc'))?.version).toBe(5);
    const [row] = (await repository.search(everyOrganism({}))).items;
    expect(row).toMatchObject({ description: 'Tercera', phase: { code: 'VALIDACION' }, plazo: { dueAt: '2024-09-01T21:59:59.999Z' } });
    expect((await repository.search(everyOrganism({ q: 'segunda' }))).total).toBe(0);
  });

  it('finishes the list row of a view stored by a writer that failed before updating it, when the message comes again', async () => {
    const names = await freshIndices();
    const repository = new OpenSearchFileSearchRepository(client(), names);
    await apply(repository, processStarted({ processId: 'half-proc', fileCode: 'HALF-1' }));
    // What a failed writer leaves: the file view stored and pending, no list row.
    const event = fileCreated({ code: 'HALF-1', processId: 'half-proc', description: 'Medio escrito' });
    const view = { ...fileView('HALF-1', 'half-proc'), description: 'Medio escrito' };
    await client().request('PUT', docPath(names.files, fileKeyOf(ORGANISM, 'HALF-1')), {
      body: filePartOf(view, true),
      query: { version: 1, version_type: 'external', refresh: 'true' },
    });
    expect((await repository.search(everyOrganism({}))).total).toBe(0);
    // The redelivered message finds the view stored (nothing to save) and finishes its row.
    expect(await applyFileEvent(repository, event, ORGANISM)).toBe(false);
    expect((await repository.search(everyOrganism({}))).items).toMatchObject([{ code: 'HALF-1', description: 'Medio escrito', phase: { code: 'INICIO' } }]);
    // The same for a process and a plazo view left pending.
    await client().request('PUT', docPath(names.processes, 'half-proc'), {
      body: processPartOf(liveProcess('half-proc', 'HALF-1', 7, 'VALIDACION'), true),
      query: { version: 7, version_type: 'external', refresh: 'true' },
    });
    await client().request('PUT', docPath(names.plazos, 'half-proc'), {
      body: plazoPartOf(plazoView('half-proc', 'HALF-1'), true),
      query: { version: 1, version_type: 'external', refresh: 'true' },
    });
    await repository.processView('half-proc');
    await repository.plazoView('half-proc');
    expect((await repository.search(everyOrganism({}))).items[0]).toMatchObject({ phase: { code: 'VALIDACION' }, plazo: { state: 'RUNNING' } });
  });

  it('folds accents and case, and stems Spanish words, in the text and in the sorts', async () => {
    const repository = await freshRepository();
    const descriptions = ['Petición de licencia', 'PETICIONES urbanísticas', 'Árbol caído', 'arbol Talado', 'Ébano', 'zarza'];
    for (const [n, description] of descriptions.entries()) {
      await apply(repository, fileCreated({ code: `ACC-${n}`, processId: `acc-${n}`, description }));
    }
    const codes = async (params: FileSearchParams) => (await repository.search(everyOrganism({ sort: 'code', ...params }))).items.map((i) => i.code);
    expect(await codes({ q: 'peticion' })).toEqual(['ACC-0', 'ACC-1']);
    expect(await codes({ q: 'PETICIÓN' })).toEqual(['ACC-0', 'ACC-1']);
    expect(await codes({ q: 'urbanistica' })).toEqual(['ACC-1']);
    expect(await codes({ q: 'árbol' })).toEqual(['ACC-2', 'ACC-3']);
    expect(await codes({ q: 'caido' })).toEqual(['ACC-2']);
    expect(await codes({ q: 'acc-' })).toEqual(descriptions.map((_, n) => `ACC-${n}`));
    // Code-point order of the folded text: "arbol caido" < "arbol talado" < "ebano" < "peticion…" < "zarza".
    expect((await repository.search(everyOrganism({ sort: 'description' }))).items.map((i) => i.code)).toEqual([
      'ACC-2',
      'ACC-3',
      'ACC-4',
      'ACC-0',
      'ACC-1',
      'ACC-5',
    ]);
  });

  it("never returns or counts another organism's expedientes, in any search, sort or page", async () => {
    const repository = await freshRepository();
    for (let n = 0; n < 6; n += 1) {
      for (const organism of [ORGANISM, OTHER]) {
        await apply(repository, fileCreated({ code: `ISO-${n}`, processId: `${organism}-iso-${n}`, organism, description: `Licencia ${organism} ${n}` }));
        await apply(repository, processStarted({ processId: `${organism}-iso-${n}`, fileCode: `ISO-${n}`, organism }));
        await apply(repository, plazoChanged({ processId: `${organism}-iso-${n}`, fileCode: `ISO-${n}`, organism, dueAt: '2024-08-01T21:59:59.999Z' }));
      }
    }
    for (const sort of SORT_FIELDS) {
      for (const params of [{ sort }, { sort: `-${sort}` }, { sort, q: 'licencia', size: '2', page: '2' }, { sort, q: OTHER }, { sort, phase: 'INICIO' }]) {
        const page = await repository.search(everyOrganism(params, [ORGANISM]));
        expect(page.items.every((item) => item.organism === ORGANISM)).toBe(true);
        expect(page.total).toBe(params.q === OTHER ? 0 : 6);
      }
    }
    expect((await repository.search(everyOrganism({}, []))).total).toBe(0);
  });

  it('reads pages past 10 000 matches, and the last page the list accepts', async () => {
    const names = await freshIndices();
    const repository = new OpenSearchFileSearchRepository(client(), names);
    // 10 050 list rows written straight to the list index in bulk (the views are not needed to page).
    const lines: unknown[] = [];
    for (let n = 0; n < 10_050; n += 1) {
      const code = `DEEP-${String(n).padStart(5, '0')}`;
      lines.push({ index: { _index: names.list, _id: fileKeyOf(ORGANISM, code) } });
      lines.push(listDocumentOf({ ...fileView(code, `deep-${n}`), description: `Profundo ${n}` }, null, null));
    }
    const { body } = await client().request<{ errors: boolean }>('POST', '/_bulk', { lines, query: { refresh: 'true' } });
    expect(body.errors).toBe(false);
    const deep = await repository.search(everyOrganism({ sort: 'code', page: '101', size: '100' }));
    expect(deep.items.map((i) => i.code)).toEqual(Array.from({ length: 50 }, (_, i) => `DEEP-${String(10_000 + i).padStart(5, '0')}`));
    expect(deep).toMatchObject({ total: 10_050, totalRelation: 'eq' });
    const filtered = await repository.search(everyOrganism({ q: 'profundo', sort: '-code', page: '101', size: '100' }));
    expect(filtered.items.map((i) => i.code)).toEqual(Array.from({ length: 50 }, (_, i) => `DEEP-${String(49 - i).padStart(5, '0')}`));
    expect(filtered).toMatchObject({ total: 10_050, totalRelation: 'eq' });
    expect(await repository.search(everyOrganism({ q: 'profundo', size: '10' }))).toMatchObject({ total: 1_000, totalRelation: 'gte' });
    const last = await repository.search(everyOrganism({ page: String(MAX_PAGE), size: String(MAX_PAGE_SIZE), q: 'profundo' }));
    expect(last).toMatchObject({ items: [], total: 10_050, totalRelation: 'eq' });
  });

  describe("gives the PostgreSQL store's answers for the same events", () => {
    let opensearch: OpenSearchFileSearchRepository;
    let names: IndexNames;
    let postgres: Awaited<ReturnType<typeof freshPostgres>>;

    beforeAll(async () => {
      names = await freshIndices();
      opensearch = new OpenSearchFileSearchRepository(client(), names);
      postgres = await freshPostgres();
      const events: AnyEvent[] = [
        ...seedEvents(),
        ...Array.from({ length: 8 }, (_, n) => lifeOf(n, n % 3 === 0 ? OTHER : ORGANISM)).flat(),
        // Odd codes and words: a wildcard, a LIKE wildcard, a backslash, accents, stop words only.
        fileCreated({ code: 'RARO*1', processId: 'raro-1', description: 'Año 2024: niño & pingüino' }),
        fileCreated({ code: 'RARO_%2', processId: 'raro-2', description: 'de la que el en' }),
        fileCreated({ code: 'RARO\\3', processId: 'raro-3', description: 'Ñandú' }),
        // A process whose file view never came, and one deleted.
        processStarted({ processId: 'orphan-1', fileCode: 'HUERFANO-1', organism: OTHER }),
        processStarted({ processId: 'orphan-2', fileCode: 'HUERFANO-2' }),
        processDeleted('ord-proc-1', 9, 'ORD-1'),
      ];
      for (const event of events) {
        await apply(opensearch, event);
        await apply(postgres.repository, event);
      }
    });

    const queries: FileSearchParams[] = [
      {},
      { size: '7', page: '3' },
      { q: 'licencia' },
      { q: 'licen', size: '3', page: '2' },
      { q: 'peticiones licencias' },
      { q: 'arbol caid' },
      { q: 'exp-2024-00' },
      { q: 'EXP-2024-0007' },
      { q: '0012' },
      { q: '*' },
      { q: '_' },
      { q: '%' },
      { q: '\\' },
      { q: 'raro*' },
      { q: 'niño pingüi' },
      { q: 'nandu' },
      { q: 'de la' },
      { q: 'ord' },
      { phase: 'ANALISIS,VALIDACION' },
      { initialOption: 'SEDE', from: '2024-03-05', to: '2024-03-20' },
      { from: '2024-03-05T10:00:00Z', to: '2024-03-06T10:00:00Z' },
    ];

    it('lists, filters and counts alike', async () => {
      for (const params of queries) {
        for (const organisms of ['all', [ORGANISM], [OTHER]] as const) {
          const query = everyOrganism(params, organisms);
          expect({ params, organisms, page: await opensearch.search(query) }).toEqual({ params, organisms, page: await postgres.repository.search(query) });
        }
      }
    });

    it('sorts alike, every field both ways, page by page', async () => {
      for (const field of SORT_FIELDS) {
        for (const sort of [field, `-${field}`]) {
          for (const params of [{ sort }, { sort, size: '4', page: '2' }, { sort, q: 'licencia', size: '5' }]) {
            const query = everyOrganism(params);
            expect({ sort, page: await opensearch.search(query) }).toEqual({ sort, page: await postgres.repository.search(query) });
          }
        }
      }
    });

    it('counts up to the tracked number alike', async () => {
      for (const trackTotalUpTo of [1, 5, 12]) {
        for (const params of [{ q: 'licencia', size: '2' }, { phase: 'INICIO', size: '3', page: '3' }, { size: '2' }]) {
          const query = { ...everyOrganism(params), trackTotalUpTo };
          expect(await opensearch.search(query)).toEqual(await postgres.repository.search(query));
        }
      }
    });

    it('gives the same reconciliation pages, orphan processes included', async () => {
      for (const limit of [1, 7, 1000]) {
        let after: string | null = null;
        for (let page = 0; page < 100; page += 1) {
          const [fromSearch, fromPostgres]: [IndexReconciliationRow[], IndexReconciliationRow[]] = await Promise.all([
            readOpenSearchIndexReconciliation(client(), names, after, limit),
            readIndexReconciliation(postgres.db, after, limit),
          ]);
          expect(fromSearch).toEqual(fromPostgres);
          if (fromPostgres.length < limit) break;
          after = fromPostgres.at(-1)!.code;
        }
      }
      const all = await readOpenSearchIndexReconciliation(client(), names, null, 1000);
      expect(all.filter((row) => row.fileVersion === null).map((row) => row.code)).toEqual(['/HUERFANO-2', `${OTHER}/HUERFANO-1`]);
    });

    it('gives the same stats', async () => {
      expect(await opensearch.stats()).toEqual(await postgres.repository.stats());
    });
  });
});

/** A client that can hold its next write to a path until told to go on, to force an interleaving of writers. */
class PausingClient extends OpenSearchClient {
  #hold: { prefix: string; reached: () => void; release: Promise<void> } | null = null;

  holdNextWrite(prefix: string): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    this.#hold = { prefix, reached, release: new Promise<void>((resolve) => (release = resolve)) };
    return { reached: reachedPromise, release };
  }

  override async request<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD', path: string, options?: RequestOptions): Promise<OpenSearchResponse<T>> {
    const hold = this.#hold;
    if (hold && method === 'PUT' && path.startsWith(hold.prefix)) {
      this.#hold = null;
      hold.reached();
      await hold.release;
    }
    return super.request<T>(method, path, options);
  }
}

function fileView(code: string, processId: string) {
  return {
    code,
    organism: ORGANISM,
    processId,
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    description: 'x',
    createdAt: '2024-05-10T08:00:00.000Z',
    createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
    updatedAt: '2024-05-10T08:00:00.000Z',
    version: 1,
  };
}

function liveProcess(processId: string, fileCode: string, version: number, phase: string) {
  return {
    status: 'live' as const,
    processId,
    fileCode,
    phase: { code: phase, name: phase },
    finished: false,
    startedAt: '2024-05-10T08:00:00.000Z',
    updatedAt: '2024-05-10T08:00:00.000Z',
    version,
  };
}

function plazoView(processId: string, fileCode: string) {
  return {
    processId,
    fileCode,
    organism: ORGANISM,
    plazoId: `plazo-${processId}`,
    state: 'RUNNING' as const,
    dueAt: '2024-08-01T21:59:59.999Z',
    nearFrom: null,
    dueStatus: 'FINAL' as const,
    version: 1,
  };
}
