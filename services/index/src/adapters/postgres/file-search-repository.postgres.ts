import { sql, type RawBuilder } from 'kysely';
import type { SqlExecutor } from '@tramita/messaging';
import type { FileSearchQuery, SortField } from '../../application/file-search-query.ts';
import type { FileSearchPage, FileSearchRepository, IndexStats } from '../../application/file-search-repository.ts';
import type { FileListItem, FileView, ProcessView } from '../../application/projections/views.ts';

interface FileRow {
  code: string;
  organism: string;
  process_id: string;
  initial_option_code: string;
  initial_option_name: string;
  description: string;
  created_at: Date | string;
  created_by_username: string;
  created_by_display_name: string;
  updated_at: Date | string;
  version: number;
}

interface ProcessRow {
  process_id: string;
  file_code: string;
  organism: string | null;
  deleted: boolean;
  phase_code: string | null;
  phase_name: string | null;
  finished: boolean;
  started_at: Date | string | null;
  updated_at: Date | string | null;
  version: number;
}

interface ListRow {
  code: string;
  organism: string;
  process_id: string;
  initial_option_code: string;
  initial_option_name: string;
  description: string;
  created_at: Date | string;
  created_by_username: string;
  created_by_display_name: string;
  updated_at: Date | string;
  phase_code: string | null;
  phase_name: string | null;
  finished: boolean | null;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** Text compared accent- and case-insensitively, in code-point order whatever the database's collation. */
const folded = (column: string) => `(lower(unaccent(${column})) collate "C")`;

const SORT_COLUMNS: Record<SortField, string> = {
  code: 'f.code collate "C"',
  createdAt: 'f.created_at',
  updatedAt: 'greatest(f.updated_at, p.updated_at)',
  phase: folded('p.phase_name'),
  initialOption: folded('f.initial_option_name'),
  description: folded('f.description'),
};

/**
 * The read model on PostgreSQL (PGlite embedded, or a server): full text with the 'spanish'
 * configuration over unaccented text, trigram index for partial codes. Build it over the root
 * database for queries, or over the consumer's transaction for writes.
 */
export class PostgresFileSearchRepository implements FileSearchRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async fileView(organism: string, code: string): Promise<FileView | null> {
    const result = await sql<FileRow>`select * from file_view where organism = ${organism} and code = ${code}`.execute(this.#db);
    const row = result.rows[0];
    if (!row) return null;
    return {
      code: row.code,
      organism: row.organism,
      processId: row.process_id,
      initialOption: { code: row.initial_option_code, name: row.initial_option_name },
      description: row.description,
      createdAt: iso(row.created_at),
      createdBy: { username: row.created_by_username, displayName: row.created_by_display_name },
      updatedAt: iso(row.updated_at),
      version: row.version,
    };
  }

  async saveFileView(view: FileView): Promise<void> {
    // The version guard keeps the newest snapshot even if two writers raced past the read.
    await sql`insert into file_view (code, organism, process_id, initial_option_code, initial_option_name, description,
        created_at, created_by_username, created_by_display_name, updated_at, version, search)
      values (${view.code}, ${view.organism}, ${view.processId}, ${view.initialOption.code}, ${view.initialOption.name}, ${view.description},
        ${view.createdAt}::timestamptz, ${view.createdBy.username}, ${view.createdBy.displayName}, ${view.updatedAt}::timestamptz,
        ${view.version}, to_tsvector('spanish', unaccent(${view.code}::text || ' ' || ${view.description}::text)))
      on conflict (organism, code) do update set
        process_id = excluded.process_id,
        initial_option_code = excluded.initial_option_code,
        initial_option_name = excluded.initial_option_name,
        description = excluded.description,
        created_at = excluded.created_at,
        created_by_username = excluded.created_by_username,
        created_by_display_name = excluded.created_by_display_name,
        updated_at = excluded.updated_at,
        version = excluded.version,
        search = excluded.search
      where file_view.version < excluded.version`.execute(this.#db);
  }

  async adoptUnowned(organism: string): Promise<number> {
    const result = await sql`update file_view set organism = ${organism} where organism is null`.execute(this.#db);
    return Number(result.numAffectedRows ?? 0);
  }

  async processView(processId: string): Promise<ProcessView | null> {
    const result = await sql<ProcessRow>`select * from process_view where process_id = ${processId}`.execute(this.#db);
    const row = result.rows[0];
    if (!row) return null;
    if (row.deleted) return { status: 'deleted', processId: row.process_id, fileCode: row.file_code, version: row.version };
    return {
      status: 'live',
      processId: row.process_id,
      fileCode: row.file_code,
      ...(row.organism ? { organism: row.organism } : {}),
      phase: { code: row.phase_code ?? '', name: row.phase_name ?? '' },
      finished: row.finished,
      startedAt: iso(row.started_at ?? new Date(0)),
      updatedAt: iso(row.updated_at ?? new Date(0)),
      version: row.version,
    };
  }

  async saveProcessView(view: ProcessView): Promise<void> {
    const live = view.status === 'live' ? view : null;
    await sql`insert into process_view (process_id, file_code, organism, deleted, phase_code, phase_name, finished, started_at, updated_at, version)
      values (${view.processId}, ${view.fileCode}, ${live?.organism ?? null}, ${live === null}, ${live?.phase.code ?? null}, ${live?.phase.name ?? null},
        ${live?.finished ?? false}, ${live?.startedAt ?? null}::timestamptz, ${live?.updatedAt ?? null}::timestamptz, ${view.version})
      on conflict (process_id) do update set
        file_code = excluded.file_code,
        organism = coalesce(excluded.organism, process_view.organism),
        deleted = excluded.deleted,
        phase_code = excluded.phase_code,
        phase_name = excluded.phase_name,
        finished = excluded.finished,
        started_at = excluded.started_at,
        updated_at = excluded.updated_at,
        version = excluded.version
      where process_view.version < excluded.version`.execute(this.#db);
  }

  async search(query: FileSearchQuery): Promise<FileSearchPage> {
    const where = conditions(query);
    const from = sql`from file_view f left join process_view p on p.process_id = f.process_id and not p.deleted`;
    const whereClause = where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``;
    const direction = query.sort.direction === 'asc' ? 'asc' : 'desc';
    const orderBy = sql.raw(orderClause(query.sort.field, direction));
    // The left join never changes the number of rows: count without it unless a filter needs it.
    const countFrom = query.phases ? from : sql`from file_view f`;
    const counted = await sql<{ total: number }>`select count(*)::int as total ${countFrom} ${whereClause}`.execute(this.#db);
    const rows = await sql<ListRow>`select f.code, f.organism, f.process_id, f.initial_option_code, f.initial_option_name, f.description,
        f.created_at, f.created_by_username, f.created_by_display_name, greatest(f.updated_at, p.updated_at) as updated_at,
        p.phase_code, p.phase_name, p.finished
      ${from} ${whereClause}
      order by ${orderBy}
      limit ${query.size} offset ${(query.page - 1) * query.size}`.execute(this.#db);
    return { items: rows.rows.map(toItem), total: counted.rows[0]?.total ?? 0, page: query.page, size: query.size };
  }

  async stats(): Promise<IndexStats> {
    const result = await sql<IndexStats>`select
        (select count(*)::int from file_view) as files,
        (select count(*)::int from process_view where not deleted) as processes,
        (select count(*)::int from process_view where deleted) as tombstones`.execute(this.#db);
    return result.rows[0] ?? { files: 0, processes: 0, tombstones: 0 };
  }
}

/** Columns that are never null sort without `nulls last` and break ties in the same direction, so an index serves both directions. */
const NOT_NULL_SORTS: ReadonlySet<SortField> = new Set(['code', 'createdAt']);

function orderClause(field: SortField, direction: 'asc' | 'desc'): string {
  // The organism last: the same code may be listed once per organism the caller belongs to.
  if (field === 'code') return `f.code collate "C" ${direction}, f.organism ${direction}`;
  if (NOT_NULL_SORTS.has(field)) return `${SORT_COLUMNS[field]} ${direction}, f.code collate "C" ${direction}, f.organism ${direction}`;
  return `${SORT_COLUMNS[field]} ${direction} nulls last, f.code collate "C" asc, f.organism asc`;
}

function conditions(query: FileSearchQuery): RawBuilder<unknown>[] {
  // Another organism's expedientes are never read, counted or paged (ADR 0013).
  const where: RawBuilder<unknown>[] = query.organisms === 'all' ? [] : [sql`f.organism = any(${[...query.organisms]}::text[])`];
  if (query.text) {
    const codeMatch = sql`lower(f.code) like ${`%${escapeLike(query.text.toLowerCase())}%`}`;
    const tsquery = toTsquery(query.text);
    where.push(tsquery ? sql`(f.search @@ to_tsquery('spanish', unaccent(${tsquery}::text)) or ${codeMatch})` : codeMatch);
  }
  if (query.phases) where.push(sql`p.phase_code in (${sql.join(query.phases)})`);
  if (query.initialOptions) where.push(sql`f.initial_option_code in (${sql.join(query.initialOptions)})`);
  if (query.createdFrom) where.push(sql`f.created_at >= ${query.createdFrom.toISOString()}::timestamptz`);
  if (query.createdBefore) where.push(sql`f.created_at < ${query.createdBefore.toISOString()}::timestamptz`);
  return where;
}

/**
 * `peticion licen` becomes `peticion & licen:*`: every word must match (stemmed, unaccented),
 * the last one as a prefix so results follow the user's typing. Only letters and digits get
 * through, so the text cannot break the tsquery syntax.
 */
export function toTsquery(text: string): string | null {
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ');
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function toItem(row: ListRow): FileListItem {
  const phase = row.phase_code !== null && row.phase_name !== null ? { code: row.phase_code, name: row.phase_name } : null;
  return {
    code: row.code,
    organism: row.organism,
    initialOption: { code: row.initial_option_code, name: row.initial_option_name },
    description: row.description,
    createdAt: iso(row.created_at),
    createdBy: { username: row.created_by_username, displayName: row.created_by_display_name },
    updatedAt: iso(row.updated_at),
    phase,
    finished: row.finished ?? false,
    processId: row.process_id,
  };
}
