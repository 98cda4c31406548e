import { countBound, isUnfiltered, type FileSearchQuery, type SortField } from '../../application/file-search-query.ts';
import type { FileSearchPage, FileSearchRepository, IndexStats } from '../../application/file-search-repository.ts';
import { toFileListItem } from '../../application/projections/file-list-item.ts';
import type { FileListItem, FileView, PlazoView, ProcessView } from '../../application/projections/views.ts';

/** Codes are unique per organism (ADR 0013). */
const keyOf = (organism: string, code: string) => `${organism}\u0000${code}`;

/** Lower case without diacritics, like SQL `lower(unaccent(x))`. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The read model in memory, for unit tests and tiny installations. Text search approximates
 * the PostgreSQL adapter without stemming: every word of `q` must start a word of the code or
 * the description (accents and case ignored), or `q` must occur inside the code.
 */
export class InMemoryFileSearchRepository implements FileSearchRepository {
  readonly #files = new Map<string, FileView>();
  readonly #processes = new Map<string, ProcessView>();
  readonly #plazos = new Map<string, PlazoView>();

  async fileView(organism: string, code: string): Promise<FileView | null> {
    return this.#files.get(keyOf(organism, code)) ?? null;
  }

  async saveFileView(view: FileView): Promise<void> {
    const stored = this.#files.get(keyOf(view.organism, view.code));
    if (!stored || stored.version < view.version) this.#files.set(keyOf(view.organism, view.code), structuredClone(view));
  }

  async processView(processId: string): Promise<ProcessView | null> {
    return this.#processes.get(processId) ?? null;
  }

  async saveProcessView(view: ProcessView): Promise<void> {
    const stored = this.#processes.get(view.processId);
    if (!stored || stored.version < view.version) this.#processes.set(view.processId, structuredClone(view));
  }

  async plazoView(processId: string): Promise<PlazoView | null> {
    return this.#plazos.get(processId) ?? null;
  }

  async savePlazoView(view: PlazoView): Promise<void> {
    const stored = this.#plazos.get(view.processId);
    if (!stored || stored.version < view.version) this.#plazos.set(view.processId, structuredClone(view));
  }

  async search(query: FileSearchQuery): Promise<FileSearchPage> {
    const rows = [...this.#files.values()]
      .filter((file) => matchesFile(file, query))
      .map((file) => toFileListItem(file, this.#processes.get(file.processId) ?? null, this.#plazos.get(file.processId) ?? null))
      .filter((item) => !query.phases || (item.phase !== null && query.phases.includes(item.phase.code)));
    const direction = query.sort.direction === 'asc' ? 1 : -1;
    // Same tie-break as the PostgreSQL adapter: by code, in the sort's direction for never-null fields.
    const tieDirection = query.sort.field === 'code' || query.sort.field === 'createdAt' ? direction : 1;
    rows.sort((a, b) => compareBy(query.sort.field, a, b, direction) || tieDirection * (compareText(a.code, b.code) || compareText(a.organism, b.organism)));
    const start = (query.page - 1) * query.size;
    // Totals as the PostgreSQL adapter reports them: exact unfiltered, a lower bound past countBound.
    const bound = isUnfiltered(query) ? Infinity : countBound(query);
    const total = Math.min(rows.length, bound);
    return { items: rows.slice(start, start + query.size), total, totalRelation: rows.length > bound ? 'gte' : 'eq', page: query.page, size: query.size };
  }

  async empty(): Promise<void> {
    this.#files.clear();
    this.#processes.clear();
    this.#plazos.clear();
  }

  async stats(): Promise<IndexStats> {
    const processes = [...this.#processes.values()];
    return {
      files: this.#files.size,
      processes: processes.filter((p) => p.status === 'live').length,
      tombstones: processes.filter((p) => p.status === 'deleted').length,
    };
  }
}

function matchesFile(file: FileView, query: FileSearchQuery): boolean {
  if (query.organisms !== 'all' && !query.organisms.includes(file.organism)) return false;
  if (query.initialOptions && !query.initialOptions.includes(file.initialOption.code)) return false;
  const created = Date.parse(file.createdAt);
  if (query.createdFrom && created < query.createdFrom.getTime()) return false;
  if (query.createdBefore && created >= query.createdBefore.getTime()) return false;
  if (query.text) {
    const text = fold(query.text);
    if (fold(file.code).includes(text)) return true;
    const words = new Set(
      fold(`${file.code} ${file.description}`)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    );
    const wanted = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return wanted.length > 0 && wanted.every((w) => [...words].some((word) => word.startsWith(w)));
  }
  return true;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The instant a row sorts by under `plazo`: the due date of a running or expired plazo. None is
 * known, or a suspended or closed plazo has nothing due, so those rows sort as having none.
 */
function plazoDue(item: FileListItem): number | null {
  const plazo = item.plazo;
  if (!plazo?.dueAt || (plazo.state !== 'RUNNING' && plazo.state !== 'EXPIRED')) return null;
  return Date.parse(plazo.dueAt);
}

/** Sorts like the SQL adapter: folded text in code-point order, absent phases and plazos last either way. */
function compareBy(field: SortField, a: FileListItem, b: FileListItem, direction: number): number {
  switch (field) {
    case 'code':
      return direction * compareText(a.code, b.code);
    case 'createdAt':
      return direction * (Date.parse(a.createdAt) - Date.parse(b.createdAt));
    case 'updatedAt':
      return direction * (Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
    case 'description':
      return direction * compareText(fold(a.description), fold(b.description));
    case 'initialOption':
      return direction * compareText(fold(a.initialOption.name), fold(b.initialOption.name));
    case 'phase':
      if (a.phase === null || b.phase === null) return a.phase === b.phase ? 0 : a.phase === null ? 1 : -1;
      return direction * compareText(fold(a.phase.name), fold(b.phase.name));
    case 'plazo': {
      const [dueA, dueB] = [plazoDue(a), plazoDue(b)];
      if (dueA === null || dueB === null) return dueA === dueB ? 0 : dueA === null ? 1 : -1;
      return direction * (dueA - dueB);
    }
  }
}
