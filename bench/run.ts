import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { migrate, openDatabase } from '@tramita/platform';
import { messagingMigrations } from '@tramita/messaging';
import { indexMigrations } from '../services/index/src/adapters/postgres/migrations.ts';
import { loginWithPkce } from '../e2e/support/oidc-login.ts';
import { HelloBaseline, makeFile, PgliteInsertBaseline, streamCopySha256 } from './baselines/baselines.ts';
import { createThroughApi, generateExpedientes, seedIndexDatabase } from './generate/expedientes.ts';
import { HttpClient } from './lib/http.ts';
import { buildDocument, markdown, Results } from './lib/report.ts';
import { latencySummary } from './lib/stats.ts';
import { TramitaApi } from './lib/tramita-api.ts';
import { PROFILES, type Profile } from './profiles.ts';
import {
  createClosedLoop,
  createOne,
  createOpenModel,
  documents,
  LAG_PROBE_OPTION,
  readModelLag,
  SEARCH_KINDS,
  searchLatencies,
  TransitionTargets,
  transitionsClosedLoop,
  type ScenarioContext,
} from './scenarios/scenarios.ts';
import { startAllInOneProcess, type SystemUnderTest } from './support/system.ts';

const USAGE = `Usage: npm run bench -- [--profile quick|full] [--mode all-in-one] [--out DIR] [--rounds N] [--rows N]

Starts Tramita all-in-one as a child process on a temporary data directory whose index read
model is pre-seeded, measures baselines and figures in interleaved rounds, and writes JSON and
markdown under bench/results/ (or --out). Prints figures; never fails because a machine is slow.`;

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'quick' },
      mode: { type: 'string', default: 'all-in-one' },
      out: { type: 'string' },
      rounds: { type: 'string' },
      rows: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const base = PROFILES[values.profile as Profile['name']];
  if (!base) throw new Error(`unknown profile "${values.profile}" (quick or full)`);
  if (values.mode !== 'all-in-one') {
    // Extension point: a distributed SystemUnderTest (one `tramita start --target <service>` per
    // service on PostgreSQL and Kafka) plugs in here; seeding then targets the index's PostgreSQL.
    throw new Error(`mode "${values.mode}" is not available yet: only all-in-one (see docs/adr/0007-benchmarks.md)`);
  }
  const profile: Profile = {
    ...base,
    ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
    ...(values.rows ? { indexRows: Number(values.rows) } : {}),
  };
  const outDir = values.out ?? fileURLToPath(new URL('./results', import.meta.url));
  const startedAt = new Date();
  const work = await mkdtemp(join(tmpdir(), 'tramita-bench-'));
  const results = new Results();
  let system: SystemUnderTest | undefined;
  let hello: HelloBaseline | undefined;
  let pglite: PgliteInsertBaseline | undefined;
  let http: HttpClient | undefined;
  try {
    // 1. The read model, written straight into the index's database before the system starts.
    const dataDir = join(work, 'data');
    log(`seeding ${profile.indexRows.toLocaleString('en')} expedientes into the index read model`);
    const indexDb = await openDatabase<unknown>({ kind: 'pglite', dataDir: join(dataDir, 'index', 'db') });
    await migrate(indexDb.db, [messagingMigrations, indexMigrations]);
    const seeded = await seedIndexDatabase(indexDb.db, profile.indexRows, {
      seed: 1,
      onProgress: (n) => n % 100_000 === 0 && log(`  ${n.toLocaleString('en')} rows`),
    });
    await indexDb.close();
    log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);

    // 2. The system and the baselines' own processes.
    const password = randomBytes(18).toString('base64url');
    system = await startAllInOneProcess({ dataDir, password });
    log(`tramita all-in-one on ${system.url}`);
    hello = await HelloBaseline.start(profile.connections);
    pglite = await PgliteInsertBaseline.open(join(work, 'pglite-baseline'));
    const shaSource = join(work, 'sha-source.bin');
    await makeFile(shaSource, profile.sha256FileBytes);

    const login = async () =>
      (await loginWithPkce({ baseUrl: system!.url, username: 'user', password, redirectUri: `${system!.url}/callback` })).accessToken;
    http = new HttpClient(system.url, { connections: profile.connections * 4, token: await login() });
    const api = new TramitaApi(http);
    const runId = startedAt.getTime().toString(36).toUpperCase();
    let counter = 0;
    const ctx: ScenarioContext = { system, api, nextCode: (prefix) => `${prefix}-${runId}-${(counter += 1)}` };
    const [processName] = system.processes();

    // 3. A smaller set through the real API: documents, saga, phase history.
    const apiStarted = performance.now();
    for (const e of generateExpedientes(profile.apiExpedientes, { seed: 2, codePrefix: `API-${runId}`, documentsPerFile: 2 })) await createThroughApi(api, e);
    const apiMs = performance.now() - apiStarted;
    log(`${profile.apiExpedientes} expedientes created through the API in ${(apiMs / 1000).toFixed(1)} s`);
    const targets = new TransitionTargets();
    for (let i = 0; i < profile.connections; i += 1) targets.add(await createOne(ctx, 'MOVE'));
    const admin = new HttpClient(system.url, {
      connections: 1,
      token: (await loginWithPkce({ baseUrl: system.url, username: 'admin', password, redirectUri: `${system.url}/callback` })).accessToken,
    });
    await admin.json('POST', '/api/initial-options', LAG_PROBE_OPTION, 201);
    admin.close();
    const lagTargets = new TransitionTargets();
    const probe = await createOne(ctx, 'LAG', LAG_PROBE_OPTION.code);
    lagTargets.add(probe);

    const restStart = await system.memory(processName!);
    results.extra.memoryAtRestBeforeLoad = restStart;

    // 4. Warm-up (JIT, caches, connection pools); not recorded.
    log('warm-up');
    await createClosedLoop(ctx, profile.connections, profile.warmupMs);
    await hello.throughput(500, profile.connections);

    let openRate = 0;
    const w = (name: string, def: Parameters<Results['figure']>[1], round: number, value: number) => results.figure(name, def, round, value);
    for (let round = 0; round < profile.rounds; round += 1) {
      if (round > 0) http.token = await login(); // tokens live 15 minutes; the full profile runs longer
      log(`round ${round + 1}/${profile.rounds}: baselines`);
      const inserts = await pglite.measure(profile.baselineMs);
      results.baseline('pgliteInsertTxPerSec', round, inserts);
      results.baseline('pgliteTxMs', round, 1000 / inserts);
      results.baseline('helloReqPerSec', round, await hello.throughput(profile.baselineMs, profile.connections));
      results.baseline('helloLatencyMs', round, await hello.latency(profile.helloLatencyRequests));
      results.baseline('sha256CopyMBps', round, await streamCopySha256(shaSource, work));

      log(`round ${round + 1}: create-expediente, closed loop (${profile.connections} connections)`);
      const { peak, result: closed } = await (async () => {
        let peakRss = 0;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peakRss = Math.max(peakRss, await system.rss(processName!));
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        })();
        const result = await createClosedLoop(ctx, profile.connections, profile.createClosedMs);
        const heap = await system.memory(processName!);
        sampling = false;
        await sampler;
        results.figure('memory.underLoad.heapUsed', { unit: 'MiB', description: 'heap used at the end of the closed-loop create load' }, round, heap.heapUsed / 2 ** 20);
        return { peak: peakRss, result };
      })();
      if (closed.errors > 0) results.notes.push(`round ${round + 1} create closed loop: ${closed.errors} errors, e.g. ${closed.errorSamples[0]}`);
      w('create.closed.sagasPerSec', { unit: 'sagas/s', description: 'completed create-expediente sagas per second (upload 100 KiB + create + saga end), closed loop', baseline: 'pgliteInsertTxPerSec', ratioMeaning: 'sagas per PGlite single-row transaction' }, round, closed.throughput);
      w('create.closed.p50', { unit: 'ms', description: 'closed-loop latency of one create (upload + saga)', baseline: 'pgliteTxMs' }, round, latencySummary(closed.latenciesMs).p50);
      w('memory.underLoad.rssPeak', { unit: 'MiB', description: 'peak RSS of the all-in-one process during the closed-loop create load' }, round, peak / 2 ** 20);

      if (round === 0) openRate = Math.max(0.5, Math.round(closed.throughput * profile.openLoadFraction * 10) / 10);
      log(`round ${round + 1}: create-expediente, open model at ${openRate}/s`);
      const open = await createOpenModel(ctx, openRate, profile.createOpenMs);
      if (open.errors > 0) results.notes.push(`round ${round + 1} create open model: ${open.errors} errors, e.g. ${open.errorSamples[0]}`);
      const openLatency = latencySummary(open.latenciesMs);
      for (const p of ['p50', 'p95', 'p99'] as const) {
        w(`create.open.${p}`, { unit: 'ms', description: `create latency ${p} at a fixed arrival rate, from the intended start`, baseline: 'pgliteTxMs', ratioMeaning: 'in PGlite transaction times' }, round, openLatency[p]);
      }

      log(`round ${round + 1}: transitions`);
      const moves = await transitionsClosedLoop(ctx, targets, profile.connections, profile.transitionsMs);
      if (moves.errors > 0) results.notes.push(`round ${round + 1} transitions: ${moves.errors} errors, e.g. ${moves.errorSamples[0]}`);
      const moveLatency = latencySummary(moves.latenciesMs);
      w('transitions.perSec', { unit: 'tx/s', description: 'transitions per second, closed loop, one expediente per connection', baseline: 'pgliteInsertTxPerSec' }, round, moves.throughput);
      for (const p of ['p50', 'p95', 'p99'] as const) {
        w(`transitions.${p}`, { unit: 'ms', description: `transition latency ${p} (closed loop)`, baseline: 'pgliteTxMs' }, round, moveLatency[p]);
      }

      log(`round ${round + 1}: read-model lag under load (${openRate}/s creates in the background)`);
      const lag = await readModelLag(ctx, probe, lagTargets, profile.lagSamples, openRate);
      const lagLatency = latencySummary(lag.lagMs);
      w('lag.p50', { unit: 'ms', description: 'transition committed → visible in search, p50, under create load', baseline: 'pgliteTxMs' }, round, lagLatency.p50);
      w('lag.p99', { unit: 'ms', description: 'transition committed → visible in search, p99, under create load', baseline: 'pgliteTxMs' }, round, lagLatency.p99);
      w('lag.pollResolution', { unit: 'ms', description: 'median time of one visibility poll (resolution of the lag figures)' }, round, lag.pollMs);

      log(`round ${round + 1}: list and search over ${profile.indexRows.toLocaleString('en')} expedientes`);
      const search = await searchLatencies(ctx, profile.indexRows, profile.searchPerKind);
      for (const kind of SEARCH_KINDS) {
        for (const p of ['p50', 'p95'] as const) {
          w(`search.${kind}.${p}`, { unit: 'ms', description: `GET /api/files (${kind}) latency ${p}, sequential`, baseline: 'helloLatencyMs', ratioMeaning: 'in bare HTTP round trips' }, round, search.latency[kind][p]);
        }
      }
      results.extra.searchTotals = search.totals;

      log(`round ${round + 1}: 10 MiB documents`);
      const docs = await documents(ctx, profile.documentRoundTrips, profile.concurrentUploads, round);
      w('docs.uploadMBps', { unit: 'MB/s', description: '10 MiB upload, one at a time', baseline: 'sha256CopyMBps' }, round, docs.uploadMBps);
      w('docs.downloadMBps', { unit: 'MB/s', description: '10 MiB download, one at a time', baseline: 'sha256CopyMBps' }, round, docs.downloadMBps);
      w('docs.rssPerUpload', { unit: 'MiB', description: `RSS growth per upload with ${profile.concurrentUploads} concurrent 10 MiB uploads (0 when the allocator reuses memory kept from earlier work)` }, round, docs.rssPerUploadBytes / 2 ** 20);
      w('docs.heapAndBuffersPerUpload', { unit: 'MiB', description: `heap used + external (Buffers) growth per upload with ${profile.concurrentUploads} concurrent 10 MiB uploads` }, round, docs.jsPerUploadBytes / 2 ** 20);
    }

    const restEnd = await system.memory(processName!);
    results.extra.memoryAtRestAfterLoad = restEnd;
    for (const [when, m] of [['before', restStart], ['after', restEnd]] as const) {
      results.figure(`memory.atRest.${when}.rss`, { unit: 'MiB', description: `RSS of the all-in-one process at rest ${when} the rounds` }, 0, m.rss / 2 ** 20);
      results.figure(`memory.atRest.${when}.heapUsed`, { unit: 'MiB', description: `heap used at rest ${when} the rounds` }, 0, m.heapUsed / 2 ** 20);
    }
    results.extra.openModelRatePerSec = openRate;
    results.notes.push(
      `The read model holds ${profile.indexRows.toLocaleString('en')} generated expedientes written straight into the index database (bench/generate, not through sagas) plus ${profile.apiExpedientes} created through the API and those the load created.`,
      'All-in-one is one process: memory is that process (all services + PGlite instances); per-service figures need the distributed mode.',
      `Open model rate = ${profile.openLoadFraction} × round-1 closed-loop throughput = ${openRate}/s.`,
    );
    if (process.env.BENCH_NOTE) results.notes.push(process.env.BENCH_NOTE);

    const document = buildDocument({
      profile: profile.name,
      mode: system.mode,
      rounds: profile.rounds,
      startedAt: startedAt.toISOString(),
      durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
      settings: profile,
      dataset: { indexRows: profile.indexRows, seedMs: Math.round(seeded.ms), apiExpedientes: profile.apiExpedientes, apiCreateMs: Math.round(apiMs) },
      results,
    });
    await mkdir(outDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:]/g, '').slice(0, 15);
    const name = `${profile.name}-${stamp}`;
    const table = markdown(document);
    await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(document, null, 2)}\n`);
    await writeFile(join(outDir, `${name}.md`), `# Tramita benchmark, ${name}\n\n${table}`);
    await writeFile(join(outDir, `latest-${profile.name}.md`), `# Tramita benchmark, latest ${profile.name} run (${name})\n\n${table}`);
    console.log(`\n${table}`);
    log(`results in ${join(outDir, `${name}.json`)} (${document.durationS} s)`);
  } finally {
    http?.close();
    await system?.stop().catch(() => {});
    await hello?.stop().catch(() => {});
    await pglite?.close().catch(() => {});
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
