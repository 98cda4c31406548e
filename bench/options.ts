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
