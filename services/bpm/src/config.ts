import { z } from 'zod';
import { parseEnv } from '@tramita/platform';
import type { CalendarDefaults } from './application/legal-calendar.ts';

const schema = z.object({
  /** Procedure used when CreateProcess names none. */
  BPM_DEFAULT_PROCEDURE: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'a procedure code: upper case letters, digits or "_"')
    .default('EXPEDIENTE'),
  /** How often this replica looks for due timers and expired plazos (ADR 0015, 0016); 0 turns the pollers off. */
  BPM_TIMER_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  /**
   * The seat of organisms that have not stated theirs (ADR 0016): a community and optionally an INE
   * municipality, e.g. `ES-AN:41091` (Sevilla). Plazos count on its calendar until the organism states its own.
   */
  BPM_CALENDAR_SEAT: z
    .string()
    .regex(/^ES-[A-Z]{2}(:\d{5})?$/, 'a community code, optionally with an INE municipality code: ES-AN or ES-AN:41091')
    .default('ES-AN:41091'),
  /** The sede's official time zone for those organisms (art. 31.2). */
  BPM_CALENDAR_TIME_ZONE: z.enum(['Europe/Madrid', 'Atlantic/Canary']).default('Europe/Madrid'),
});

export interface BpmConfig {
  defaultProcedureCode: string;
  timerIntervalMs: number;
  calendarDefaults: CalendarDefaults;
}

/** Reads the bpm settings from the environment once, at start. */
export function loadConfig(env: Record<string, string | undefined>): BpmConfig {
  const parsed = parseEnv(schema, env, 'bpm configuration');
  const [community = 'ES-AN', municipality] = parsed.BPM_CALENDAR_SEAT.split(':');
  return {
    defaultProcedureCode: parsed.BPM_DEFAULT_PROCEDURE,
    timerIntervalMs: parsed.BPM_TIMER_INTERVAL_MS,
    calendarDefaults: { community, municipality: municipality ?? null, timeZone: parsed.BPM_CALENDAR_TIME_ZONE },
  };
}
