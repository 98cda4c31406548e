import { describe, expect, it } from 'vitest';
import type { BpmReconciliationRow, FilesReconciliationRow, IndexReconciliationRow, ReconciliationPage } from '@tramita/contracts';
import { byteOrder, compareCode, reconcileReadModel, type PageReader } from './reconcile-read-model.ts';

const file = (code: string, over: Partial<FilesReconciliationRow> = {}): FilesReconciliationRow => ({
  code,
  status: 'active',
  version: 1,
  processId: `p-${code}`,
  processVersion: 1,
  phase: 'INICIAL',
  ...over,
});
const process = (code: string, over: Partial<BpmReconciliationRow> = {}): BpmReconciliationRow => ({
  code,
  processId: `p-${code}`,
  version: 1,
  phase: 'INICIAL',
  ...over,
});
const view = (code: string, over: Partial<IndexReconciliationRow> = {}): IndexReconciliationRow => ({
  code,
  fileVersion: 1,
  processId: `p-${code}`,
  processVersion: 1,
  phase: 'INICIAL',
  ...over,
});

/** Serves rows (already in order) in pages of `size`, counting the calls. */
function paged<T extends { code: string }>(rows: T[], size = 2): PageReader<T> & { calls: number } {
  const reader = async (after: string | null): Promise<ReconciliationPage<T>> => {
    reader.calls += 1;
    const start = after === null ? 0 : rows.findIndex((row) => row.code === after) + 1;
    const items = rows.slice(start, start + size);
    return { items, next: start + size < rows.length ? (items.at(-1)?.code ?? null) : null };
  };
  reader.calls = 0;
  return reader;
}

const kinds = (state: Parameters<typeof compareCode>[0]) => compareCode(state).map((d) => d.kind);

describe('comparing one code', () => {
  it('finds nothing when every side agrees', () => {
    expect(compareCode({ code: 'A', file: file('A'), process: process('A'), view: view('A') })).toEqual([]);
  });

  it('names each way the read model can disagree with files', () => {
    expect(kinds({ code: 'A', file: file('A'), process: process('A'), view: undefined })).toEqual(['read-model-missing', 'read-model-process-missing']);
    expect(kinds({ code: 'A', file: file('A', { version: 3 }), process: process('A'), view: view('A', { fileVersion: 2 }) })).toEqual(['read-model-behind']);
    expect(kinds({ code: 'A', file: file('A'), process: process('A'), view: view('A', { fileVersion: 4 }) })).toEqual(['read-model-ahead']);
    expect(kinds({ code: 'A', view: view('A', { processVersion: null, phase: null }) })).toEqual(['read-model-orphan']);
  });

  it('names each way the read model can disagree with bpm', () => {
    const files = file('A', { processVersion: 3, phase: 'VALIDADO' });
    const bpm = process('A', { version: 3, phase: 'VALIDADO' });
    expect(kinds({ code: 'A', file: files, process: bpm, view: view('A', { processVersion: 2 }) })).toEqual(['read-model-process-behind']);
    expect(kinds({ code: 'A', file: files, process: bpm, view: view('A', { processVersion: 5 }) })).toEqual(['read-model-process-ahead']);
    expect(kinds({ code: 'A', file: files, process: bpm, view: view('A', { processVersion: 3, phase: 'RECHAZADO' }) })).toEqual(['read-model-phase-mismatch']);
    expect(kinds({ code: 'A', file: file('A'), view: view('A') })).toEqual(['read-model-process-orphan', 'file-without-process']);
  });

  it('checks that files follows bpm', () => {
    expect(kinds({ code: 'A', process: process('A'), view: view('A', { fileVersion: null }) })).toEqual(['process-without-file']);
    expect(kinds({ code: 'A', file: file('A', { processId: 'other' }), process: process('A'), view: view('A') })).toEqual(['process-id-mismatch']);
    expect(kinds({ code: 'A', file: file('A'), process: process('A', { version: 2 }), view: view('A', { processVersion: 2 }) })).toEqual(['files-behind-bpm']);
    expect(kinds({ code: 'A', file: file('A', { processVersion: 2 }), process: process('A'), view: view('A') })).toEqual(['files-ahead-of-bpm']);
    expect(kinds({ code: 'A', file: file('A', { phase: 'VALIDADO' }), process: process('A'), view: view('A') })).toEqual(['files-phase-mismatch']);
  });

  it('reports a reservation, and does not expect a read-model row for it', () => {
    expect(kinds({ code: 'A', file: file('A', { status: 'creating' }), process: process('A') })).toEqual(['reservation-open']);
  });
});

describe('reconciling the read model', () => {
  it('walks three paged sources in byte order and counts, classifies and samples the differences', async () => {
    const files = paged([file('A'), file('B', { status: 'finished', phase: 'FINALIZADO' }), file('C', { status: 'creating' }), file('E', { version: 2 })]);
    const bpm = paged([process('A'), process('B', { phase: 'FINALIZADO' }), process('C'), process('E')]);
    const index = paged([view('A'), view('B', { phase: 'FINALIZADO' }), view('D'), view('E')]);
    const result = await reconcileReadModel({ files, bpm, index }, { sampleSize: 2 });
    expect(result.counts).toEqual({ files: { creating: 1, active: 2, finished: 1 }, processes: 4, readModel: 4 });
    expect(result.differences.byKind).toEqual({ 'reservation-open': 1, 'read-model-orphan': 1, 'read-model-process-orphan': 1, 'read-model-behind': 1 });
    expect(result.differences.total).toBe(4);
    expect(result.differences.sample.map((d) => `${d.code}:${d.kind}`)).toEqual(['C:reservation-open', 'D:read-model-orphan']);
    expect(files.calls).toBe(2);
  });

  it('is clean on empty sources', async () => {
    const empty = paged([]);
    expect(await reconcileReadModel({ files: empty, bpm: paged([]), index: paged([]) })).toEqual({
      counts: { files: { creating: 0, active: 0, finished: 0 }, processes: 0, readModel: 0 },
      differences: { total: 0, byKind: {}, sample: [] },
    });
  });

  it('refuses a source that is not sorted, rather than report false differences', async () => {
    const result = reconcileReadModel({ files: paged([file('B'), file('A')]), bpm: paged([]), index: paged([]) });
    await expect(result).rejects.toThrow(/files reconciliation pages are not in strictly increasing code order/);
  });

  it('orders codes by bytes, as PostgreSQL collate "C" does', () => {
    expect(['b', 'B', 'a-1', 'a.1', 'A'].sort(byteOrder)).toEqual(['A', 'B', 'a-1', 'a.1', 'b']);
  });
});
