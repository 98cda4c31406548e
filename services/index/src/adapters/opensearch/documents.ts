import { toFileListItem } from '../../application/projections/file-list-item.ts';
import type { FileListItem, FileView, PlazoView, ProcessView } from '../../application/projections/views.ts';

/**
 * The documents of the read model's indices (see indices.ts). Each part keeps its view whole, and
 * `pending` while the list documents it feeds may not show it yet: set by the write that stores
 * the view, cleared once those list documents were brought up to date. A reader that finds it set
 * (a writer failed between the two, or is still at it) brings them up to date itself.
 */
export interface FilePart {
  organism: string;
  code: string;
  processId: string;
  pending: boolean;
  view: FileView;
}

export interface ProcessPart {
  processId: string;
  fileCode: string;
  /** The organism bpm stated, '' when it stated none (the reconciliation keys orphans by it). */
  organism: string;
  status: ProcessView['status'];
  pending: boolean;
  view: ProcessView;
}

export interface PlazoPart {
  processId: string;
  pending: boolean;
  view: PlazoView;
}

/** The versions of the parts a list document was built from (null: none was stored). */
export interface PartVersions {
  file: number;
  process: number | null;
  plazo: number | null;
}

/** One expediente of the list: its row as served, and the fields it is searched, filtered and sorted by. */
export interface ListDocument {
  organism: string;
  code: string;
  processId: string;
  /** The code and the description, analysed as Spanish words. */
  text: string;
  initialOptionCode: string;
  /** The live process's phase; null (never matched by a phase filter) without one. */
  phaseCode: string | null;
  createdAt: string;
  /** The later of the expediente's and its live process's last change. */
  updatedAt: string;
  phaseSort: string | null;
  initialOptionSort: string;
  descriptionSort: string;
  /** The due instant of a running or expired plazo shown on the row; null sorts last both ways. */
  plazoDue: string | null;
  item: FileListItem;
  parts: PartVersions;
}

/** Sort keys keep this many characters: a keyword holds at most 32 766 bytes, and ties past it go by code. */
export const SORT_KEY_LENGTH = 2_000;

/** Codes are unique per organism (ADR 0013): the id is both, the organism escaped so the first '/' splits them. */
export const fileKeyOf = (organism: string, code: string): string => `${encodeURIComponent(organism)}/${code}`;

export const filePartOf = (view: FileView, pending: boolean): FilePart => ({
  organism: view.organism,
  code: view.code,
  processId: view.processId,
  pending,
  view,
});

export const processPartOf = (view: ProcessView, pending: boolean): ProcessPart => ({
  processId: view.processId,
  fileCode: view.fileCode,
  organism: view.status === 'live' ? (view.organism ?? '') : '',
  status: view.status,
  pending,
  view,
});

export const plazoPartOf = (view: PlazoView, pending: boolean): PlazoPart => ({ processId: view.processId, pending, view });

/**
 * The list document of a file view and whatever is known of its process and plazo: the row the
 * PostgreSQL store's join gives ({@link toFileListItem}), with the values its filters and sorts read.
 */
export function listDocumentOf(file: FileView, process: ProcessView | null, plazo: PlazoView | null): ListDocument {
  const item = toFileListItem(file, process, plazo);
  const shown = item.plazo;
  return {
    organism: file.organism,
    code: file.code,
    processId: file.processId,
    text: `${file.code} ${file.description}`,
    initialOptionCode: file.initialOption.code,
    phaseCode: item.phase?.code ?? null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    phaseSort: item.phase === null ? null : sortKey(item.phase.name),
    initialOptionSort: sortKey(item.initialOption.name),
    descriptionSort: sortKey(item.description),
    // As migration 0006's due_sort: only a running or expired plazo has something due.
    plazoDue: shown && (shown.state === 'RUNNING' || shown.state === 'EXPIRED') ? shown.dueAt : null,
    item,
    parts: {
      file: file.version,
      process: process?.processId === file.processId ? process.version : null,
      plazo: plazo?.processId === file.processId ? plazo.version : null,
    },
  };
}

/** At most SORT_KEY_LENGTH characters, never splitting a surrogate pair. */
export function sortKey(text: string): string {
  if (text.length <= SORT_KEY_LENGTH) return text;
  const cut = text.slice(0, SORT_KEY_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
