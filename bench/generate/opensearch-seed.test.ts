import { describe, expect, it } from 'vitest';
import type { OpenSearchClient, OpenSearchResponse, RequestOptions } from '../../services/index/src/adapters/opensearch/client.ts';
import { fileKeyOf } from '../../services/index/src/adapters/opensearch/documents.ts';
import { indexNamesOf } from '../../services/index/src/adapters/opensearch/indices.ts';
import { BENCH_ORGANISM, generateExpedientes, toIndexRows } from './expedientes.ts';
import { bulkLinesOf, firstBulkError, seedOpenSearch, type BulkResponse } from './opensearch-seed.ts';

const names = indexNamesOf('bench-test');
const rowsOf = (count: number, first = 0) => [...generateExpedientes(count, { seed: 4, first, documentsPerFile: 0 })].map(toIndexRows);

interface Call {
  method: string;
  path: string;
  options: RequestOptions;
}

/** Records every request and answers as a server that has no index yet and accepts every write. */
function recordingClient(bulkAnswer: (lines: unknown[]) => BulkResponse = () => ({ errors: false })) {
  const calls: Call[] = [];
  const client = {
    origin: 'http://test',
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<OpenSearchResponse<T>> {
      calls.push({ method, path, options });
      if (method === 'HEAD') return { status: 404, body: null as T };
      if (path === '/_bulk') return { status: 200, body: bulkAnswer(options.lines ?? []) as T };
      return { status: 200, body: {} as T };
    },
  } as unknown as OpenSearchClient;
  return { client, calls };
}

describe('OpenSearch seeding batches', () => {
  it('gives each expediente its file part, process part and list document, as the adapter stores them', () => {
    const rows = rowsOf(3);
    const lines = bulkLinesOf(names, rows) as Record<string, Record<string, unknown>>[];
    expect(lines).toHaveLength(3 * 6);
    const { file, process } = rows[1]!;
    const [fileAction, filePart, processAction, processPart, listAction, list] = lines.slice(6, 12);
    const key = `${BENCH_ORGANISM}/${file.code}`;
    expect(fileKeyOf(BENCH_ORGANISM, file.code)).toBe(key);
    expect(fileAction).toEqual({ index: { _index: 'bench-test-files', _id: key, version: file.version, version_type: 'external' } });
    expect(filePart).toEqual({ organism: BENCH_ORGANISM, code: file.code, processId: file.processId, pending: false, view: file });
    expect(processAction).toEqual({
      index: { _index: 'bench-test-processes', _id: process.processId, version: process.version, version_type: 'external' },
    });
    expect(processPart).toMatchObject({ processId: process.processId, fileCode: file.code, status: 'live', pending: false, view: process });
    expect(listAction).toEqual({ create: { _index: 'bench-test-list', _id: key } });
    // The list document the searches read: the joined row, its phase, and the text searched.
    expect(list).toMatchObject({
      organism: BENCH_ORGANISM,
      code: file.code,
      processId: file.processId,
      text: `${file.code} ${file.description}`,
      initialOptionCode: file.initialOption.code,
      phaseCode: process.phase.code,
      plazoDue: null,
      parts: { file: file.version, process: process.version, plazo: null },
    });
    expect(list!.item).toMatchObject({ code: file.code, description: file.description, phase: { code: process.phase.code } });
  });

  it('names the first failed item of a bulk answer, and nothing when none failed', () => {
    expect(firstBulkError({ errors: false })).toBeUndefined();
    const failed: BulkResponse = {
      errors: true,
      items: [{ create: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'document already exists', index: 'bench-test-list' } } }],
    };
    expect(firstBulkError(failed)).toBe('create bench-test-list/?: 409 version_conflict_engine_exception document already exists');
  });

  it('creates the indices, loads every expediente in batches with refresh off, then restores refresh and refreshes once', async () => {
    const { client, calls } = recordingClient();
    const progress: number[] = [];
    const seeded = await seedOpenSearch(client, names, 250, { seed: 4, batchSize: 100, concurrency: 2, onProgress: (n) => progress.push(n) });
    expect(seeded.rows).toBe(250);
    const bulks = calls.filter((c) => c.path === '/_bulk');
    expect(bulks.map((c) => (c.options.lines ?? []).length / 6).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    const codes = bulks.flatMap((c) => (c.options.lines as Record<string, Record<string, string>>[]).filter((l) => l.create).map((l) => l.create!._id));
    expect(new Set(codes)).toEqual(new Set(rowsOf(250).map((r) => `${BENCH_ORGANISM}/${r.file.code}`)));
    expect(progress.at(-1)).toBe(250);

    const all = Object.values(names).join(',');
    const order = calls.filter((c) => c.method !== 'HEAD').map((c) => `${c.method} ${c.path}`);
    const created = Object.values(names).map((index) => `PUT /${index}`);
    expect(order.slice(0, 4)).toEqual(created);
    expect(order.slice(4)).toEqual([`PUT /${all}/_settings`, 'POST /_bulk', 'POST /_bulk', 'POST /_bulk', `PUT /${all}/_settings`, `POST /${all}/_refresh`]);
    const settings = calls.filter((c) => c.path.endsWith('/_settings')).map((c) => c.options.body);
    expect(settings).toEqual([{ index: { refresh_interval: '-1' } }, { index: { refresh_interval: null } }]);
  });

  it('stops at a failed item, saying which, and still restores the refresh interval', async () => {
    const { client, calls } = recordingClient(() => ({
      errors: true,
      items: [{ index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad field', index: 'bench-test-files' } } }],
    }));
    await expect(seedOpenSearch(client, names, 10, { batchSize: 10 })).rejects.toThrow(/mapper_parsing_exception bad field/);
    expect(calls.at(-1)).toMatchObject({ method: 'PUT', options: { body: { index: { refresh_interval: null } } } });
  });
});
