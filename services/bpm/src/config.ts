import { z } from 'zod';
import { parseEnv } from '@tramita/platform';

const schema = z.object({
  /** Procedure used when CreateProcess names none. */
  BPM_DEFAULT_PROCEDURE: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'a procedure code: upper case letters, digits or "_"')
    .default('EXPEDIENTE'),
  /** How often this replica looks for due timers (ADR 0015); 0 turns the poller off. */
  BPM_TIMER_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
});

export interface BpmConfig {
  defaultProcedureCode: string;
  timerIntervalMs: number;
}

/** Reads the bpm settings from the environment once, at start. */
export function loadConfig(env: Record<string, string | undefined>): BpmConfig {
  const parsed = parseEnv(schema, env, 'bpm configuration');
  return { defaultProcedureCode: parsed.BPM_DEFAULT_PROCEDURE, timerIntervalMs: parsed.BPM_TIMER_INTERVAL_MS };
}
