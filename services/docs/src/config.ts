import { z } from 'zod';
import { loadConfig } from '@tramita/platform';
import { DEFAULT_ALLOWED_MEDIA_TYPES } from './application/media-type.ts';

const mediaTypeList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, 'not a media type')).min(1));

/** An empty variable counts as unset (ConfigMaps often carry blank keys). */
const unsetIfBlank = <S extends z.ZodType>(inner: S) => z.preprocess((value) => (value === '' ? undefined : value), inner);

const schema = z.object({
  /** Largest accepted upload in bytes (default 50 MiB). */
  DOCS_MAX_UPLOAD_BYTES: unsetIfBlank(z.coerce.number().int().positive().default(52_428_800)),
  /** Comma-separated media types accepted, as detected from the content. */
  DOCS_ALLOWED_MEDIA_TYPES: unsetIfBlank(mediaTypeList.default([...DEFAULT_ALLOWED_MEDIA_TYPES])),
  /** Unattached uploads older than this are deleted by the sweeper. */
  DOCS_UNATTACHED_TTL_HOURS: unsetIfBlank(z.coerce.number().positive().default(24)),
  /** How often the sweeper runs; 0 turns it off. */
  DOCS_SWEEP_INTERVAL_SECONDS: unsetIfBlank(z.coerce.number().min(0).default(900)),
  /**
   * Where blobs live. Only `filesystem` exists yet; asking for another store stops the start
   * instead of silently writing documents to a local disk that replicas do not share.
   */
  DOCS_BLOB_STORE: unsetIfBlank(
    z.enum(['filesystem'], { error: 'only "filesystem" is available in this version (the S3 store is not implemented yet)' }).default('filesystem'),
  ),
});

export interface DocsConfig {
  maxUploadBytes: number;
  allowedMediaTypes: ReadonlySet<string>;
  unattachedTtlHours: number;
  sweepIntervalMs: number;
}

/** The docs service's settings from the environment, validated once at boot. */
export function loadDocsConfig(env: Record<string, string | undefined>): DocsConfig {
  const parsed = loadConfig(schema, env, 'docs configuration');
  return {
    maxUploadBytes: parsed.DOCS_MAX_UPLOAD_BYTES,
    allowedMediaTypes: new Set(parsed.DOCS_ALLOWED_MEDIA_TYPES),
    unattachedTtlHours: parsed.DOCS_UNATTACHED_TTL_HOURS,
    sweepIntervalMs: Math.round(parsed.DOCS_SWEEP_INTERVAL_SECONDS * 1000),
  };
}
