import { describe, expect, it } from 'vitest';
import { compareIndexStores, indexStoreMarkdown, storeDependent } from './index-store-comparison.ts';
import { buildDocument, Results } from './report.ts';

/** A distributed run whose searches take `searchMs` per round, against a bare round trip of 2 ms. */
function run(indexStore: 'postgres' | 'opensearch', searchMs: number[], seedMs: number) {
  const results = new Results();
  searchMs.forEach((ms, round) => {
    results.baseline('helloLatencyMs', round, 2);
    results.figure('search.broad.p50', { unit: 'ms', description: 'broad', baseline: 'helloLatencyMs' }, round, ms);
    results.figure('lag.p50', { unit: 'ms', description: 'lag', baseline: 'postgresTxMs' }, round, 30);
    results.figure('create.closed.sagasPerSec', { unit: 'sagas/s', description: 'sagas' }, round, 10);
    results.figure('memory.atRest.after.rss.index', { unit: 'MiB', description: 'rss', process: 'index' }, round, indexStore === 'opensearch' ? 150 : 200);
    results.figure('memory.atRest.after.rss.gateway', { unit: 'MiB', description: 'rss', process: 'gateway' }, round, 90);
  });
  results.extra.searchTotals = { broad: 30_000, code: 1 };
  return buildDocument({
    profile: 'quick',
    mode: 'distributed',
    indexStore,
    rounds: searchMs.length,
    startedAt: `${indexStore}-start`,
    durationS: 120,
    settings: {},
    dataset: { indexRows: 100_000, seedMs },
    results,
  });
}

describe('read model stores side by side', () => {
  it('keeps the figures that depend on the store: searches, lag and the index process memory', () => {
    expect(['search.code.p95', 'lag.p99', 'memory.atRest.after.rss.index', 'memory.underLoad.rssPeak.index'].every(storeDependent)).toBe(true);
    expect(['create.closed.sagasPerSec', 'memory.atRest.after.rss.gateway', 'memory.underLoad.rssPeak.total'].some(storeDependent)).toBe(false);
  });

  it('gives each store its medians and ratios, and OpenSearch ÷ PostgreSQL', () => {
    const c = compareIndexStores(run('postgres', [40, 60, 50], 9000), run('opensearch', [10, 12, 8], 20_000));
    expect(c.rows.map((r) => r.figure)).toEqual(['search.broad.p50', 'lag.p50', 'memory.atRest.after.rss.index']);
    const broad = c.rows[0]!;
    expect(broad.postgres).toEqual({ median: 50, min: 40, max: 60, ratio: 25 });
    expect(broad.opensearch).toEqual({ median: 10, min: 8, max: 12, ratio: 5 });
    expect(broad.opensearchToPostgres).toBe(0.2);
    expect(c.runs.map((r) => [r.indexStore, r.variant, r.seedMs])).toEqual([
      ['postgres', 'distributed', 9000],
      ['opensearch', 'distributed-opensearch', 20_000],
    ]);
    expect(c.searchTotals.opensearch).toEqual({ broad: 30_000, code: 1 });

    const text = indexStoreMarkdown(c);
    expect(text).toContain('| search.broad.p50 | ms | 50 (40–60) | 10 (8–12) | 0.2 | helloLatencyMs | 25 | 5 |');
    expect(text).toContain('| memory.atRest.after.rss.index | MiB | 200 (200–200) | 150 (150–150) | 0.75 | — | — | — |');
    expect(text).toContain('opensearch run started opensearch-start (120 s, seeded in 20.0 s');
    expect(text).toContain('OpenSearch broad 30000, code 1.');
  });
});
