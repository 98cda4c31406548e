import { z } from 'zod';
import { parseEnv } from '@tramita/platform';
import { isValidTimeZone } from './application/zoned-time.ts';

/** The index's own settings, from the environment. */
export const indexConfigSchema = z
  .object({
    /** IANA time zone in which date-only `from`/`to` filters and offset-less date-times are read. */
    INDEX_TIME_ZONE: z.string().default('Europe/Madrid').refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Madrid' }),
    /**
     * Where the read model lives: `postgres`, the service's own database (PGlite embedded or a
     * server), or `opensearch` (ADR 0019). Messaging (inbox, dead letters) stays in the database either way.
     */
    INDEX_STORE: z.enum(['postgres', 'opensearch']).default('postgres'),
    /** OpenSearch's HTTP address, credentials in it if it asks for them (`https://user:secret@search:9200`); needed with INDEX_STORE=opensearch. */
    INDEX_OPENSEARCH_URL: z
      .string()
      .optional()
      .refine((value) => value === undefined || /^https?:\/\/[^/\s]+/i.test(value), { message: 'must be an http:// or https:// URL' }),
    /** Names of the read model's indices start with it: `<prefix>-files`, `-processes`, `-plazos`, `-list`. */
    INDEX_OPENSEARCH_INDEX_PREFIX: z
      .string()
      .default('tramita-index')
      .refine((value) => /^[a-z0-9][a-z0-9_-]{0,199}$/.test(value), {
        message: 'must be lower-case letters, digits, "-" or "_", starting with a letter or digit',
      }),
  })
  .superRefine((config, context) => {
    if (config.INDEX_STORE === 'opensearch' && !config.INDEX_OPENSEARCH_URL) {
      context.addIssue({ code: 'custom', path: ['INDEX_OPENSEARCH_URL'], message: 'is required when INDEX_STORE=opensearch (e.g. http://127.0.0.1:19200)' });
    }
  });

export type IndexConfig = z.infer<typeof indexConfigSchema>;

/** Reads the index's settings once at boot; a bad value stops start-up with every problem named. */
export function loadConfig(env: Record<string, string | undefined>): IndexConfig {
  return parseEnv(indexConfigSchema, env, 'index configuration');
}
