import { join } from 'node:path';
import { allInOneDatabase, migrate, openDatabase, type DatabaseLocation } from '@tramita/platform';
import { messagingMigrations } from '@tramita/messaging';
import { indexMigrations } from '../../services/index/src/adapters/postgres/migrations.ts';
import { PgliteInsertBaseline, type DatabaseBaseline } from '../baselines/baselines.ts';
import { PgbenchInsertBaseline } from '../baselines/pgbench.ts';
import { OpenSearchClient } from '../../services/index/src/adapters/opensearch/client.ts';
import { deleteIndices, indexNamesOf } from '../../services/index/src/adapters/opensearch/indices.ts';
import { seedIndexDatabase } from '../generate/expedientes.ts';
import { seedOpenSearch } from '../generate/opensearch-seed.ts';
import type { Profile } from '../profiles.ts';
import { cleanUpRun, distributedRun, startDistributedSystem } from './distributed-system.ts';
import { kafkaVersion, postgresUrl, postgresVersion, type InfraEndpoints } from './infra.ts';
import { startAllInOneProcess, type SystemUnderTest } from './system.ts';

/** Registers an undo step; they run in reverse order at the end, on failure and on Ctrl-C. */
export type Defer = (what: string, undo: () => Promise<unknown>) => void;

/** A started system with its engine's database baseline, the read model already seeded. */
export interface PreparedSystem {
  system: SystemUnderTest;
  database: DatabaseBaseline;
  seeded: { rows: number; ms: number };
  /** Versions of the servers the mode runs on (for the report). */
  versions: { postgresql?: string; kafka?: string; opensearch?: string };
  /** What the report should say about how this topology was measured. */
  notes(): string[];
  /** Milliseconds from spawning the system to its readiness: first start, and a restart on the data it wrote. */
  startup: { firstMs: number; restartMs?: number };
}

export interface PrepareOptions {
  profile: Profile;
  workDir: string;
  password: string;
  defer: Defer;
  log: (message: string) => void;
}

/** Writes the generated read model into the index service's database, migrated first (one generator for both modes). */
async function seedIndex(location: DatabaseLocation, options: PrepareOptions): Promise<{ rows: number; ms: number }> {
  options.log(`seeding ${options.profile.indexRows.toLocaleString('en')} expedientes into the index read model (${location.kind})`);
  const index = await openDatabase<unknown>(location);
  try {
    await migrate(index.db, [messagingMigrations, indexMigrations]);
    const seeded = await seedIndexDatabase(index.db, options.profile.indexRows, {
      seed: 1,
      onProgress: (n) => n % 100_000 === 0 && options.log(`  ${n.toLocaleString('en')} rows`),
    });
    options.log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    return seeded;
  } finally {
    await index.close();
  }
}

/** Writes the generated read model into the index's OpenSearch indices named after `prefix` (created first). */
async function seedIndexOnOpenSearch(client: OpenSearchClient, prefix: string, options: PrepareOptions): Promise<{ rows: number; ms: number }> {
  options.log(`seeding ${options.profile.indexRows.toLocaleString('en')} expedientes into the index read model (OpenSearch, indices ${prefix}-*)`);
  const seeded = await seedOpenSearch(client, indexNamesOf(prefix), options.profile.indexRows, {
    seed: 1,
    onProgress: (n) => n % 100_000 === 0 && options.log(`  ${n.toLocaleString('en')} rows`),
  });
  options.log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
  return seeded;
}

/** All-in-one: the index's PGlite directory seeded, then `tramita start` as one child process; PGlite baseline. */
export async function prepareAllInOne(options: PrepareOptions): Promise<PreparedSystem> {
  const dataDir = join(options.workDir, 'data');
  const seeded = await seedIndex(allInOneDatabase(dataDir, 'index'), options);
  // Started once to migrate and write its data, then again as a user's `npm start` would find it.
  let started = performance.now();
  const first = await startAllInOneProcess({ dataDir, password: options.password });
  const firstMs = performance.now() - started;
  await first.stop();
  started = performance.now();
  const system = await startAllInOneProcess({ dataDir, password: options.password });
  const restartMs = performance.now() - started;
  options.log(`all-in-one ready in ${(firstMs / 1000).toFixed(1)} s on a new data directory, ${(restartMs / 1000).toFixed(1)} s restarted on its data`);
  options.defer('stop tramita all-in-one', () => system.stop());
  options.log(`tramita all-in-one on ${system.url}`);
  const database = await PgliteInsertBaseline.open(join(options.workDir, 'pglite-baseline'));
  options.defer('close the PGlite baseline', () => database.close());
  return {
    system,
    database,
    seeded,
    versions: {},
    startup: { firstMs, restartMs },
    notes: () => ['All-in-one is one process: memory is that process (all services + PGlite instances); per-service figures need the distributed mode.'],
  };
}

/**
 * Distributed: the run's index database on the local PostgreSQL seeded, then every service its
 * own process (startStack) on PostgreSQL and Kafka; pgbench baseline on a throwaway database.
 * The run's databases, topics and consumer groups are removed at the end.
 */
export async function prepareDistributed(
  options: PrepareOptions & { endpoints: InfraEndpoints; openSearch?: { url: string; version: string; heapMaxMiB: number | null } },
): Promise<PreparedSystem> {
  const run = distributedRun();
  const { openSearch } = options;
  options.log(
    `distributed run ${run.runId}: databases ${run.databasePrefix}_*, topics ${run.topicPrefix}*${openSearch ? `, OpenSearch indices ${run.indexPrefix}-*` : ''}`,
  );
  options.defer(`drop databases ${run.databasePrefix}_* and delete Kafka topics ${run.topicPrefix}*`, async () => {
    for (const problem of await cleanUpRun(run, options.endpoints)) console.error(`[bench] cleanup: ${problem}`);
  });
  const [postgresql, kafka] = await Promise.all([postgresVersion(), kafkaVersion()]);
  let seeded;
  if (openSearch) {
    const client = new OpenSearchClient(openSearch.url, { timeoutMs: 300_000 });
    // Registered before seeding: a run that fails half-way leaves no indices of its own behind.
    options.defer(`delete OpenSearch indices ${run.indexPrefix}-*`, () => deleteIndices(client, indexNamesOf(run.indexPrefix)));
    seeded = await seedIndexOnOpenSearch(client, run.indexPrefix, options);
  } else {
    seeded = await seedIndex({ kind: 'postgres', url: await postgresUrl(run.database('index')), poolSize: 2 }, options);
  }

  options.log(`starting the distributed stack (one process per service${openSearch ? ', the index on OpenSearch' : ''})`);
  const started = performance.now();
  const system = await startDistributedSystem({
    run,
    endpoints: options.endpoints,
    workDir: options.workDir,
    password: options.password,
    ...(openSearch ? { openSearchUrl: openSearch.url } : {}),
  });
  options.defer('stop the distributed stack', () => system.stop());
  const startS = (performance.now() - started) / 1000;
  options.log(`tramita distributed on ${system.url} (gateway; started in ${startS.toFixed(1)} s)`);

  const database = await PgbenchInsertBaseline.open({
    url: await postgresUrl(run.database('pgbench')),
    workDir: options.workDir,
    clients: options.profile.connections,
  });
  return {
    system,
    database,
    seeded,
    versions: { postgresql, kafka, ...(openSearch ? { opensearch: openSearch.version } : {}) },
    startup: { firstMs: startS * 1000 },
    notes() {
      const logLines = Object.entries(system.logLineCounts());
      return [
        `Distributed: gateway, auth, files, bpm, docs and index each their own Node.js process (\`tramita start --target\`, started by startStack in ${startS.toFixed(0)} s), one database per service on the local PostgreSQL ${postgresql} and Kafka ${kafka} (topics under \`${run.topicPrefix}\`), all on this machine. The PostgreSQL and Kafka servers are shared and not counted in the memory figures.`,
        'Memory per process: RSS from /proc/<pid>/status; heap through the preloaded probe (bench/support/memory-probe.ts) answering on a Unix socket. `total` sums the six processes sampled together; the per-upload growth of the gateway and docs (the upload path) sums their own peaks.',
        ...(openSearch
          ? [
              `Read model on OpenSearch ${openSearch.version} (INDEX_STORE=opensearch, ADR 0019; one node${openSearch.heapMaxMiB === null ? '' : ` with a ${openSearch.heapMaxMiB} MiB heap`} on this machine, not counted in the memory figures), indices \`${run.indexPrefix}-*\`, seeded through \`_bulk\` with the adapter's own documents (bench/generate/opensearch-seed.ts) and refreshed once; the index service's database holds its messaging tables only.`,
            ]
          : []),
        `Database baseline: pgbench with ${options.profile.connections} clients and threads (BEGIN; INSERT one row; COMMIT) on a throwaway database of the same server; postgresTxMs is its average transaction time with those clients running at once. The server runs with fsync and synchronous_commit off (scripts/infra, a test server).`,
        ...(logLines.length > 0
          ? [`Services wrote warning/error log lines: ${logLines.map(([service, n]) => `${service} ${n}`).join(', ')} (first lines printed during the run).`]
          : []),
      ];
    },
  };
}
