import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProcedureFile } from '@tramita/bpmn';
import { loginWithPkce } from '../e2e/support/oidc-login.ts';
import { HelloBaseline, makeFile } from './baselines/baselines.ts';
import { createThroughApi, generateExpedientes } from './generate/expedientes.ts';
import { HttpClient } from './lib/http.ts';
import { memoryFigures, toMiB } from './lib/memory-figures.ts';
import { buildDocument, busyMachineNote, machineAtStart, markdown, resultName, Results } from './lib/report.ts';
import { TramitaApi } from './lib/tramita-api.ts';
import type { Profile } from './profiles.ts';
import { measureRounds } from './rounds.ts';
import { BPMN_FIXTURE, BPMN_PROCEDURE, completeTasks, createProcessInstance, deployBenchProcedure, readBenchProcedure } from './scenarios/bpmn-process.ts';
import { createOne, createClosedLoop, LAG_PROBE_OPTION, TransitionTargets, type ScenarioContext } from './scenarios/scenarios.ts';
import type { InfraEndpoints } from './support/infra.ts';
import type { MemorySample, Mode, SystemUnderTest } from './support/system.ts';
import { prepareAllInOne, prepareDistributed, type Defer } from './support/topologies.ts';

export interface BenchmarkOptions {
  mode: Mode;
  profile: Profile;
  outDir: string;
  /** The servers of distributed mode (checked reachable by the caller). */
  endpoints?: InfraEndpoints;
  /** Distributed only: the index's read model on this OpenSearch instead of its PostgreSQL database. */
  openSearch?: { url: string; version: string; heapMaxMiB: number | null };
  defer: Defer;
  log: (message: string) => void;
}

/** Memory of every process of the system at one moment. */
async function memoryOfAll(system: SystemUnderTest): Promise<Record<string, MemorySample>> {
  const processes = system.processes();
  const samples = await Promise.all(processes.map((p) => system.memory(p)));
  return Object.fromEntries(processes.map((p, i) => [p, samples[i]!]));
}

/**
 * One benchmark of one topology: prepare (seed the read model, start the system and the
 * baselines), create a set through the API, warm up, measure the interleaved rounds, write the
 * results. Undo steps go to `defer` (the caller runs them, also on failure and Ctrl-C).
 */
export async function runBenchmark(options: BenchmarkOptions): Promise<ReturnType<typeof buildDocument>> {
  const { profile, log, defer } = options;
  const startedAt = new Date();
  const atStart = machineAtStart();
  const work = await mkdtemp(join(tmpdir(), 'tramita-bench-'));
  defer(`remove ${work}`, () => rm(work, { recursive: true, force: true }));
  const results = new Results();

  // 1. The read model seeded, the system started, the engine's database baseline opened.
  const password = randomBytes(18).toString('base64url');
  const prepareOptions = { profile, workDir: work, password, defer, log };
  let prepared;
  if (options.mode === 'distributed') {
    if (!options.endpoints) throw new Error('distributed mode needs the endpoints of PostgreSQL and Kafka');
    prepared = await prepareDistributed({ ...prepareOptions, endpoints: options.endpoints, ...(options.openSearch ? { openSearch: options.openSearch } : {}) });
  } else {
    prepared = await prepareAllInOne(prepareOptions);
  }
  const { system, database, seeded } = prepared;
  const hello = await HelloBaseline.start(profile.connections);
  defer('stop the hello baseline', () => hello.stop());
  const shaSource = join(work, 'sha-source.bin');
  await makeFile(shaSource, profile.sha256FileBytes);

  const login = async (username = 'user') =>
    (await loginWithPkce({ baseUrl: system.url, username, password, redirectUri: `${system.url}/callback` })).accessToken;
  const http = new HttpClient(system.url, { connections: profile.connections * 4, token: await login() });
  defer('close the load client', async () => http.close());
  const api = new TramitaApi(http);
  const runId = startedAt.getTime().toString(36).toUpperCase();
  let counter = 0;
  const ctx: ScenarioContext = { system, api, nextCode: (prefix) => `${prefix}-${runId}-${(counter += 1)}` };

  // 2. A smaller set through the real API: documents, saga, phase history.
  const apiStarted = performance.now();
  for (const e of generateExpedientes(profile.apiExpedientes, { seed: 2, codePrefix: `API-${runId}`, documentsPerFile: 2 })) await createThroughApi(api, e);
  const apiMs = performance.now() - apiStarted;
  log(`${profile.apiExpedientes} expedientes created through the API in ${(apiMs / 1000).toFixed(1)} s`);
  const targets = new TransitionTargets();
  for (let i = 0; i < profile.connections; i += 1) targets.add(await createOne(ctx, 'MOVE'));
  const admin = new HttpClient(system.url, { connections: 1, token: await login('admin') });
  await admin.json('POST', '/api/initial-options', LAG_PROBE_OPTION, 201);
  // The BPMN procedure: read here for the in-memory engine run, deployed once in the system.
  const reading = await readProcedureFile(await readBenchProcedure());
  const model = reading.processes.find((p) => p.id === BPMN_PROCEDURE.code);
  if (reading.problems.length > 0 || !model) throw new Error(`${BPMN_FIXTURE.pathname} cannot run: ${JSON.stringify(reading.problems)}`);
  const deployed = await deployBenchProcedure(admin);
  admin.close();
  // One of its expedientes walked to the end through the API: the procedure runs, and the path is warm.
  const walked = await createProcessInstance(ctx);
  await completeTasks(api, [[walked]], [BPMN_PROCEDURE.userTasks]);
  const left = await api.openTasks(walked);
  if (left.length > 0) throw new Error(`${walked} still has open tasks after ${BPMN_PROCEDURE.userTasks} completions: ${left.map((t) => t.nodeId).join(', ')}`);
  log(`BPMN procedure ${BPMN_PROCEDURE.code} deployed (version ${deployed.version}); ${walked} completed its ${BPMN_PROCEDURE.userTasks} tasks`);
  const lagTargets = new TransitionTargets();
  const probe = await createOne(ctx, 'LAG', LAG_PROBE_OPTION.code);
  lagTargets.add(probe);

  const restStart = await memoryOfAll(system);

  // 3. Warm-up (JIT, caches, connection pools); not recorded.
  log('warm-up');
  await createClosedLoop(ctx, profile.connections, profile.warmupMs);
  await hello.throughput(500, profile.connections);

  // 4. The rounds.
  const { openRate } = await measureRounds({
    ctx,
    profile,
    results,
    database,
    hello,
    sha: { source: shaSource, workDir: work },
    targets,
    lag: { probe, targets: lagTargets },
    bpmn: { model },
    relogin: async () => void (http.token = await login()),
    log,
  });

  const restEnd = await memoryOfAll(system);
  results.extra.memoryAtRestBeforeLoad = restStart;
  results.extra.memoryAtRestAfterLoad = restEnd;
  const processes = system.processes();
  for (const [when, m] of [
    ['before', restStart],
    ['after', restEnd],
  ] as const) {
    for (const key of ['rss', 'heapUsed'] as const) {
      const values = Object.fromEntries(processes.map((p) => [p, m[p]![key]]));
      const total = Object.values(values).reduce((a, b) => a + b, 0);
      const description = key === 'rss' ? `RSS at rest ${when} the rounds` : `heap used at rest ${when} the rounds`;
      for (const f of memoryFigures(processes, `memory.atRest.${when}.${key}`, { unit: 'MiB', description }, toMiB(values), total / 2 ** 20))
        results.figure(f.name, f.definition, 0, f.value);
    }
  }
  results.figure('startup.firstMs', { unit: 'ms', description: 'spawn to ready, new data directory (migrations run)' }, 0, prepared.startup.firstMs);
  if (prepared.startup.restartMs !== undefined) {
    results.figure('startup.restartMs', { unit: 'ms', description: 'spawn to ready, restarted on the data it wrote' }, 0, prepared.startup.restartMs);
  }
  results.extra.openModelRatePerSec = openRate;
  const databaseDetails = database.lastDetails?.();
  if (databaseDetails !== undefined) results.extra[`${database.names.perSec}LastRun`] = databaseDetails;
  results.notes.push(
    `The read model holds ${profile.indexRows.toLocaleString('en')} generated expedientes written straight into the index ${options.openSearch ? "service's OpenSearch indices" : 'database'} (bench/generate, not through sagas) plus ${profile.apiExpedientes} created through the API and those the load created.`,
    ...prepared.notes(),
    `Open model rate = ${profile.openLoadFraction} × round-1 closed-loop throughput = ${openRate}/s.`,
    `BPMN figures: the procedure bench/fixtures/tramite-paralelo.bpmn (${BPMN_PROCEDURE.userTasks} user tasks, a fork at the start joined before the proposal, a 10-day timer boundary that does not fire during the run), deployed once in the shared catalogue; ${profile.taskCompletions} completions per round shared among ${profile.connections} workers, each on expedientes of its own created in that round, with ${String(results.extra.bpmnInboxReadsPerCompletion)} inbox reads per completion (last round) in the time; the engine figure runs execute() in the benchmark process, no HTTP and no database.`,
  );
  const busy = busyMachineNote(atStart.loadAverageAtStart[0]!, loadavg()[0]!, cpus().length);
  if (busy) results.notes.push(busy);
  if (process.env.BENCH_NOTE) results.notes.push(process.env.BENCH_NOTE);

  const document = buildDocument({
    profile: profile.name,
    mode: system.mode,
    indexStore: options.openSearch ? 'opensearch' : 'postgres',
    rounds: profile.rounds,
    startedAt: startedAt.toISOString(),
    durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
    settings: profile,
    dataset: { indexRows: profile.indexRows, seedMs: Math.round(seeded.ms), apiExpedientes: profile.apiExpedientes, apiCreateMs: Math.round(apiMs) },
    results,
    versions: prepared.versions,
    atStart,
  });
  await mkdir(options.outDir, { recursive: true });
  const name = resultName(profile.name, document.variant, startedAt);
  const table = markdown(document);
  await writeFile(join(options.outDir, `${name}.json`), `${JSON.stringify(document, null, 2)}\n`);
  await writeFile(join(options.outDir, `${name}.md`), `# Tramita benchmark, ${name}\n\n${table}`);
  await writeFile(
    join(options.outDir, `latest-${profile.name}-${document.variant}.md`),
    `# Tramita benchmark, latest ${profile.name} ${document.variant} run (${name})\n\n${table}`,
  );
  console.log(`\n${table}`);
  log(`results in ${join(options.outDir, `${name}.json`)} (${document.durationS} s)`);
  return document;
}
