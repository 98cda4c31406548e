import { fmt, range, type buildDocument } from './report.ts';
import type { Spread } from './stats.ts';

type ResultsDocument = ReturnType<typeof buildDocument>;

/**
 * Two runs of the same profile side by side (all-in-one and distributed, made back to back with
 * `--mode both`): baselines and figures by name, absolute medians with min–max. Ratios are left
 * to each run's own table, because they divide by different database engines. A memory figure of
 * a one-process run faces the `.total` of a several-process run.
 */
export function comparisonMarkdown(runs: readonly ResultsDocument[]): string {
  const cell = (s: Spread | null | undefined) => (s ? `${fmt(s.median)} (${range(s)})` : '—');
  const lines: string[] = [];
  lines.push(`Profile \`${runs[0]?.profile ?? '?'}\`, ${runs.map((r) => `${r.variant} started ${r.startedAt}`).join('; ')}.`);
  const load = (values: number[] | undefined) => values?.[0]?.toFixed(2) ?? '?';
  lines.push(
    `1-minute load average at start / end (${runs[0]?.machine.cpus ?? '?'} cores): ${runs.map((r) => `${r.variant} ${load(r.machine.loadAverageAtStart)} / ${load(r.machine.loadAverageAtEnd)}`).join('; ')}.`,
  );
  lines.push('');
  lines.push(`| | unit | ${runs.map((r) => r.variant).join(' | ')} |`);
  lines.push(`|---|---|${runs.map(() => '---:').join('|')}|`);
  const baselineNames = [...new Set(runs.flatMap((r) => Object.keys(r.baselines)))];
  for (const name of baselineNames) {
    const unit = runs.map((r) => r.baselines[name]?.unit).find(Boolean) ?? '';
    lines.push(`| baseline ${name} | ${unit} | ${runs.map((r) => cell(r.baselines[name]?.spread)).join(' | ')} |`);
  }
  const figureOf = (run: ResultsDocument, name: string) => run.figures[name] ?? run.figures[`${name}.total`];
  const names = [
    ...new Set(
      runs.flatMap((r) =>
        Object.entries(r.figures)
          .filter(([, f]) => f.process === undefined)
          .map(([name]) => name),
      ),
    ),
  ];
  for (const name of names) {
    const unit = runs.map((r) => figureOf(r, name)?.unit).find(Boolean) ?? '';
    lines.push(`| ${name} | ${unit} | ${runs.map((r) => cell(figureOf(r, name)?.spread)).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
