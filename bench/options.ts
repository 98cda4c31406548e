import { PROFILES, type Profile } from './profiles.ts';
import type { Mode } from './support/system.ts';

/** A mistake in the command line: printed as a sentence with the usage, never as a stack trace. */
export class UsageError extends Error {}

/** `--mode`: one topology, or `both` (all-in-one, then distributed, each with its own results). */
export function parseModes(value: string): Mode[] {
  switch (value) {
    case 'all-in-one':
    case 'distributed':
      return [value];
    case 'both':
      return ['all-in-one', 'distributed'];
    default:
      throw new UsageError(`unknown mode "${value}": use all-in-one, distributed or both`);
  }
}

function positiveInteger(option: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${option} must be a whole number of at least 1, not "${value}"`);
  return n;
}

/** `--profile` with the `--rounds` and `--rows` overrides. */
export function parseProfile(values: { profile: string; rounds?: string; rows?: string }): Profile {
  const base = Object.hasOwn(PROFILES, values.profile) ? PROFILES[values.profile as Profile['name']] : undefined;
  if (!base) throw new UsageError(`unknown profile "${values.profile}": use quick or full`);
  return {
    ...base,
    ...(values.rounds !== undefined ? { rounds: positiveInteger('rounds', values.rounds) } : {}),
    ...(values.rows !== undefined ? { indexRows: positiveInteger('rows', values.rows) } : {}),
  };
}

/** Where the index service keeps its read model in a distributed run (ADR 0019). */
export type IndexStore = 'postgres' | 'opensearch';

/** One benchmark of `--mode` × `--index-store`. */
export interface BenchRun {
  mode: Mode;
  indexStore: IndexStore;
}

/**
 * `--mode` and `--index-store` as the runs to make, in order. All-in-one always keeps its read
 * model in its embedded PGlite (the launcher has no other store), so `--index-store` chooses the
 * distributed runs' store: one, or `both` (PostgreSQL, then OpenSearch, each a run of its own).
 */
export function parseRuns(mode: string, indexStore: string): BenchRun[] {
  const modes = parseModes(mode);
  let stores: IndexStore[];
  switch (indexStore) {
    case 'postgres':
    case 'opensearch':
      stores = [indexStore];
      break;
    case 'both':
      stores = ['postgres', 'opensearch'];
      break;
    default:
      throw new UsageError(`unknown index store "${indexStore}": use postgres, opensearch or both`);
  }
  if (stores.includes('opensearch') && !modes.includes('distributed'))
    throw new UsageError('--index-store opensearch needs --mode distributed or both: all-in-one keeps its read model in its embedded PGlite');
  return modes.flatMap((m): BenchRun[] =>
    m === 'distributed' ? stores.map((indexStore) => ({ mode: m, indexStore })) : [{ mode: m, indexStore: 'postgres' }],
  );
}
