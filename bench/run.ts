import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBenchmark } from './benchmark.ts';
import { OpenSearchClient } from '../services/index/src/adapters/opensearch/client.ts';
import { comparisonMarkdown } from './lib/comparison.ts';
import { compareIndexStores, indexStoreMarkdown } from './lib/index-store-comparison.ts';
import { resultName } from './lib/report.ts';
import { parseProfile, parseRuns, UsageError } from './options.ts';
import { checkInfra, checkOpenSearch, infraEndpoints, openSearchUrl } from './support/infra.ts';

const USAGE = `Usage: npm run bench -- [--profile quick|full] [--mode all-in-one|distributed|both]
                       [--index-store postgres|opensearch|both] [--out DIR] [--rounds N] [--rows N]

Starts Tramita as the system under test on a pre-seeded index read model, measures baselines
and figures in interleaved rounds, and writes JSON and markdown under bench/results/ (or --out),
named <profile>-<mode>-<time>. Prints figures; never fails because a machine is slow.

  --mode all-in-one   (default) one child process on a temporary PGlite data directory
  --mode distributed  every service its own process on the local PostgreSQL and Kafka, which
                      must be running already: bash scripts/infra/postgres.sh start and
                      bash scripts/infra/kafka.sh start (the run uses databases and topics of
                      its own and removes them at the end)
  --mode both         all-in-one, then distributed, and the two side by side in
                      latest-<profile>-both.md

  --index-store postgres    (default) the distributed index keeps its read model in its
                            PostgreSQL database
  --index-store opensearch  the distributed index on OpenSearch (INDEX_STORE=opensearch), which
                            must be running already: bash scripts/infra/opensearch.sh start (or
                            INDEX_OPENSEARCH_URL); the read model is seeded into indices of the
                            run's own (tramita-bench…-*), deleted at the end. Results are named
                            <profile>-distributed-opensearch-<time>
  --index-store both        a distributed run on each store, one after the other, and their
                            store-dependent figures (searches, lag, index memory) side by side in
                            <profile>-index-stores-<time>.json/.md and latest-<profile>-index-stores.md
                            All-in-one always keeps its read model in its embedded PGlite.`;

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Undo steps of a run, run in reverse: at the end, on failure, on Ctrl-C. */
class Cleanup {
  readonly #steps: { what: string; undo: () => Promise<unknown> }[] = [];

  defer = (what: string, undo: () => Promise<unknown>) => void this.#steps.push({ what, undo });

  async run(): Promise<void> {
    for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
      await step.undo().catch((error: unknown) => console.error(`[bench] ${step.what} failed: ${String(error)}`));
    }
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'quick' },
      mode: { type: 'string', default: 'all-in-one' },
      'index-store': { type: 'string', default: 'postgres' },
      out: { type: 'string' },
      rounds: { type: 'string' },
      rows: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (void console.log(USAGE), 0);
  const runs = parseRuns(values.mode, values['index-store']);
  const profile = parseProfile(values);
  const outDir = values.out ?? fileURLToPath(new URL('./results', import.meta.url));

  const endpoints = infraEndpoints();
  if (runs.some((r) => r.mode === 'distributed')) {
    const problem = await checkInfra(endpoints);
    if (problem) {
      console.error(problem);
      return 2;
    }
  }
  let openSearch;
  if (runs.some((r) => r.indexStore === 'opensearch')) {
    const url = await openSearchUrl();
    const checked = await checkOpenSearch(new OpenSearchClient(url));
    if (checked.problem !== undefined) {
      console.error(checked.problem);
      return 2;
    }
    openSearch = { url, version: checked.version, heapMaxMiB: checked.heapMaxMiB };
  }

  const cleanup = new Cleanup();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`[bench] ${signal}: stopping what this run started`);
      void cleanup.run().finally(() => process.exit(130));
    });
  }
  const documents = [];
  for (const { mode, indexStore } of runs) {
    log(`mode ${mode}${mode === 'distributed' ? `, index on ${indexStore}` : ''}, profile ${profile.name}`);
    try {
      documents.push(
        await runBenchmark({ mode, profile, outDir, endpoints, ...(indexStore === 'opensearch' ? { openSearch } : {}), defer: cleanup.defer, log }),
      );
    } finally {
      await cleanup.run();
    }
  }
  const onPostgres = documents.find((d) => d.mode === 'distributed' && d.indexStore === 'postgres');
  const onOpenSearch = documents.find((d) => d.indexStore === 'opensearch');
  if (onPostgres && onOpenSearch) {
    const comparison = compareIndexStores(onPostgres, onOpenSearch);
    const table = indexStoreMarkdown(comparison);
    const name = resultName(profile.name, 'index-stores', new Date(onPostgres.startedAt));
    const title = `# Tramita benchmark, the index's read model on PostgreSQL and on OpenSearch (${name})`;
    await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(comparison, null, 2)}\n`);
    await writeFile(join(outDir, `${name}.md`), `${title}\n\n${table}`);
    await writeFile(join(outDir, `latest-${profile.name}-index-stores.md`), `${title}\n\n${table}`);
    console.log(`\n${table}`);
    log(`read model stores side by side in ${join(outDir, `${name}.md`)}`);
  }
  // `--mode both`: all-in-one beside distributed (two distributed runs alone are the comparison above).
  if (new Set(documents.map((d) => d.mode)).size > 1) {
    const file = join(outDir, `latest-${profile.name}-both.md`);
    await writeFile(
      file,
      `# Tramita benchmark, latest ${profile.name} runs side by side

${comparisonMarkdown(documents)}`,
    );
    log(`side by side in ${file}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
