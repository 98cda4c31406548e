import { z } from 'zod';
import { parseEnv } from '@tramita/platform';

const schema = z.object({
  /** Procedure used when CreateProcess names none. */
  BPM_DEFAULT_PROCEDURE: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'a procedure code: upper case letters, digits or "_"')
    .default('EXPEDIENTE'),
});

export interface BpmConfig {
  defaultProcedureCode: string;
}

/** Reads the bpm settings from the environment once, at start. */
export function loadConfig(env: Record<string, string | undefined>): BpmConfig {
  const parsed = parseEnv(schema, env, 'bpm configuration');
  return { defaultProcedureCode: parsed.BPM_DEFAULT_PROCEDURE };
}
