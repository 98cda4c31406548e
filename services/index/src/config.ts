import { z } from 'zod';
import { parseEnv } from '@tramita/platform';
import { isValidTimeZone } from './application/zoned-time.ts';

/** The index's own settings, from the environment. */
export const indexConfigSchema = z.object({
  /** IANA time zone in which date-only `from`/`to` filters and offset-less date-times are read. */
  INDEX_TIME_ZONE: z.string().default('Europe/Madrid').refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Madrid' }),
});

export type IndexConfig = z.infer<typeof indexConfigSchema>;

/** Reads the index's settings once at boot; a bad value stops start-up with every problem named. */
export function loadConfig(env: Record<string, string | undefined>): IndexConfig {
  return parseEnv(indexConfigSchema, env, 'index configuration');
}
