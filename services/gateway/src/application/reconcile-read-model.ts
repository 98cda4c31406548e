import type { BpmReconciliationRow, DifferenceKind, FilesReconciliationRow, IndexReconciliationRow, ReconciliationPage } from '@tramita/contracts';

export { DIFFERENCE_KINDS, type DifferenceKind } from '@tramita/contracts';

export interface Difference {
  code: string;
  kind: DifferenceKind;
  /** What each side holds, as compared. */
  detail: string;
}

export interface ReconciliationCounts {
  /** Expedientes in files by status. */
  files: { creating: number; active: number; finished: number };
  /** Live processes in bpm. */
  processes: number;
  /** Read-model rows (codes with a file view or a live process view). */
  readModel: number;
}

export interface ReconciliationResult {
  counts: ReconciliationCounts;
  differences: { total: number; byKind: Partial<Record<DifferenceKind, number>>; sample: Difference[] };
}

/** Reads one page after `after` (null: from the start). */
export type PageReader<T> = (after: string | null) => Promise<ReconciliationPage<T>>;

const encoder = new TextEncoder();
/** PostgreSQL's `collate "C"`: byte order of the UTF-8 encoding. */
export const byteOrder = (a: string, b: string): number => Buffer.compare(encoder.encode(a), encoder.encode(b));

/** Every row of a paged source, in order; refuses a source whose codes do not strictly increase. */
async function* rowsOf<T extends { code: string }>(source: string, read: PageReader<T>): AsyncGenerator<T> {
  let after: string | null = null;
  let previous: string | null = null;
  for (;;) {
    const page = await read(after);
    for (const row of page.items) {
      if (previous !== null && byteOrder(previous, row.code) >= 0) {
        throw new Error(`The ${source} reconciliation pages are not in strictly increasing code order ("${previous}" then "${row.code}").`);
      }
      previous = row.code;
      yield row;
    }
    if (page.next === null || page.items.length === 0) return;
    after = page.next;
  }
}

class Cursor<T extends { code: string }> {
  readonly #rows: AsyncGenerator<T>;
  head: T | undefined;
  constructor(rows: AsyncGenerator<T>) {
    this.#rows = rows;
  }
  async advance(): Promise<void> {
    const next = await this.#rows.next();
    this.head = next.done ? undefined : next.value;
  }
  /** The head if it has `code`, consuming it. */
  async take(code: string): Promise<T | undefined> {
    if (this.head?.code !== code) return undefined;
    const row = this.head;
    await this.advance();
    return row;
  }
}

/** What one code looks like on each side; undefined where a side has nothing. */
export interface CodeState {
  code: string;
  file?: FilesReconciliationRow;
  process?: BpmReconciliationRow;
  view?: IndexReconciliationRow;
}

/** The disagreements about one code (pure: see the kinds above). */
export function compareCode({ code, file, process, view }: CodeState): Difference[] {
  const out: Difference[] = [];
  const add = (kind: DifferenceKind, detail: string) => out.push({ code, kind, detail });
  const settled = file !== undefined && file.status !== 'creating' ? file : undefined;
  if (file?.status === 'creating') add('reservation-open', `files holds the code reserved by a create saga (version ${file.version})`);

  // Expediente: files (settled) against the read model's file view.
  const viewVersion = view?.fileVersion ?? null;
  if (settled && viewVersion === null) add('read-model-missing', `files has version ${settled.version}; the read model has no file view`);
  else if (settled && viewVersion !== null && viewVersion < settled.version)
    add('read-model-behind', `files has version ${settled.version}; the read model ${viewVersion}`);
  else if (settled && viewVersion !== null && viewVersion > settled.version)
    add('read-model-ahead', `files has version ${settled.version}; the read model ${viewVersion}`);
  else if (!settled && viewVersion !== null)
    add('read-model-orphan', `the read model lists version ${viewVersion}; files has ${file ? 'only a reservation' : 'nothing'}`);

  // Process: bpm against the read model's live process view.
  const viewProcess = view?.processVersion ?? null;
  if (process && viewProcess === null && settled) add('read-model-process-missing', `bpm has process version ${process.version}; the read model has none`);
  else if (process && viewProcess !== null && viewProcess < process.version)
    add('read-model-process-behind', `bpm has process version ${process.version}; the read model ${viewProcess}`);
  else if (process && viewProcess !== null && viewProcess > process.version)
    add('read-model-process-ahead', `bpm has process version ${process.version}; the read model ${viewProcess}`);
  else if (process && viewProcess === process.version && view?.phase !== process.phase)
    add('read-model-phase-mismatch', `bpm says ${process.phase} at version ${process.version}; the read model ${view?.phase ?? 'nothing'}`);
  else if (!process && viewProcess !== null) add('read-model-process-orphan', `the read model has process version ${viewProcess}; bpm has no live process`);

  // The write side against itself: files follows bpm's process.
  if (settled && !process) add('file-without-process', `files has the expediente (process ${settled.processId}); bpm has no live process`);
  if (process && !file) add('process-without-file', `bpm has process ${process.processId}; files has no expediente`);
  if (settled && process) {
    if (settled.processId !== process.processId) add('process-id-mismatch', `files points to process ${settled.processId}; bpm has ${process.processId}`);
    else if (settled.processVersion < process.version)
      add('files-behind-bpm', `bpm has process version ${process.version}; files applied ${settled.processVersion}`);
    else if (settled.processVersion > process.version)
      add('files-ahead-of-bpm', `bpm has process version ${process.version}; files applied ${settled.processVersion}`);
    else if (settled.phase !== process.phase) add('files-phase-mismatch', `bpm says ${process.phase}; files says ${settled.phase ?? 'nothing'}`);
  }
  return out;
}

/**
 * Walks files, bpm and the read model together in code order, page by page (memory stays
 * bounded by the page size however many expedientes there are), and lists the disagreements.
 */
export async function reconcileReadModel(
  sources: { files: PageReader<FilesReconciliationRow>; bpm: PageReader<BpmReconciliationRow>; index: PageReader<IndexReconciliationRow> },
  options: { sampleSize?: number } = {},
): Promise<ReconciliationResult> {
  const sampleSize = options.sampleSize ?? 100;
  const files = new Cursor(rowsOf('files', sources.files));
  const bpm = new Cursor(rowsOf('bpm', sources.bpm));
  const index = new Cursor(rowsOf('index', sources.index));
  await Promise.all([files.advance(), bpm.advance(), index.advance()]);

  const counts: ReconciliationCounts = { files: { creating: 0, active: 0, finished: 0 }, processes: 0, readModel: 0 };
  const byKind: Partial<Record<DifferenceKind, number>> = {};
  const sample: Difference[] = [];
  let total = 0;
  for (;;) {
    const heads = [files.head?.code, bpm.head?.code, index.head?.code].filter((code): code is string => code !== undefined);
    if (heads.length === 0) break;
    const code = heads.reduce((min, next) => (byteOrder(next, min) < 0 ? next : min));
    const [file, process, view] = await Promise.all([files.take(code), bpm.take(code), index.take(code)]);
    if (file) counts.files[file.status] += 1;
    if (process) counts.processes += 1;
    if (view) counts.readModel += 1;
    for (const difference of compareCode({ code, file, process, view })) {
      total += 1;
      byKind[difference.kind] = (byKind[difference.kind] ?? 0) + 1;
      if (sample.length < sampleSize) sample.push(difference);
    }
  }
  return { counts, differences: { total, byKind, sample } };
}
