import type { FigureDefinition } from './report.ts';

export interface NamedFigure {
  name: string;
  definition: FigureDefinition;
  value: number;
}

/**
 * The figures of one memory measure taken on every process of the system under test. One
 * process (all-in-one) keeps the plain name, so its figures stay comparable with earlier runs;
 * several (distributed) give `<base>.<process>` for each plus `<base>.total`, each marked with
 * its process so the report gathers them in the per-process table.
 */
export function memoryFigures(
  processes: readonly string[],
  base: string,
  definition: FigureDefinition,
  values: Readonly<Record<string, number>>,
  total: number,
): NamedFigure[] {
  const value = (process: string) => {
    const v = values[process];
    if (v === undefined) throw new Error(`no ${base} value for process ${process}`);
    return v;
  };
  if (processes.length === 1) return [{ name: base, definition, value: value(processes[0]!) }];
  return [
    ...processes.map((process) => ({ name: `${base}.${process}`, definition: { ...definition, process }, value: value(process) })),
    { name: `${base}.total`, definition: { ...definition, process: 'total' }, value: total },
  ];
}

/** Bytes to MiB for every entry. */
export function toMiB(values: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, bytes]) => [key, bytes / 2 ** 20]));
}
