import { fmt, type buildDocument } from './report.ts';
import type { Spread } from './stats.ts';

type ResultsDocument = ReturnType<typeof buildDocument>;

/** The figures that depend on where the index keeps its read model: the searches, the lag, the index process's memory. */
export function storeDependent(name: string): boolean {
  return name.startsWith('search.') || name.startsWith('lag.') || /^memory\.[\w.]+\.index$/.test(name);
}

interface Cell {
  median: number;
  min: number;
  max: number;
  /** Median of the per-round ratios to the figure's baseline (bare HTTP round trips for searches). */
  ratio: number | null;
}

export interface StoreComparisonRow {
  figure: string;
  unit: string;
  baseline: string | null;
  postgres: Cell | null;
  opensearch: Cell | null;
  /** OpenSearch's median ÷ PostgreSQL's (below 1: OpenSearch faster or smaller). */
  opensearchToPostgres: number | null;
}

export interface StoreComparison {
  schema: 1;
  profile: string;
  indexRows: number;
  runs: {
    indexStore: string;
    variant: string;
    startedAt: string;
    durationS: number;
    seedMs: unknown;
    loadAverage: { atStart: number | null; atEnd: number | null };
  }[];
  rows: StoreComparisonRow[];
  /** What each search kind found (the last round): both stores must find the same. */
  searchTotals: { postgres: unknown; opensearch: unknown };
}

const cellOf = (f: { spread: Spread | null; ratio: Spread | null } | undefined): Cell | null =>
  f?.spread ? { median: f.spread.median, min: f.spread.min, max: f.spread.max, ratio: f.ratio?.median ?? null } : null;

/**
 * The distributed runs on PostgreSQL and on OpenSearch (`--index-store both`) side by side, for
 * the figures that depend on the store. Each run's ratios divide by baselines of its own rounds;
 * the runs are consecutive, not interleaved, so the ratio columns are the ones to compare.
 */
export function compareIndexStores(postgres: ResultsDocument, opensearch: ResultsDocument): StoreComparison {
  const names = [...new Set([...Object.keys(postgres.figures), ...Object.keys(opensearch.figures)])].filter(storeDependent);
  const rows = names.map((figure): StoreComparisonRow => {
    const pg = cellOf(postgres.figures[figure]);
    const os = cellOf(opensearch.figures[figure]);
    const definition = postgres.figures[figure] ?? opensearch.figures[figure]!;
    return {
      figure,
      unit: definition.unit,
      baseline: definition.baseline ?? null,
      postgres: pg,
      opensearch: os,
      opensearchToPostgres: pg && os && pg.median > 0 ? os.median / pg.median : null,
    };
  });
  const run = (doc: ResultsDocument) => ({
    indexStore: doc.indexStore,
    variant: doc.variant,
    startedAt: doc.startedAt,
    durationS: doc.durationS,
    seedMs: doc.dataset.seedMs,
    loadAverage: { atStart: doc.machine.loadAverageAtStart[0] ?? null, atEnd: doc.machine.loadAverageAtEnd[0] ?? null },
  });
  return {
    schema: 1,
    profile: postgres.profile,
    indexRows: postgres.dataset.indexRows,
    runs: [run(postgres), run(opensearch)],
    rows,
    searchTotals: { postgres: postgres.extra.searchTotals, opensearch: opensearch.extra.searchTotals },
  };
}

/** The comparison as markdown: one row per figure, each store's median (min–max) and ratio, and OpenSearch ÷ PostgreSQL. */
export function indexStoreMarkdown(c: StoreComparison): string {
  const cell = (x: Cell | null) => (x ? `${fmt(x.median)} (${fmt(x.min)}–${fmt(x.max)})` : '—');
  const ratio = (x: Cell | null) => (x?.ratio === null || x === null ? '—' : fmt(x.ratio));
  const lines: string[] = [];
  lines.push(
    `Profile \`${c.profile}\`, distributed, ${c.indexRows.toLocaleString('en')} expedientes in the read model; ${c.runs
      .map(
        (r) =>
          `${r.indexStore} run started ${r.startedAt} (${r.durationS} s, seeded in ${typeof r.seedMs === 'number' ? `${(r.seedMs / 1000).toFixed(1)} s` : '?'}, 1-minute load ${r.loadAverage.atStart?.toFixed(2) ?? '?'} / ${r.loadAverage.atEnd?.toFixed(2) ?? '?'})`,
      )
      .join('; ')}.`,
  );
  lines.push('');
  lines.push('| figure | unit | PostgreSQL | OpenSearch | OpenSearch ÷ PostgreSQL | ratio to | PostgreSQL ratio | OpenSearch ratio |');
  lines.push('|---|---|---:|---:|---:|---|---:|---:|');
  for (const r of c.rows) {
    lines.push(
      `| ${r.figure} | ${r.unit} | ${cell(r.postgres)} | ${cell(r.opensearch)} | ${r.opensearchToPostgres === null ? '—' : fmt(r.opensearchToPostgres)} | ${r.baseline ?? '—'} | ${ratio(r.postgres)} | ${ratio(r.opensearch)} |`,
    );
  }
  lines.push('');
  const totals = (t: unknown) =>
    t && typeof t === 'object'
      ? Object.entries(t)
          .map(([k, v]) => `${k} ${String(v)}`)
          .join(', ')
      : '—';
  lines.push(`Rows found per search (last round): PostgreSQL ${totals(c.searchTotals.postgres)}; OpenSearch ${totals(c.searchTotals.opensearch)}.`);
  lines.push(
    'Medians of rounds (min–max). The two runs are consecutive, not interleaved: compare the ratios, each to the baseline of its own round (searches: bare HTTP round trips). Memory of the index process only: OpenSearch itself (a JVM) and PostgreSQL are not counted.',
  );
  return `${lines.join('\n')}\n`;
}
