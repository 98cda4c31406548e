import type { OpenSearchClient } from '../../services/index/src/adapters/opensearch/client.ts';
import { filePartOf, fileKeyOf, listDocumentOf, processPartOf } from '../../services/index/src/adapters/opensearch/documents.ts';
import { ensureIndices, type IndexNames } from '../../services/index/src/adapters/opensearch/indices.ts';
import { generateExpedientes, toIndexRows, type SeedOptions } from './expedientes.ts';

/**
 * The generated read model written straight into the index's OpenSearch indices (ADR 0019), the
 * counterpart of `seedIndexDatabase` for `INDEX_STORE=opensearch`: the same expedientes, stored as
 * the adapter stores them once their events were applied (documents.ts builds every document:
 * the file and process parts at their versions, not pending, and the list document joining them).
 * Through `_bulk` in batches, with the indices' refresh turned off while loading and one refresh
 * at the end, so searches see all of them when this returns.
 */

type IndexRows = ReturnType<typeof toIndexRows>;

/** The `_bulk` lines of a batch: for each expediente its file part, process part and list document (an action line, then the document). */
export function bulkLinesOf(names: IndexNames, rows: readonly IndexRows[]): unknown[] {
  const lines: unknown[] = [];
  for (const { file, process } of rows) {
    const key = fileKeyOf(file.organism, file.code);
    // External versions, as the adapter's writes: a consumer's later event of the same version is a no-op.
    lines.push({ index: { _index: names.files, _id: key, version: file.version, version_type: 'external' } }, filePartOf(file, false));
    lines.push(
      { index: { _index: names.processes, _id: process.processId, version: process.version, version_type: 'external' } },
      processPartOf(process, false),
    );
    lines.push({ create: { _index: names.list, _id: key } }, listDocumentOf(file, process, null));
  }
  return lines;
}

/** A `_bulk` answer filtered to its errors (`filter_path`): items that succeeded are left out. */
export interface BulkResponse {
  errors: boolean;
  items?: Record<string, { error?: { type?: string; reason?: string; index?: string }; status?: number; _id?: string }>[];
}

/** The first failed item of a `_bulk` answer, as a sentence (undefined when every item succeeded). */
export function firstBulkError(response: BulkResponse): string | undefined {
  if (!response.errors) return undefined;
  for (const item of response.items ?? []) {
    for (const [action, result] of Object.entries(item)) {
      if (result.error)
        return `${action} ${result.error.index ?? '?'}/${result._id ?? '?'}: ${result.status ?? '?'} ${result.error.type ?? ''} ${result.error.reason ?? ''}`.trim();
    }
  }
  return 'the _bulk answer says errors but names no failed item';
}

export interface OpenSearchSeedOptions extends SeedOptions {
  /** Bulk requests in flight at once (default 2). */
  concurrency?: number;
}

/**
 * Writes `count` expedientes into the indices `names` (created first with the adapter's
 * definitions if missing), `batchSize` expedientes (three documents each) per `_bulk` request.
 */
export async function seedOpenSearch(
  client: OpenSearchClient,
  names: IndexNames,
  count: number,
  options: OpenSearchSeedOptions = {},
): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  const first = options.first ?? 0;
  const indices = Object.values(names).join(',');
  await ensureIndices(client, names);
  await client.request('PUT', `/${indices}/_settings`, { body: { index: { refresh_interval: '-1' } } });
  try {
    const starts: number[] = [];
    for (let from = first; from < first + count; from += batchSize) starts.push(from);
    let next = 0;
    let done = 0;
    const worker = async () => {
      for (let i = next++; i < starts.length; i = next++) {
        const from = starts[i]!;
        const rows = [...generateExpedientes(Math.min(batchSize, first + count - from), { ...options, first: from, documentsPerFile: 0 })].map(toIndexRows);
        const { body } = await client.request<BulkResponse>('POST', '/_bulk', {
          lines: bulkLinesOf(names, rows),
          query: { filter_path: 'errors,items.*.error' },
        });
        const problem = firstBulkError(body);
        if (problem) throw new Error(`seeding OpenSearch: ${problem}`);
        done += rows.length;
        options.onProgress?.(done);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  } finally {
    // Back to the indices' default refresh, then one refresh: every document visible to searches.
    await client.request('PUT', `/${indices}/_settings`, { body: { index: { refresh_interval: null } } });
  }
  await client.request('POST', `/${indices}/_refresh`);
  return { rows: count, ms: performance.now() - started };
}
