import { z } from 'zod';
import { booleanFromEnv, parseEnv } from '@tramita/platform';
import { DEFAULT_ALLOWED_MEDIA_TYPES } from './application/media-type.ts';
import { normalizeKeyPrefix } from './application/blob-key-prefix.ts';

const mediaTypeList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, 'not a media type')).min(1));

/** An empty variable counts as unset (ConfigMaps often carry blank keys). */
const unsetIfBlank = <S extends z.ZodType>(inner: S) => z.preprocess((value) => (value === '' ? undefined : value), inner);

/** What DOCS_BLOB_STORE=s3 cannot do without. */
const S3_REQUIRED = ['DOCS_S3_ENDPOINT', 'DOCS_S3_BUCKET', 'DOCS_S3_REGION', 'DOCS_S3_ACCESS_KEY_ID', 'DOCS_S3_SECRET_ACCESS_KEY'] as const;

const schema = z
  .object({
    /** Largest accepted upload in bytes (default 50 MiB). */
    DOCS_MAX_UPLOAD_BYTES: unsetIfBlank(z.coerce.number().int().positive().default(52_428_800)),
    /** An upload that receives nothing for this long is abandoned with 408 and leaves nothing (default 30 s). */
    DOCS_UPLOAD_IDLE_TIMEOUT_MS: unsetIfBlank(z.coerce.number().int().min(100).max(600_000).default(30_000)),
    /** Comma-separated media types accepted, as detected from the content. */
    DOCS_ALLOWED_MEDIA_TYPES: unsetIfBlank(mediaTypeList.default([...DEFAULT_ALLOWED_MEDIA_TYPES])),
    /** Unattached uploads older than this are deleted by the sweeper. */
    DOCS_UNATTACHED_TTL_HOURS: unsetIfBlank(z.coerce.number().positive().default(24)),
    /** How often the sweeper runs; 0 turns it off. */
    DOCS_SWEEP_INTERVAL_SECONDS: unsetIfBlank(z.coerce.number().min(0).default(900)),
    /** Where blobs live: `filesystem` (one machine) or `s3` (replicas share a bucket). */
    DOCS_BLOB_STORE: unsetIfBlank(z.enum(['filesystem', 's3']).default('filesystem')),
    /** Base URL of the S3 API; never with credentials in it. */
    DOCS_S3_ENDPOINT: unsetIfBlank(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .refine((value) => !/\/\/[^/]*@/.test(value), 'must not carry credentials (use DOCS_S3_ACCESS_KEY_ID and DOCS_S3_SECRET_ACCESS_KEY)')
        .optional(),
    ),
    DOCS_S3_BUCKET: unsetIfBlank(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a bucket name (3-63 lower-case letters, digits, "." or "-")')
        .optional(),
    ),
    DOCS_S3_REGION: unsetIfBlank(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, 'not a region name')
        .optional(),
    ),
    /** Path-style addressing (`endpoint/bucket/key`), what most S3-compatible servers need. */
    DOCS_S3_FORCE_PATH_STYLE: unsetIfBlank(booleanFromEnv.default(true)),
    DOCS_S3_ACCESS_KEY_ID: unsetIfBlank(z.string().optional()),
    DOCS_S3_SECRET_ACCESS_KEY: unsetIfBlank(z.string().optional()),
    /** Key prefix, so one bucket can serve several installations. */
    DOCS_S3_PREFIX: unsetIfBlank(
      z
        .string()
        .default('')
        .transform((value, context) => {
          const prefix = normalizeKeyPrefix(value);
          if (prefix === null)
            context.addIssue({
              code: 'custom',
              message: 'use "/"-separated segments of letters, digits, ".", "-" or "_" (no leading "/")',
            });
          return prefix ?? '';
        }),
    ),
    /** Create the bucket at start when it is missing (development and compose). */
    DOCS_S3_CREATE_BUCKET: unsetIfBlank(booleanFromEnv.default(false)),
    /**
     * The published act that regulates this installation's CSVs (RegulacionGeneracionCSV: a BOE or
     * BOP reference or an ELI URI; Ley 40/2015 art. 42.b). No CSV is issued until it is set.
     */
    DOCS_CSV_REGULATION: unsetIfBlank(z.string().trim().min(3).max(300).optional()),
    /** How many years a CSV stays verifiable, as the regulation says; unset: indefinitely. */
    DOCS_CSV_AVAILABILITY_YEARS: unsetIfBlank(z.coerce.number().int().min(1).max(200).optional()),
    /** The sede's public verification page (`https://sede.example/verificar`); a CSV is appended to it. */
    DOCS_VERIFICATION_URL: unsetIfBlank(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    /** Every verification lookup takes at least this long, found or not (unknown and annulled codes look alike). */
    DOCS_VERIFICATION_MIN_MS: unsetIfBlank(z.coerce.number().int().min(0).max(5000).default(200)),
    /** The sede's time zone: ENI dates carry its offset, identifiers its year. */
    DOCS_TIME_ZONE: unsetIfBlank(z.enum(['Europe/Madrid', 'Atlantic/Canary']).default('Europe/Madrid')),
    /** PEM files of the organ's seal (sello de órgano): PKCS#8 private key and X.509 certificate; both or neither. */
    DOCS_SEAL_KEY_FILE: unsetIfBlank(z.string().optional()),
    DOCS_SEAL_CERTIFICATE_FILE: unsetIfBlank(z.string().optional()),
    /** XAdES-EPES signature policy (identifier, digest algorithm URI, base64 digest); all three or none. */
    DOCS_SIGNATURE_POLICY_ID: unsetIfBlank(z.string().optional()),
    DOCS_SIGNATURE_POLICY_DIGEST_ALGORITHM: unsetIfBlank(z.string().optional()),
    DOCS_SIGNATURE_POLICY_DIGEST: unsetIfBlank(z.string().optional()),
    /** Largest ENI ZIP accepted for import (default 200 MiB). */
    DOCS_MAX_IMPORT_BYTES: unsetIfBlank(z.coerce.number().int().positive().default(209_715_200)),
    /** How long files may take to answer docs about an expediente. */
    DOCS_FILES_TIMEOUT_MS: unsetIfBlank(z.coerce.number().int().min(100).max(60_000).default(5000)),
  })
  .superRefine(
    (env, context) => {
      if (env.DOCS_BLOB_STORE !== 's3') return;
      if ((env.DOCS_SEAL_KEY_FILE === undefined) !== (env.DOCS_SEAL_CERTIFICATE_FILE === undefined)) {
        context.addIssue({ code: 'custom', path: ['DOCS_SEAL_KEY_FILE'], message: 'set DOCS_SEAL_KEY_FILE and DOCS_SEAL_CERTIFICATE_FILE together' });
      }
      const policy = [env.DOCS_SIGNATURE_POLICY_ID, env.DOCS_SIGNATURE_POLICY_DIGEST_ALGORITHM, env.DOCS_SIGNATURE_POLICY_DIGEST];
      if (policy.some((v) => v !== undefined) && policy.some((v) => v === undefined)) {
        context.addIssue({ code: 'custom', path: ['DOCS_SIGNATURE_POLICY_ID'], message: 'set the three DOCS_SIGNATURE_POLICY_* together' });
      }
      if (env.DOCS_CSV_REGULATION !== undefined && env.DOCS_VERIFICATION_URL === undefined) {
        context.addIssue({ code: 'custom', path: ['DOCS_VERIFICATION_URL'], message: 'required when DOCS_CSV_REGULATION is set (printed copies point there)' });
      }
      if (env.DOCS_BLOB_STORE === 's3') {
        for (const key of S3_REQUIRED) {
          if (env[key] === undefined) context.addIssue({ code: 'custom', path: [key], message: 'required when DOCS_BLOB_STORE=s3' });
        }
      }
      // Also when other settings are wrong: start-up names every problem at once.
    },
    { when: () => true },
  );

/** The bucket the documents live in, and how to reach it. */
export interface S3BlobStoreConfig {
  /** Base URL of the S3 API (`https://s3.example`); never carries credentials. */
  endpoint: string;
  region: string;
  bucket: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`: what most S3-compatible servers expect. */
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** Empty, or ending in "/". */
  prefix: string;
  createBucket: boolean;
}

export type BlobStoreConfig = { kind: 'filesystem' } | ({ kind: 's3' } & S3BlobStoreConfig);

/** The organ's seal and the signature policy its signatures declare (ADR 0017). */
export interface SealConfig {
  keyFile: string;
  certificateFile: string;
  policy: { identifier: string; digestAlgorithm: string; digestValue: string } | null;
}

export interface DocsConfig {
  /** Null until the CSV regulation (and the verification page) are configured: no CSV is issued. */
  csv: { regulation: string; availabilityYears: number | null; verificationUrl: string } | null;
  verificationMinMs: number;
  timeZone: string;
  seal: SealConfig | null;
  filesTimeoutMs: number;
  maxImportBytes: number;
  maxUploadBytes: number;
  uploadIdleTimeoutMs: number;
  allowedMediaTypes: ReadonlySet<string>;
  unattachedTtlHours: number;
  sweepIntervalMs: number;
  blobStore: BlobStoreConfig;
}

/** The docs service's settings from the environment, validated once at boot. */
export function loadConfig(env: Record<string, string | undefined>): DocsConfig {
  const parsed = parseEnv(schema, env, 'docs configuration');
  return {
    maxUploadBytes: parsed.DOCS_MAX_UPLOAD_BYTES,
    uploadIdleTimeoutMs: parsed.DOCS_UPLOAD_IDLE_TIMEOUT_MS,
    allowedMediaTypes: new Set(parsed.DOCS_ALLOWED_MEDIA_TYPES),
    unattachedTtlHours: parsed.DOCS_UNATTACHED_TTL_HOURS,
    sweepIntervalMs: Math.round(parsed.DOCS_SWEEP_INTERVAL_SECONDS * 1000),
    blobStore: blobStoreConfig(parsed),
    csv:
      parsed.DOCS_CSV_REGULATION && parsed.DOCS_VERIFICATION_URL
        ? {
            regulation: parsed.DOCS_CSV_REGULATION,
            availabilityYears: parsed.DOCS_CSV_AVAILABILITY_YEARS ?? null,
            verificationUrl: parsed.DOCS_VERIFICATION_URL,
          }
        : null,
    verificationMinMs: parsed.DOCS_VERIFICATION_MIN_MS,
    timeZone: parsed.DOCS_TIME_ZONE,
    seal:
      parsed.DOCS_SEAL_KEY_FILE && parsed.DOCS_SEAL_CERTIFICATE_FILE
        ? {
            keyFile: parsed.DOCS_SEAL_KEY_FILE,
            certificateFile: parsed.DOCS_SEAL_CERTIFICATE_FILE,
            policy:
              parsed.DOCS_SIGNATURE_POLICY_ID && parsed.DOCS_SIGNATURE_POLICY_DIGEST_ALGORITHM && parsed.DOCS_SIGNATURE_POLICY_DIGEST
                ? {
                    identifier: parsed.DOCS_SIGNATURE_POLICY_ID,
                    digestAlgorithm: parsed.DOCS_SIGNATURE_POLICY_DIGEST_ALGORITHM,
                    digestValue: parsed.DOCS_SIGNATURE_POLICY_DIGEST,
                  }
                : null,
          }
        : null,
    filesTimeoutMs: parsed.DOCS_FILES_TIMEOUT_MS,
    maxImportBytes: parsed.DOCS_MAX_IMPORT_BYTES,
  };
}

function blobStoreConfig(parsed: z.infer<typeof schema>): BlobStoreConfig {
  if (parsed.DOCS_BLOB_STORE === 'filesystem') return { kind: 'filesystem' };
  const required = (value: string | undefined): string => {
    if (value === undefined) throw new Error('unreachable: the schema requires every S3 setting');
    return value;
  };
  return {
    kind: 's3',
    endpoint: required(parsed.DOCS_S3_ENDPOINT),
    region: required(parsed.DOCS_S3_REGION),
    bucket: required(parsed.DOCS_S3_BUCKET),
    forcePathStyle: parsed.DOCS_S3_FORCE_PATH_STYLE,
    accessKeyId: required(parsed.DOCS_S3_ACCESS_KEY_ID),
    secretAccessKey: required(parsed.DOCS_S3_SECRET_ACCESS_KEY),
    prefix: parsed.DOCS_S3_PREFIX,
    createBucket: parsed.DOCS_S3_CREATE_BUCKET,
  };
}
