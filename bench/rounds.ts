import type { ProcessModel } from '@tramita/bpmn';
import type { DatabaseBaseline, HelloBaseline } from './baselines/baselines.ts';
import { streamCopySha256 } from './baselines/baselines.ts';
import { memoryFigures, toMiB } from './lib/memory-figures.ts';
import type { FigureDefinition, Results } from './lib/report.ts';
import { latencySummary } from './lib/stats.ts';
import type { Profile } from './profiles.ts';
import {
  createClosedLoop,
  createOpenModel,
  documents,
  LAG_FALLING_BEHIND_MS,
  readModelLag,
  SEARCH_KINDS,
  searchLatencies,
  transitionsClosedLoop,
  type ScenarioContext,
  type TransitionTargets,
} from './scenarios/scenarios.ts';
import { engineInstancesPerSecond } from './scenarios/bpmn-engine.ts';
import { assignProcesses, BPMN_PROCEDURE, completeTasks, completionPlan, processInstancesClosedLoop } from './scenarios/bpmn-process.ts';
import { peakRssDuring } from './support/system.ts';

export interface RoundsInput {
  ctx: ScenarioContext;
  profile: Profile;
  results: Results;
  database: DatabaseBaseline;
  hello: HelloBaseline;
  /** The file the SHA-256 copy baseline reads, and where it writes its copy. */
  sha: { source: string; workDir: string };
  /** Expedientes the transition workers cycle through (one per connection). */
  targets: TransitionTargets;
  /** The read-model lag probe and its targets. */
  lag: { probe: string; targets: TransitionTargets };
  /** The benchmark's BPMN procedure as the engine reads it (already deployed in the system). */
  bpmn: { model: ProcessModel };
  /** Fresh access token before each round after the first (tokens live 15 minutes). */
  relogin: () => Promise<void>;
  log: (message: string) => void;
}

/**
 * The interleaved rounds: each measures the baselines first, then every figure, so each ratio
 * divides by what the machine did minutes earlier. Returns the open-model arrival rate used.
 */
export async function measureRounds(input: RoundsInput): Promise<{ openRate: number }> {
  const { ctx, profile, results, database, hello, log } = input;
  const system = ctx.system;
  const { perSec: dbPerSec, txMs: dbTxMs } = database.names;
  const w = (name: string, def: FigureDefinition, round: number, value: number) => results.figure(name, def, round, value);
  const memory = (processes: readonly string[], base: string, def: FigureDefinition, round: number, values: Record<string, number>, total: number) => {
    for (const f of memoryFigures(processes, base, def, toMiB(values), total / 2 ** 20)) results.figure(f.name, f.definition, round, f.value);
  };
  let openRate = 0;
  for (let round = 0; round < profile.rounds; round += 1) {
    if (round > 0) await input.relogin();
    log(`round ${round + 1}/${profile.rounds}: baselines`);
    const tx = await database.measure(profile.baselineMs);
    results.baseline(dbPerSec, round, tx.txPerSec);
    results.baseline(dbTxMs, round, tx.txMs);
    results.baseline('helloReqPerSec', round, await hello.throughput(profile.baselineMs, profile.connections));
    results.baseline('helloLatencyMs', round, await hello.latency(profile.helloLatencyRequests));
    results.baseline('sha256CopyMBps', round, await streamCopySha256(input.sha.source, input.sha.workDir));

    log(`round ${round + 1}: create-expediente, closed loop (${profile.connections} connections)`);
    const processes = system.processes();
    const rss = await peakRssDuring(system, processes, () => createClosedLoop(ctx, profile.connections, profile.createClosedMs));
    const heaps = await Promise.all(processes.map((p) => system.memory(p)));
    const closed = rss.result;
    if (closed.errors > 0) results.notes.push(`round ${round + 1} create closed loop: ${closed.errors} errors, e.g. ${closed.errorSamples[0]}`);
    const heapUsed = Object.fromEntries(processes.map((p, i) => [p, heaps[i]!.heapUsed]));
    memory(
      processes,
      'memory.underLoad.heapUsed',
      { unit: 'MiB', description: 'heap used at the end of the closed-loop create load' },
      round,
      heapUsed,
      Object.values(heapUsed).reduce((a, b) => a + b, 0),
    );
    w(
      'create.closed.sagasPerSec',
      {
        unit: 'sagas/s',
        description: 'completed create-expediente sagas per second (upload 100 KiB + create + saga end), closed loop',
        baseline: dbPerSec,
        ratioMeaning: 'sagas per single-row INSERT transaction of the same engine',
      },
      round,
      closed.throughput,
    );
    w(
      'create.closed.p50',
      { unit: 'ms', description: 'closed-loop latency of one create (upload + saga)', baseline: dbTxMs },
      round,
      latencySummary(closed.latenciesMs).p50,
    );
    memory(processes, 'memory.underLoad.rssPeak', { unit: 'MiB', description: 'peak RSS during the closed-loop create load' }, round, rss.peak, rss.total);

    if (round === 0) openRate = Math.max(0.5, Math.round(closed.throughput * profile.openLoadFraction * 10) / 10);
    log(`round ${round + 1}: create-expediente, open model at ${openRate}/s`);
    const open = await createOpenModel(ctx, openRate, profile.createOpenMs);
    if (open.errors > 0) results.notes.push(`round ${round + 1} create open model: ${open.errors} errors, e.g. ${open.errorSamples[0]}`);
    const openLatency = latencySummary(open.latenciesMs);
    for (const p of ['p50', 'p95', 'p99'] as const) {
      w(
        `create.open.${p}`,
        {
          unit: 'ms',
          description: `create latency ${p} at a fixed arrival rate, from the intended start`,
          baseline: dbTxMs,
          ratioMeaning: 'in database transaction times',
        },
        round,
        openLatency[p],
      );
    }

    log(`round ${round + 1}: transitions`);
    const moves = await transitionsClosedLoop(ctx, input.targets, profile.connections, profile.transitionsMs);
    if (moves.errors > 0) results.notes.push(`round ${round + 1} transitions: ${moves.errors} errors, e.g. ${moves.errorSamples[0]}`);
    const moveLatency = latencySummary(moves.latenciesMs);
    w(
      'transitions.perSec',
      { unit: 'tx/s', description: 'transitions per second, closed loop, one expediente per connection', baseline: dbPerSec },
      round,
      moves.throughput,
    );
    for (const p of ['p50', 'p95', 'p99'] as const) {
      w(`transitions.${p}`, { unit: 'ms', description: `transition latency ${p} (closed loop)`, baseline: dbTxMs }, round, moveLatency[p]);
    }

    log(`round ${round + 1}: BPMN process instances, closed loop (${profile.connections} connections)`);
    const instances = await processInstancesClosedLoop(ctx, profile.connections, profile.processInstancesMs);
    if (instances.errors > 0) results.notes.push(`round ${round + 1} BPMN process instances: ${instances.errors} errors, e.g. ${instances.errorSamples[0]}`);
    w(
      'bpmn.processInstancesPerSec',
      {
        unit: 'instances/s',
        description: `expedientes of the ${BPMN_PROCEDURE.userTasks}-task BPMN procedure created (upload 100 KiB + create + saga end) with the process at its first tasks (inbox read), closed loop`,
        baseline: dbPerSec,
        ratioMeaning: 'process instances per single-row INSERT transaction of the same engine',
      },
      round,
      instances.throughput,
    );

    const plan = completionPlan(profile.taskCompletions, profile.connections, BPMN_PROCEDURE.userTasks);
    const owned = await assignProcesses(ctx, instances.codes, plan);
    log(`round ${round + 1}: ${profile.taskCompletions} task completions on ${owned.flat().length} BPMN processes (${profile.connections} workers)`);
    const completions = await completeTasks(ctx.api, owned, plan.perWorker);
    w(
      'bpmn.taskCompletionsPerSec',
      {
        unit: 'tasks/s',
        description: `open tasks completed per second (POST /api/tasks/{id}/complete, no claim: the user is a candidate), ${profile.taskCompletions} completions, the inbox reads that find each next task included`,
        baseline: dbPerSec,
        ratioMeaning: 'completions per single-row INSERT transaction of the same engine',
      },
      round,
      completions.perSec,
    );
    w(
      'bpmn.complete.p50',
      { unit: 'ms', description: 'latency of one task completion request, p50 (closed loop)', baseline: dbTxMs },
      round,
      latencySummary(completions.latenciesMs).p50,
    );
    results.extra.bpmnInboxReadsPerCompletion = Math.round((completions.inboxReads / completions.completions) * 100) / 100;

    log(`round ${round + 1}: BPMN engine in memory (no HTTP, no database)`);
    const engine = engineInstancesPerSecond(input.bpmn.model, profile.engineMs);
    w(
      'bpmn.engine.instancesPerSec',
      {
        unit: 'instances/s',
        description: `the same procedure's instances run start to end (${BPMN_PROCEDURE.userTasks} completions each) by execute() of @tramita/bpmn in the benchmark process, one at a time`,
      },
      round,
      engine.instancesPerSec,
    );

    log(`round ${round + 1}: read-model lag under load (${openRate}/s creates in the background)`);
    const lag = await readModelLag(ctx, input.lag.probe, input.lag.targets, profile.lagSamples, openRate);
    const lagLatency = latencySummary(lag.lagMs);
    if (lag.fellBehind)
      results.notes.push(
        `round ${round + 1} read-model lag: the index fell behind ${openRate} creates/s (a transition not visible after ${LAG_FALLING_BEHIND_MS / 1000} s); the load was stopped and the index took ${(lag.lagMs.at(-1)! / 1000).toFixed(0)} s to show it, so the round has ${lag.lagMs.length} of ${profile.lagSamples} samples, the last being that catch-up.`,
      );
    w('lag.p50', { unit: 'ms', description: 'transition committed → visible in search, p50, under create load', baseline: dbTxMs }, round, lagLatency.p50);
    w('lag.p99', { unit: 'ms', description: 'transition committed → visible in search, p99, under create load', baseline: dbTxMs }, round, lagLatency.p99);
    w('lag.pollResolution', { unit: 'ms', description: 'median time of one visibility poll (resolution of the lag figures)' }, round, lag.pollMs);

    log(`round ${round + 1}: list and search over ${profile.indexRows.toLocaleString('en')} expedientes`);
    const search = await searchLatencies(ctx, profile.indexRows, profile.searchPerKind);
    for (const kind of SEARCH_KINDS) {
      for (const p of ['p50', 'p95'] as const) {
        w(
          `search.${kind}.${p}`,
          {
            unit: 'ms',
            description: `GET /api/files (${kind}) latency ${p}, sequential`,
            baseline: 'helloLatencyMs',
            ratioMeaning: 'in bare HTTP round trips',
          },
          round,
          search.latency[kind][p],
        );
      }
    }
    results.extra.searchTotals = search.totals;

    log(`round ${round + 1}: 10 MiB documents`);
    const docs = await documents(ctx, profile.documentRoundTrips, profile.concurrentUploads, round);
    w('docs.uploadMBps', { unit: 'MB/s', description: '10 MiB upload, one at a time', baseline: 'sha256CopyMBps' }, round, docs.uploadMBps);
    w('docs.downloadMBps', { unit: 'MB/s', description: '10 MiB download, one at a time', baseline: 'sha256CopyMBps' }, round, docs.downloadMBps);
    const uploadPath = system.uploadProcesses();
    memory(
      uploadPath,
      'docs.rssPerUpload',
      {
        unit: 'MiB',
        description: `RSS growth per upload with ${profile.concurrentUploads} concurrent 10 MiB uploads (0 when the allocator reuses memory kept from earlier work)`,
      },
      round,
      docs.perUpload.rss,
      docs.perUpload.totalRss,
    );
    memory(
      uploadPath,
      'docs.heapAndBuffersPerUpload',
      { unit: 'MiB', description: `heap used + external (Buffers) growth per upload with ${profile.concurrentUploads} concurrent 10 MiB uploads` },
      round,
      docs.perUpload.js,
      docs.perUpload.totalJs,
    );
  }
  return { openRate };
}
