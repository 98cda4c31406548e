import { resolve } from 'node:path';
import { z } from 'zod';
import { DIR3_CODE_PATTERN } from '@tramita/kernel';
import { commaSeparated, parseEnv } from '@tramita/platform';

/** Settings of `tramita start`, from the environment (flags override some of them). */
const schema = z.object({
  TRAMITA_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** A port serving only GET /metrics (token checked as on PORT), for a Prometheus outside the mesh (ADR 0022); unset: /metrics on PORT only. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).default('tramita-api'),
  OIDC_JWKS_URL: z.url().optional(),
  /** The installation's default organism (DIR3): existing data and tokens that name no organism belong to it (ADR 0013). */
  TRAMITA_DEFAULT_ORGANISM: z
    .string()
    .regex(DIR3_CODE_PATTERN, 'must be a DIR3 code: 9 upper-case letters or digits, starting with a letter')
    .default('E00000000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().optional(),
  TRAMITA_TRANSPORT: z.enum(['in-process', 'kafka']).default('in-process'),
  /** Bootstrap brokers of the Kafka transport, comma separated host:port. */
  KAFKA_BROKERS: commaSeparated(z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'each broker must be host:port, e.g. 127.0.0.1:59092')),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
  /** Prefix of every topic and consumer group, so several systems can share one cluster. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-" only')
    .default(''),
  TRAMITA_TEST_RELAY_DELAY_MS: z.coerce.number().int().min(0).optional(),
  TRAMITA_AUTH_URL: z.url().optional(),
  TRAMITA_FILES_URL: z.url().optional(),
  TRAMITA_BPM_URL: z.url().optional(),
  TRAMITA_DOCS_URL: z.url().optional(),
  TRAMITA_INDEX_URL: z.url().optional(),
});

export interface LauncherConfig {
  dataDir: string;
  port: number;
  metricsPort: number | undefined;
  host: string;
  publicUrl: string;
  issuer: string;
  audience: string;
  jwksUrl: string | undefined;
  defaultOrganism: string;
  logLevel: string;
  databaseUrl: string | undefined;
  transport: 'in-process' | 'kafka';
  kafka: KafkaSettings;
  relayDelayMs: number | undefined;
  serviceUrls: Partial<Record<'auth' | 'files' | 'bpm' | 'docs' | 'index', string>>;
}

export interface KafkaSettings {
  brokers: string[];
  partitions: number;
  replicationFactor: number;
  topicPrefix: string;
}

export function launcherConfig(env: Record<string, string | undefined>, flags: { port?: number; dataDir?: string } = {}): LauncherConfig {
  // Empty strings mean "not set" (compose files and ConfigMaps often carry empty values).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = parseEnv(schema, present, 'Tramita configuration');
  const port = flags.port ?? parsed.PORT;
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    dataDir: resolve(flags.dataDir ?? parsed.TRAMITA_DATA_DIR),
    port,
    metricsPort: parsed.METRICS_PORT,
    host: parsed.HOST,
    publicUrl,
    issuer: (parsed.OIDC_ISSUER ?? `${publicUrl}/auth`).replace(/\/$/, ''),
    audience: parsed.OIDC_AUDIENCE,
    jwksUrl: parsed.OIDC_JWKS_URL,
    defaultOrganism: parsed.TRAMITA_DEFAULT_ORGANISM,
    logLevel: parsed.LOG_LEVEL,
    databaseUrl: parsed.DATABASE_URL,
    transport: parsed.TRAMITA_TRANSPORT,
    kafka: {
      brokers: parsed.KAFKA_BROKERS,
      partitions: parsed.KAFKA_PARTITIONS,
      replicationFactor: parsed.KAFKA_REPLICATION_FACTOR,
      topicPrefix: parsed.KAFKA_TOPIC_PREFIX,
    },
    relayDelayMs: parsed.TRAMITA_TEST_RELAY_DELAY_MS,
    serviceUrls: {
      ...(parsed.TRAMITA_AUTH_URL ? { auth: parsed.TRAMITA_AUTH_URL } : {}),
      ...(parsed.TRAMITA_FILES_URL ? { files: parsed.TRAMITA_FILES_URL } : {}),
      ...(parsed.TRAMITA_BPM_URL ? { bpm: parsed.TRAMITA_BPM_URL } : {}),
      ...(parsed.TRAMITA_DOCS_URL ? { docs: parsed.TRAMITA_DOCS_URL } : {}),
      ...(parsed.TRAMITA_INDEX_URL ? { index: parsed.TRAMITA_INDEX_URL } : {}),
    },
  };
}
