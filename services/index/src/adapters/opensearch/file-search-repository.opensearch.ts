import { isDeepStrictEqual } from 'node:util';
import type { FileSearchQuery } from '../../application/file-search-query.ts';
import type { FileSearchPage, FileSearchRepository, IndexStats } from '../../application/file-search-repository.ts';
import type { FileListItem, FileView, PlazoView, ProcessView } from '../../application/projections/views.ts';
import { docPath, OpenSearchError, type OpenSearchClient } from './client.ts';
import {
  filePartOf,
  fileKeyOf,
  listDocumentOf,
  plazoPartOf,
  processPartOf,
  type FilePart,
  type ListDocument,
  type PlazoPart,
  type ProcessPart,
} from './documents.ts';
import { deleteIndices, ensureIndices, type IndexNames } from './indices.ts';
import { listSearchBody } from './search-request.ts';

interface GetResponse<T> {
  found: boolean;
  _seq_no?: number;
  _primary_term?: number;
  _version?: number;
  _source?: T;
}

interface MgetResponse {
  docs: (GetResponse<unknown> & { _index: string; _id: string; error?: unknown })[];
}

interface SearchResponse<T> {
  hits: { total: { value: number; relation: 'eq' | 'gte' }; hits: { _id: string; _source: T; sort?: unknown[] }[] };
}

interface CountResponse {
  count: number;
}

/** What `refresh` a write asks for: `true` makes it visible to searches before the call returns. */
type Refresh = 'true' | 'false';

export interface OpenSearchRepositoryOptions {
  /** Attempts at bringing a list document up to date while other writers change it (default 50). */
  maxAttempts?: number;
}

/**
 * The read model on OpenSearch, for installations whose list outgrows the embedded store. The same
 * three views as the PostgreSQL tables, each in its own index with OpenSearch's external versions
 * (a view is stored only over an older one: the same or a newer version is kept, and the refused
 * write is a no-op), and a list index with one document per expediente joining them, which the
 * list searches. A write stores its view, then rebuilds the list documents that read it from the
 * views as they are then, replacing each only if no other writer replaced it meanwhile
 * (`if_seq_no`); so the list is right whatever order the events come in and however many
 * consumers write at once. Writes are visible to the next search (`refresh=true`).
 *
 * It does not join the consumer's database transaction: every write is idempotent by version, so
 * a message redelivered after its inbox transaction rolled back changes nothing, and one whose
 * list update failed half-way finds its view `pending` and finishes it (see documents.ts).
 */
export class OpenSearchFileSearchRepository implements FileSearchRepository {
  readonly #client: OpenSearchClient;
  readonly #names: IndexNames;
  readonly #maxAttempts: number;

  constructor(client: OpenSearchClient, names: IndexNames, options: OpenSearchRepositoryOptions = {}) {
    this.#client = client;
    this.#names = names;
    this.#maxAttempts = options.maxAttempts ?? 50;
  }

  async fileView(organism: string, code: string): Promise<FileView | null> {
    const part = await this.#get<FilePart>(this.#names.files, fileKeyOf(organism, code));
    if (!part) return null;
    if (part.source.pending)
      await this.#finish(this.#names.files, fileKeyOf(organism, code), part.version, filePartOf(part.source.view, false), [{ organism, code }]);
    return part.source.view;
  }

  async saveFileView(view: FileView): Promise<void> {
    const key = fileKeyOf(view.organism, view.code);
    // Refreshed at once: a process or plazo writer looks this view up by process id (a search).
    if (!(await this.#putVersioned(this.#names.files, key, view.version, filePartOf(view, true), 'true'))) return;
    await this.#finish(this.#names.files, key, view.version, filePartOf(view, false), [{ organism: view.organism, code: view.code }], view.processId);
  }

  async processView(processId: string): Promise<ProcessView | null> {
    const part = await this.#get<ProcessPart>(this.#names.processes, processId);
    if (!part) return null;
    if (part.source.pending) {
      await this.#finish(this.#names.processes, processId, part.version, processPartOf(part.source.view, false), await this.#filesOf(processId), processId);
    }
    return part.source.view;
  }

  async saveProcessView(view: ProcessView): Promise<void> {
    // Refreshed at once: stats() and the reconciliation count and read processes by search.
    if (!(await this.#putVersioned(this.#names.processes, view.processId, view.version, processPartOf(view, true), 'true'))) return;
    await this.#finish(this.#names.processes, view.processId, view.version, processPartOf(view, false), await this.#filesOf(view.processId), view.processId);
  }

  async plazoView(processId: string): Promise<PlazoView | null> {
    const part = await this.#get<PlazoPart>(this.#names.plazos, processId);
    if (!part) return null;
    if (part.source.pending) {
      await this.#finish(this.#names.plazos, processId, part.version, plazoPartOf(part.source.view, false), await this.#filesOf(processId), processId);
    }
    return part.source.view;
  }

  async savePlazoView(view: PlazoView): Promise<void> {
    // Plazos are only read by id (realtime), so their index needs no refresh.
    if (!(await this.#putVersioned(this.#names.plazos, view.processId, view.version, plazoPartOf(view, true), 'false'))) return;
    await this.#finish(this.#names.plazos, view.processId, view.version, plazoPartOf(view, false), await this.#filesOf(view.processId), view.processId);
  }

  /** Views written to OpenSearch always carry their organism (the projection names the default one), so none is ever unowned. */
  async adoptUnowned(_organism: string): Promise<number> {
    return 0;
  }

  async search(query: FileSearchQuery): Promise<FileSearchPage> {
    const { body } = await this.#client.request<SearchResponse<{ item: FileListItem }>>('POST', `/${this.#names.list}/_search`, {
      body: listSearchBody(query),
    });
    return {
      items: body.hits.hits.map((hit) => hit._source.item),
      total: body.hits.total.value,
      totalRelation: body.hits.total.relation,
      page: query.page,
      size: query.size,
    };
  }

  async empty(): Promise<void> {
    await deleteIndices(this.#client, this.#names);
    await ensureIndices(this.#client, this.#names);
  }

  async stats(): Promise<IndexStats> {
    const count = async (index: string, query?: unknown) =>
      (await this.#client.request<CountResponse>('POST', `/${index}/_count`, query ? { body: { query } } : {})).body.count;
    const [files, processes, tombstones] = await Promise.all([
      count(this.#names.files),
      count(this.#names.processes, { term: { status: 'live' } }),
      count(this.#names.processes, { term: { status: 'deleted' } }),
    ]);
    return { files, processes, tombstones };
  }

  /** A document by id, realtime (it sees writes not yet refreshed). */
  async #get<T>(index: string, id: string): Promise<{ source: T; version: number } | null> {
    const { body } = await this.#client.request<GetResponse<T>>('GET', docPath(index, id), { accept: [404] });
    if (!body.found || body._source === undefined) return null;
    return { source: body._source, version: body._version ?? 0 };
  }

  /** Stores a part over an older version only; false when the same or a newer one is stored (a no-op). */
  async #putVersioned(index: string, id: string, version: number, document: unknown, refresh: Refresh): Promise<boolean> {
    const response = await this.#client.request('PUT', docPath(index, id), {
      body: document,
      query: { version, version_type: 'external', refresh },
      accept: [409],
    });
    return response.status !== 409;
  }

  /**
   * Brings the list documents that read a part up to date, then marks the part done. The mark is
   * written at the part's own version (`external_gte`), so it never overwrites a newer view; if a
   * newer one came meanwhile, its writer marks it.
   */
  async #finish(index: string, id: string, version: number, done: unknown, files: FileKey[], processId?: string): Promise<void> {
    for (const file of files) await this.#rebuild(file, processId);
    await this.#client.request('PUT', docPath(index, id), { body: done, query: { version, version_type: 'external_gte', refresh: 'false' }, accept: [409] });
  }

  /** The expedientes whose file view names the process (a search: file views are refreshed as they are written). */
  async #filesOf(processId: string): Promise<FileKey[]> {
    const { body } = await this.#client.request<SearchResponse<Pick<FilePart, 'organism' | 'code'>>>('POST', `/${this.#names.files}/_search`, {
      body: { query: { term: { processId } }, size: 1000, _source: ['organism', 'code'], sort: ['_doc'] },
    });
    return body.hits.hits.map((hit) => ({ organism: hit._source.organism, code: hit._source.code }));
  }

  /**
   * Rebuilds the list document of one expediente from its views. The document is read first and
   * the views after it, and the new document replaces exactly the one read (`if_seq_no`), or is
   * created only if none was there: a writer whose replacement is refused reads again, so the last
   * replacement always follows views read after every earlier one, whatever the interleaving. A
   * document already built from the same versions is left alone.
   */
  async #rebuild(file: FileKey, processIdHint?: string): Promise<void> {
    const id = fileKeyOf(file.organism, file.code);
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt += 1) {
      const { body: current } = await this.#client.request<GetResponse<ListDocument>>('GET', docPath(this.#names.list, id), { accept: [404] });
      const guess = processIdHint ?? current._source?.processId;
      let [filePart, processPart, plazoPart] = await this.#views(id, guess);
      if (!filePart) return;
      if (filePart.processId !== guess) [filePart, processPart, plazoPart] = await this.#views(id, filePart.processId);
      if (!filePart) return;
      const next = listDocumentOf(filePart.view, processPart?.view ?? null, plazoPart?.view ?? null);
      if (current.found && isDeepStrictEqual(current._source, next)) return;
      const condition = current.found ? { if_seq_no: current._seq_no, if_primary_term: current._primary_term } : { op_type: 'create' };
      const written = await this.#client.request('PUT', docPath(this.#names.list, id), { body: next, query: { ...condition, refresh: 'true' }, accept: [409] });
      if (written.status !== 409) return;
      // Another writer replaced it first: read again, after a short, growing, jittered pause.
      await pause(Math.min(50, attempt * 2) * Math.random());
    }
    throw new OpenSearchError(
      `The list entry of ${file.organism}/${file.code} kept changing under other writers: not brought up to date after ${this.#maxAttempts} attempts`,
      409,
      'version_conflict_engine_exception',
    );
  }

  /** The file view and, for `processId`, the process and plazo views, realtime, in one request. */
  async #views(fileId: string, processId: string | undefined): Promise<[FilePart | null, ProcessPart | null, PlazoPart | null]> {
    const docs = [{ _index: this.#names.files, _id: fileId }];
    if (processId !== undefined) docs.push({ _index: this.#names.processes, _id: processId }, { _index: this.#names.plazos, _id: processId });
    const { body } = await this.#client.request<MgetResponse>('POST', '/_mget', { body: { docs } });
    const source = <T>(i: number): T | null => {
      const doc = body.docs[i];
      if (doc?.error) throw new OpenSearchError(`OpenSearch could not read ${doc._index}/${doc._id}: ${JSON.stringify(doc.error)}`, null, null);
      return doc?.found ? (doc._source as T) : null;
    };
    return [source<FilePart>(0), processId === undefined ? null : source<ProcessPart>(1), processId === undefined ? null : source<PlazoPart>(2)];
  }
}

interface FileKey {
  organism: string;
  code: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
