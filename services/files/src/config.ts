import { z } from 'zod';
import { parseEnv } from '@tramita/platform';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  /** How long the create-expediente saga waits for a participant's reply before compensating. */
  FILES_SAGA_TIMEOUT_MS: positiveInt(60_000),
  /** How often overdue sagas are looked for. */
  FILES_SAGA_SWEEP_INTERVAL_MS: positiveInt(1_000),
  /** Fallback database poll of a saga event stream (changes made by other replicas). */
  FILES_SSE_POLL_MS: positiveInt(500),
  /** Comment lines that keep idle event streams open through proxies. */
  FILES_SSE_HEARTBEAT_MS: positiveInt(15_000),
  /** How long bpm may take to say whether an initial option's procedure exists before the option is refused with 503. */
  FILES_PROCEDURE_CATALOGUE_TIMEOUT_MS: positiveInt(3_000),
});

export type FilesConfig = z.infer<typeof schema>;

export const loadConfig = (env: Record<string, string | undefined>): FilesConfig => parseEnv(schema, env, 'files configuration');
