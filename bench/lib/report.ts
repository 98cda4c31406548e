import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { pairedRatios, significant, spread, type Spread } from './stats.ts';

export type BaselineName =
  'pgliteInsertTxPerSec' | 'pgliteTxMs' | 'postgresInsertTxPerSec' | 'postgresTxMs' | 'helloReqPerSec' | 'helloLatencyMs' | 'sha256CopyMBps';

export const BASELINES: Record<BaselineName, { unit: string; description: string }> = {
  pgliteInsertTxPerSec: { unit: 'tx/s', description: 'single-row INSERT transactions per second into PGlite on disk (Kysely, like the services)' },
  pgliteTxMs: { unit: 'ms', description: 'time of one such transaction (1000 / tx/s)' },
  postgresInsertTxPerSec: {
    unit: 'tx/s',
    description:
      'single-row INSERT transactions per second into the PostgreSQL server the services use (pgbench, as many clients as the closed loop has connections)',
  },
  postgresTxMs: { unit: 'ms', description: "pgbench's average time of one such transaction with those clients running at once" },
  helloReqPerSec: { unit: 'req/s', description: 'bare node:http hello in another process, closed loop' },
  helloLatencyMs: { unit: 'ms', description: 'bare node:http hello, median of sequential requests' },
  sha256CopyMBps: { unit: 'MB/s', description: 'stream copy of a file with SHA-256 on the way' },
};

export interface FigureDefinition {
  unit: string;
  description: string;
  /** The baseline of the same round the ratio divides by (none: reported as is). */
  baseline?: BaselineName;
  /** How to read the ratio. */
  ratioMeaning?: string;
  /** The process a memory figure belongs to, in a system of several (rendered in the per-process table). */
  process?: string;
}

/**
 * Collects per-round values of baselines and figures; ratios pair each figure with the baseline
 * of its own round (interleaved), then the median and spread of those ratios are reported.
 */
export class Results {
  readonly baselines = new Map<BaselineName, number[]>();
  readonly figures = new Map<string, { definition: FigureDefinition; perRound: (number | null)[] }>();
  readonly extra: Record<string, unknown> = {};
  readonly notes: string[] = [];

  baseline(name: BaselineName, round: number, value: number): void {
    const values = this.baselines.get(name) ?? [];
    values[round] = value;
    this.baselines.set(name, values);
  }

  figure(name: string, definition: FigureDefinition, round: number, value: number): void {
    const entry = this.figures.get(name) ?? { definition, perRound: [] };
    entry.perRound[round] = value;
    this.figures.set(name, entry);
  }

  summary() {
    const baselines = Object.fromEntries(
      [...this.baselines].map(([name, values]) => [name, { ...BASELINES[name], perRound: values, spread: spread(values.filter((v) => v !== undefined)) }]),
    );
    const figures = Object.fromEntries(
      [...this.figures].map(([name, { definition, perRound }]) => {
        const rounds = perRound.map((v, i) => [v, i] as const).filter(([v]) => v !== undefined && v !== null) as (readonly [number, number])[];
        const values = rounds.map(([v]) => v);
        let ratio: Spread | null = null;
        if (definition.baseline) {
          const base = this.baselines.get(definition.baseline) ?? [];
          const pairs = rounds.filter(([, i]) => base[i] !== undefined);
          if (pairs.length > 0)
            ratio = spread(
              pairedRatios(
                pairs.map(([v]) => v),
                pairs.map(([, i]) => base[i]!),
              ),
            );
        }
        return [name, { ...definition, perRound, spread: values.length > 0 ? spread(values) : null, ratio }];
      }),
    );
    return { baselines, figures };
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    const url = new URL(name === 'tramita' ? '../../package.json' : `../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Free memory and load average now: call it when the run starts. */
export function machineAtStart() {
  return { memFreeBytesAtStart: freemem(), loadAverageAtStart: loadavg() };
}

export function environment() {
  const cpuList = cpus();
  return {
    git: { revision: git(['rev-parse', 'HEAD']), dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '' },
    machine: {
      cpus: cpuList.length,
      model: cpuList[0]?.model ?? 'unknown',
      memTotalBytes: totalmem(),
      memFreeBytesAtStart: freemem(),
      loadAverageAtStart: loadavg(),
      platform: `${platform()} ${release()}`,
    },
    versions: {
      node: process.version,
      pglite: packageVersion('@electric-sql/pglite'),
      fastify: packageVersion('fastify'),
      kysely: packageVersion('kysely'),
      tramita: packageVersion('tramita'),
    },
  };
}

export const fmt = (value: number | undefined | null) => (value === undefined || value === null ? '—' : String(significant(value, 3)));
export const range = (s: Spread | null) => (s ? `${fmt(s.min)}–${fmt(s.max)}` : '—');

/** The markdown table of a results document (README and bench/results/*.md). */
export function markdown(doc: ReturnType<typeof buildDocument>): string {
  const engines =
    doc.mode === 'distributed'
      ? `PostgreSQL ${doc.versions.postgresql ?? 'unknown'}, Kafka ${doc.versions.kafka ?? 'unknown'}${doc.indexStore === 'opensearch' ? `, OpenSearch ${doc.versions.opensearch ?? 'unknown'}` : ''}`
      : `PGlite ${doc.versions.pglite}`;
  const lines: string[] = [];
  lines.push(
    `Profile \`${doc.profile}\`, ${doc.mode}, ${doc.rounds} interleaved rounds, ${doc.dataset.indexRows.toLocaleString('en')} expedientes in the read model${doc.indexStore === 'opensearch' ? ' (on OpenSearch)' : ''}.`,
  );
  lines.push(
    `Revision \`${doc.git.revision.slice(0, 12)}\`${doc.git.dirty ? ' (dirty)' : ''}, ${doc.startedAt}; ${doc.machine.cpus} × ${doc.machine.model}, ${(doc.machine.memTotalBytes / 2 ** 30).toFixed(1)} GiB; Node ${doc.versions.node}, ${engines}.`,
  );
  lines.push('');
  lines.push('**Baselines (same run)**');
  lines.push('');
  lines.push('| baseline | median | min–max |');
  lines.push('|---|---:|---:|');
  for (const [name, b] of Object.entries(doc.baselines)) lines.push(`| ${name} (${b.unit}) | ${fmt(b.spread.median)} | ${range(b.spread)} |`);
  lines.push('');
  lines.push('**Figures** (median of rounds, min–max across rounds; ratio = figure ÷ baseline of the same round)');
  lines.push('');
  lines.push('| figure | unit | median | min–max | ratio to | ratio median | ratio min–max |');
  lines.push('|---|---|---:|---:|---|---:|---:|');
  for (const [name, f] of Object.entries(doc.figures)) {
    if (f.process !== undefined) continue;
    lines.push(`| ${name} | ${f.unit} | ${fmt(f.spread?.median)} | ${range(f.spread)} | ${f.baseline ?? '—'} | ${fmt(f.ratio?.median)} | ${range(f.ratio)} |`);
  }
  lines.push(...processTable(doc.figures));
  if (doc.notes.length > 0) {
    lines.push('');
    lines.push('**Notes**');
    lines.push('');
    for (const note of doc.notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

type SummaryFigure = ReturnType<Results['summary']>['figures'][string];

/**
 * Figures of several processes as one table: a row per process, a column per measure (the
 * figure's name without its `.<process>` suffix), each cell the median (min–max when the rounds
 * differ). Empty when no figure names a process (all-in-one).
 */
export function processTable(figures: Record<string, SummaryFigure>): string[] {
  const rows: string[] = [];
  const columns: string[] = [];
  const cells = new Map<string, string>();
  const units = new Map<string, string>();
  for (const [name, f] of Object.entries(figures)) {
    if (f.process === undefined) continue;
    const column = name.endsWith(`.${f.process}`) ? name.slice(0, -(f.process.length + 1)) : name;
    if (!rows.includes(f.process)) rows.push(f.process);
    if (!columns.includes(column)) columns.push(column);
    units.set(column, f.unit);
    const s = f.spread;
    cells.set(`${f.process}\u0000${column}`, !s ? '—' : s.min === s.max ? fmt(s.median) : `${fmt(s.median)} (${range(s)})`);
  }
  if (rows.length === 0) return [];
  return [
    '',
    '**Memory per process** (median of rounds, min–max when they differ; `total`: all processes sampled together, per-upload growth: the sum over the upload path)',
    '',
    `| process | ${columns.map((c) => `${c} (${units.get(c)})`).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...rows.map((row) => `| ${row} | ${columns.map((c) => cells.get(`${row}\u0000${c}`) ?? '—').join(' | ')} |`),
  ];
}

/** Base name of a run's result files: profile, mode and start time (e.g. quick-distributed-2026-11-22T0558). */
export function resultName(profile: string, mode: string, startedAt: Date): string {
  return `${profile}-${mode}-${startedAt.toISOString().replace(/[:]/g, '').slice(0, 15)}`;
}

/**
 * A note when other work shared the CPU: the 1-minute load average at the start or the end
 * reached half the cores (the benchmark itself adds load while it runs, so the start matters most).
 */
export function busyMachineNote(loadAtStart: number, loadAtEnd: number, cpuCount: number): string | undefined {
  if (Math.max(loadAtStart, loadAtEnd) < cpuCount / 2) return undefined;
  return `The machine was busy: 1-minute load average ${loadAtStart.toFixed(2)} at the start and ${loadAtEnd.toFixed(2)} at the end on ${cpuCount} cores (other work shared the CPU; absolute figures are lower than on a quiet machine, read the ratios).`;
}

export function buildDocument(input: {
  profile: string;
  mode: string;
  /** Where the index kept its read model: its database (PGlite all-in-one, PostgreSQL distributed) or OpenSearch. */
  indexStore?: 'postgres' | 'opensearch';
  rounds: number;
  startedAt: string;
  durationS: number;
  settings: unknown;
  dataset: { indexRows: number; [key: string]: unknown };
  results: Results;
  /** Versions of the servers the mode runs on (distributed: postgresql, kafka). */
  versions?: { postgresql?: string; kafka?: string; opensearch?: string };
  /** The machine when the run started (`machineAtStart()`); the document is built at the end. */
  atStart?: ReturnType<typeof machineAtStart>;
}) {
  const env = environment();
  const versions: ReturnType<typeof environment>['versions'] & { postgresql?: string; kafka?: string; opensearch?: string } = {
    ...env.versions,
    ...input.versions,
  };
  const indexStore = input.indexStore ?? 'postgres';
  const machine = { ...env.machine, ...input.atStart, loadAverageAtEnd: loadavg() };
  const { baselines, figures } = input.results.summary();
  return {
    schema: 1,
    profile: input.profile,
    mode: input.mode,
    indexStore,
    /** The mode, and the index store when it is not the mode's own database: names the result files. */
    variant: indexStore === 'opensearch' ? `${input.mode}-opensearch` : input.mode,
    rounds: input.rounds,
    startedAt: input.startedAt,
    durationS: input.durationS,
    ...env,
    machine,
    versions,
    settings: input.settings,
    dataset: input.dataset,
    baselines,
    figures,
    extra: input.results.extra,
    notes: input.results.notes,
  };
}
