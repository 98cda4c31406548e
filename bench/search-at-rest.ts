import { parseArgs } from 'node:util';
import { messagingMigrations } from '@tramita/messaging';
import { migrate, openDatabase } from '@tramita/platform';
import { OpenSearchClient } from '../services/index/src/adapters/opensearch/client.ts';
import { OpenSearchFileSearchRepository } from '../services/index/src/adapters/opensearch/file-search-repository.opensearch.ts';
import { deleteIndices, indexNamesOf } from '../services/index/src/adapters/opensearch/indices.ts';
import { PostgresFileSearchRepository } from '../services/index/src/adapters/postgres/file-search-repository.postgres.ts';
import { indexMigrations } from '../services/index/src/adapters/postgres/migrations.ts';
import { parseFileSearchQuery } from '../services/index/src/application/file-search-query.ts';
import type { FileSearchRepository } from '../services/index/src/application/file-search-repository.ts';
import { BENCH_ORGANISM, seedIndexDatabase } from './generate/expedientes.ts';
import { seedOpenSearch } from './generate/opensearch-seed.ts';
import { latencySummary } from './lib/stats.ts';
import { searchQuery, SEARCH_KINDS } from './scenarios/scenarios.ts';
import { dropDatabases, openSearchUrl, postgresUrl } from './support/infra.ts';

/**
 * The benchmark's search kinds against the index repository of each store, at rest: no HTTP, no
 * services, no writes while searching (ADR 0018, "Read model on OpenSearch"). Seeds `--rows`
 * generated expedientes into a throwaway database on the local PostgreSQL and into indices of its
 * own on the local OpenSearch (both removed at the end), then runs each kind `--runs` times on
 * each store in turn, the first 5 dropped, and prints p50 / p95 ms and the total found.
 *
 *   node bench/search-at-rest.ts [--rows 100000] [--runs 45]
 */
const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '45' } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
const stamp = Date.now().toString(36);
const databaseName = `tramita_benchatrest${stamp}`;
const database = await openDatabase<unknown>({ kind: 'postgres', url: await postgresUrl(databaseName), poolSize: 2 });
const client = new OpenSearchClient(await openSearchUrl(), { timeoutMs: 300_000 });
const names = indexNamesOf(`bench-atrest-${stamp}`);
try {
  await migrate(database.db, [messagingMigrations, indexMigrations]);
  console.log(`PostgreSQL seeded in ${((await seedIndexDatabase(database.db, rows, { seed: 1 })).ms / 1000).toFixed(1)} s`);
  console.log(`OpenSearch seeded in ${((await seedOpenSearch(client, names, rows, { seed: 1 })).ms / 1000).toFixed(1)} s`);
  const stores: [string, FileSearchRepository][] = [
    ['postgres', new PostgresFileSearchRepository(database.db)],
    ['opensearch', new OpenSearchFileSearchRepository(client, names)],
  ];
  for (const kind of SEARCH_KINDS) {
    const line = [kind.padEnd(9)];
    for (const [store, repository] of stores) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i += 1) {
        const query = { ...parseFileSearchQuery(searchQuery(kind, rows, i), 'Europe/Madrid'), organisms: [BENCH_ORGANISM] };
        const started = performance.now();
        const page = await repository.search(query);
        if (i >= 5) times.push(performance.now() - started);
        total = page.total;
      }
      const { p50, p95 } = latencySummary(times);
      line.push(`${store} ${p50.toFixed(2)} / ${p95.toFixed(2)} (total ${total})`);
    }
    console.log(line.join(' | '));
  }
} finally {
  await database.close();
  await deleteIndices(client, names);
  await dropDatabases([databaseName]);
}
