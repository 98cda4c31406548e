import { reconciliationKey, splitReconciliationKey, type IndexReconciliationRow } from '@tramita/contracts';
import type { OpenSearchClient } from './client.ts';
import type { FilePart, ProcessPart } from './documents.ts';
import type { IndexNames } from './indices.ts';

interface Hits<T> {
  hits: { hits: { _source: T; sort: string[] }[] };
}

interface MgetResponse<T> {
  docs: { found?: boolean; _source?: T }[];
}

interface Row {
  organism: string;
  code: string;
  row: IndexReconciliationRow;
}

/**
 * The read model per expediente after `after`, as the PostgreSQL store's reconciliation reads it:
 * every file view with the live process it names (if any), and every live process no file view
 * names (keyed by the organism bpm stated, '' if none, and its file code), in byte order of
 * `<organism>/<code>`. Both streams are read from their own index in that order (keywords sort in
 * code-point order, which is UTF-8 byte order) and merged.
 */
export async function readOpenSearchIndexReconciliation(
  client: OpenSearchClient,
  names: IndexNames,
  after: string | null,
  limit: number,
): Promise<IndexReconciliationRow[]> {
  const from = after === null ? null : splitReconciliationKey(after);
  const [files, orphans] = await Promise.all([fileRows(client, names, from, limit), orphanRows(client, names, from, limit)]);
  return [...files, ...orphans]
    .sort((a, b) => compareCodePoints(a.organism, b.organism) || compareCodePoints(a.code, b.code))
    .slice(0, limit)
    .map((r) => r.row);
}

async function fileRows(client: OpenSearchClient, names: IndexNames, from: Key | null, limit: number): Promise<Row[]> {
  const { body } = await client.request<Hits<Pick<FilePart, 'organism' | 'code' | 'processId' | 'view'>>>('POST', `/${names.files}/_search`, {
    body: {
      size: limit,
      sort: [{ organism: 'asc' }, { code: 'asc' }],
      ...(from ? { search_after: [from.organism, from.code] } : {}),
      _source: ['organism', 'code', 'processId', 'view.version'],
    },
  });
  const files = body.hits.hits.map((hit) => hit._source);
  if (files.length === 0) return [];
  const processes = await client.request<MgetResponse<ProcessPart>>('POST', `/${names.processes}/_mget`, {
    body: { ids: files.map((f) => f.processId) },
    query: { _source_includes: 'status,view' },
  });
  return files.map((file, i) => {
    const process = processes.body.docs[i]?._source;
    const live = process?.view.status === 'live' ? process.view : null;
    return {
      organism: file.organism,
      code: file.code,
      row: {
        code: reconciliationKey(file.organism, file.code),
        fileVersion: file.view.version,
        processId: live?.processId ?? file.processId,
        processVersion: live?.version ?? null,
        phase: live?.phase.code ?? null,
      },
    };
  });
}

/** Live processes after `from` whose id no file view names, up to `limit`, reading processes in batches. */
async function orphanRows(client: OpenSearchClient, names: IndexNames, from: Key | null, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  // Processes of the code `from` itself sort after it here (by process id) and are skipped below.
  let cursor: string[] | null = from ? [from.organism, from.code, ''] : null;
  const batch = Math.max(limit, 100);
  while (rows.length < limit) {
    const { body }: { body: Hits<ProcessPart> } = await client.request<Hits<ProcessPart>>('POST', `/${names.processes}/_search`, {
      body: {
        size: batch,
        query: { term: { status: 'live' } },
        // The process id last, so processes of one code page without repeats.
        sort: [{ organism: 'asc' }, { fileCode: 'asc' }, { processId: 'asc' }],
        ...(cursor ? { search_after: cursor } : {}),
        _source: ['processId', 'fileCode', 'organism', 'view'],
      },
    });
    const processes = body.hits.hits;
    if (processes.length === 0) break;
    const named = await namedProcesses(
      client,
      names,
      processes.map((p) => p._source.processId),
    );
    for (const { _source: process } of processes) {
      if (named.has(process.processId) || process.view.status !== 'live') continue;
      if (from && process.organism === from.organism && process.fileCode === from.code) continue;
      rows.push({
        organism: process.organism,
        code: process.fileCode,
        row: {
          code: reconciliationKey(process.organism, process.fileCode),
          fileVersion: null,
          processId: process.processId,
          processVersion: process.view.version,
          phase: process.view.phase.code,
        },
      });
    }
    if (processes.length < batch) break;
    cursor = processes.at(-1)!.sort;
  }
  return rows;
}

/** Which of the process ids a file view names. */
async function namedProcesses(client: OpenSearchClient, names: IndexNames, processIds: string[]): Promise<Set<string>> {
  const { body } = await client.request<{ aggregations: { named: { buckets: { key: string }[] } } }>('POST', `/${names.files}/_search`, {
    body: {
      size: 0,
      query: { terms: { processId: processIds } },
      aggs: { named: { terms: { field: 'processId', size: processIds.length } } },
    },
  });
  return new Set(body.aggregations.named.buckets.map((b) => b.key));
}

interface Key {
  organism: string;
  code: string;
}

/** Byte order of UTF-8 text (code-point order), as PostgreSQL's `collate "C"` compares. */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
