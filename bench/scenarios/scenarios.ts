import { documentBytes, expedienteCode, QUERY_TERMS } from '../generate/expedientes.ts';
import { runClosedLoop, runOpenModel, type LoadResult } from '../lib/load.ts';
import { latencySummary, median, type LatencySummary } from '../lib/stats.ts';
import type { TramitaApi } from '../lib/tramita-api.ts';
import { peakMemoryDuring, type Peak, type SystemUnderTest } from '../support/system.ts';

/** What every scenario gets: the system, an authenticated API client and a unique-name source. */
export interface ScenarioContext {
  system: SystemUnderTest;
  api: TramitaApi;
  /** A fresh expediente code (unique across the run). */
  nextCode(prefix: string): string;
}

const KIB = 1024;
const MIB = 1024 * KIB;
const document100k = documentBytes({ size: 100 * KIB, seed: 100 });

/** One create-expediente: upload a 100 KiB document, POST /api/files, follow the saga to its end. */
export async function createOne(ctx: ScenarioContext, prefix = 'LOAD', initialOption = 'SEDE'): Promise<string> {
  const code = ctx.nextCode(prefix);
  const docId = await ctx.api.uploadDocument(`${code}.pdf`, document100k, 'application/pdf');
  const saga = await ctx.api.createExpediente({ code, initialOption, description: `Licencia de obra menor ${code}`, documents: [docId] });
  if (saga.status !== 'completed') throw new Error(`saga ${saga.id} ended ${saga.status}${saga.reason ? `: ${saga.reason}` : ''}`);
  return code;
}

/** Completed sagas per second, closed loop over `connections` workers. */
export function createClosedLoop(ctx: ScenarioContext, connections: number, durationMs: number): Promise<LoadResult> {
  return runClosedLoop({ connections, durationMs, task: async () => void (await createOne(ctx)) });
}

/** Create-expediente at a fixed arrival rate, latency from each intended start. */
export function createOpenModel(ctx: ScenarioContext, ratePerSecond: number, durationMs: number): Promise<LoadResult> {
  return runOpenModel({ ratePerSecond, durationMs, maxInFlight: 256, task: async () => void (await createOne(ctx)) });
}

/** INICIAL → ANALISIS_TECNICO → RECHAZADO → INICIAL …: a loop any number of transitions long. */
const CYCLE = ['INICIAL', 'ANALISIS_TECNICO', 'RECHAZADO'] as const;

/** Expedientes that transitions cycle through, one per worker so they never conflict. */
export class TransitionTargets {
  readonly #phase = new Map<string, number>();
  /** The process version each expediente is at: 1 when created, +1 per transition. */
  readonly #version = new Map<string, number>();

  add(code: string): void {
    this.#phase.set(code, 0);
    this.#version.set(code, 1);
  }

  codes(): string[] {
    return [...this.#phase.keys()];
  }

  /** Moves `code` one step round the cycle; returns the phase it entered. */
  async step(api: TramitaApi, code: string): Promise<string> {
    const at = this.#phase.get(code) ?? 0;
    const next = (at + 1) % CYCLE.length;
    const version = this.#version.get(code) ?? 1;
    await api.transition(code, CYCLE[next]!, version);
    this.#phase.set(code, next);
    this.#version.set(code, version + 1);
    return CYCLE[next]!;
  }
}

/** Transitions per second, closed loop, each worker on its own expediente. */
export function transitionsClosedLoop(ctx: ScenarioContext, targets: TransitionTargets, connections: number, durationMs: number): Promise<LoadResult> {
  const codes = targets.codes();
  if (codes.length < connections) throw new Error(`need ${connections} transition targets, have ${codes.length}`);
  return runClosedLoop({ connections, durationMs, task: async (worker) => void (await targets.step(ctx.api, codes[worker]!)) });
}

export interface LagResult {
  /** Commit (transition response) to visible in search, ms. */
  lagMs: number[];
  /** Median latency of one visibility poll (the resolution of the lag figure). */
  pollMs: number;
  background: LoadResult;
  /**
   * A transition took over LAG_FALLING_BEHIND_MS to show: the index does not keep up with the
   * background rate. The load was stopped, the last sample is the time the index took to catch up,
   * and sampling ended there (fewer samples than asked).
   */
  fellBehind: boolean;
}

/** A transition not visible after this long means the index falls behind the load. */
export const LAG_FALLING_BEHIND_MS = 30_000;
/** …and not visible this long after the load stopped means it is stuck: the run fails. */
export const LAG_GIVE_UP_MS = 600_000;

/** Initial option given only to the lag probe, so its visibility poll is an indexed filter, not a text search. */
export const LAG_PROBE_OPTION = { code: 'BENCH_LAG_PROBE', name: 'Sonda de retardo (benchmark)' };

/**
 * Read-model lag under load: while create-expediente runs at `backgroundRate`, move a probe
 * expediente (initial option LAG_PROBE_OPTION) and poll the list
 * (`initialOption=…&phase=to`) until the new phase shows. The clock starts
 * when the transition's 200 arrives (bpm has committed by then), so the figure is the time the
 * change spends in outbox → transport → index consumer → query, give or take one poll.
 */
export async function readModelLag(
  ctx: ScenarioContext,
  probe: string,
  targets: TransitionTargets,
  samples: number,
  backgroundRate: number,
): Promise<LagResult> {
  const lagMs: number[] = [];
  const polls: number[] = [];
  let stop = false;
  let fellBehind = false;
  const background = runOpenModel({
    ratePerSecond: backgroundRate,
    durationMs: 600_000,
    maxInFlight: 256,
    shouldStop: () => stop,
    task: async () => void (await createOne(ctx, 'LAGLOAD')),
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the background load settle
    for (let i = 0; i < samples; i += 1) {
      const to = await targets.step(ctx.api, probe);
      const committed = performance.now();
      for (;;) {
        const pollStarted = performance.now();
        const page = await ctx.api.search({ initialOption: LAG_PROBE_OPTION.code, phase: to, size: '5' });
        polls.push(performance.now() - pollStarted);
        if (page.items.some((item) => item.code === probe && item.phase?.code === to)) break;
        const waited = performance.now() - committed;
        // The index falls behind the load: stop the load and wait for it to catch up (this sample is that wait).
        if (waited > LAG_FALLING_BEHIND_MS) {
          stop = true;
          if (waited > LAG_GIVE_UP_MS) throw new Error(`${probe} not visible in ${to} after ${LAG_GIVE_UP_MS / 1000} s`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      lagMs.push(performance.now() - committed);
      if (stop) {
        fellBehind = true;
        break;
      }
    }
  } finally {
    stop = true;
  }
  const load = await background;
  return { lagMs, pollMs: median(polls), background: load, fellBehind };
}

export const SEARCH_KINDS = ['code', 'selective', 'broad', 'list', 'phase', 'deepPage'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The query string of each kind of list/search request over a seeded set of `rows`. */
export function searchQuery(kind: SearchKind, rows: number, i: number): Record<string, string> {
  switch (kind) {
    case 'code':
      return { q: expedienteCode((i * 7919) % rows) };
    case 'selective':
      return { q: QUERY_TERMS.selective.q };
    case 'broad':
      return { q: QUERY_TERMS.broad.q };
    case 'list':
      return {};
    case 'phase':
      return { phase: 'VALIDADO' };
    case 'deepPage':
      return { page: '500', size: '20', sort: 'code,asc' };
  }
}

/** Sequential list/search requests, the kinds interleaved, latency per kind. */
export async function searchLatencies(
  ctx: ScenarioContext,
  rows: number,
  perKind: number,
): Promise<{ latency: Record<SearchKind, LatencySummary>; totals: Record<SearchKind, number> }> {
  const samples = Object.fromEntries(SEARCH_KINDS.map((k) => [k, [] as number[]])) as Record<SearchKind, number[]>;
  const totals = {} as Record<SearchKind, number>;
  for (let i = 0; i < perKind; i += 1) {
    for (const kind of SEARCH_KINDS) {
      const started = performance.now();
      const page = await ctx.api.search(searchQuery(kind, rows, i));
      samples[kind].push(performance.now() - started);
      totals[kind] = page.total;
      if (kind === 'code' && page.total < 1) throw new Error(`code lookup found nothing: ${JSON.stringify(searchQuery(kind, rows, i))}`);
    }
  }
  const latency = Object.fromEntries(SEARCH_KINDS.map((k) => [k, latencySummary(samples[k])])) as Record<SearchKind, LatencySummary>;
  return { latency, totals };
}

export interface DocumentsResult {
  uploadMBps: number;
  downloadMBps: number;
  /**
   * Growth per concurrent 10 MiB upload (peak during `concurrent` uploads minus before, divided),
   * for each process the uploads pass through (`system.uploadProcesses()`), and the sum of those
   * growths (what the whole path holds per upload): RSS, and heap used + external (Buffers).
   */
  perUpload: { rss: Record<string, number>; js: Record<string, number>; totalRss: number; totalJs: number };
}

/** 10 MiB uploads and downloads, one at a time (MB/s = 10^6 bytes/s), then concurrent uploads for memory. */
export async function documents(ctx: ScenarioContext, count: number, concurrent: number, seed: number): Promise<DocumentsResult> {
  const size = 10 * MIB;
  const bytes = documentBytes({ size, seed });
  const up: number[] = [];
  const down: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    ids.push(await ctx.api.uploadDocument(`big-${seed}-${i}.pdf`, bytes, 'application/pdf'));
    up.push(size / 1e6 / ((performance.now() - started) / 1000));
  }
  for (const id of ids) {
    const started = performance.now();
    const response = await ctx.api.http.drain('GET', `/api/docs/${id}/content`);
    if (response.status !== 200 || response.bytes !== size) throw new Error(`download ${id}: HTTP ${response.status}, ${response.bytes} bytes`);
    down.push(size / 1e6 / ((performance.now() - started) / 1000));
  }
  const peaks = await peakMemoryDuring(ctx.system, ctx.system.uploadProcesses(), () =>
    Promise.all(Array.from({ length: concurrent }, (_, i) => ctx.api.uploadDocument(`mem-${seed}-${i}.pdf`, bytes, 'application/pdf'))),
  );
  const each = (peaks: Record<string, Peak>) =>
    Object.fromEntries(Object.entries(peaks).map(([name, p]) => [name, Math.max(0, p.peak - p.before) / concurrent]));
  const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  const rss = each(peaks.rss);
  const js = each(peaks.js);
  return { uploadMBps: median(up), downloadMBps: median(down), perUpload: { rss, js, totalRss: sum(rss), totalJs: sum(js) } };
}
