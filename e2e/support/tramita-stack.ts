import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startStack, STACK_SERVICES, type ReplicableService, type Stack, type StackOptions } from '../../packages/cli/src/stack.ts';
import { E2E_PASSWORD } from './tramita-in-process.ts';
import { freePort } from './net.ts';

export { E2E_PASSWORD };

/**
 * The distributed stack for integration tests (`npm run test:infra` starts PostgreSQL and Kafka):
 * every service its own process on free ports, with databases and Kafka topics and groups of its
 * own (a random run id), so runs never see each other's messages or rows.
 */
export const stackInfraAvailable = Boolean(process.env.KAFKA_BROKERS && process.env.TRAMITA_TEST_PG_URL_BASE);

export interface TestStack extends Stack {
  runId: string;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Settings added to every child's environment (and to the infra scripts' for database URLs). */
  extraEnv?: Record<string, string>;
  /** Bootstrap brokers (default KAFKA_BROKERS: the shared test cluster). */
  brokers?: string;
  /** Extra processes of files, bpm, docs or index, on free ports (see StackOptions.replicas). */
  replicas?: Partial<Record<ReplicableService, number>>;
  /**
   * Drop the run's databases on the shared test server when stopping (default true; false when
   * `extraEnv` points the stack at a private server that is thrown away whole).
   */
  dropDatabases?: boolean;
  /** Another OpenID issuer the services trust instead of the stack's auth service (see StackOptions.issuer). */
  issuer?: StackOptions['issuer'];
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'tramita-stack-'));
  const ports = {
    gateway: await freePort(),
    auth: await freePort(),
    files: await freePort(),
    bpm: await freePort(),
    docs: await freePort(),
    index: await freePort(),
  };
  const replicaPorts: Record<string, number> = {};
  for (const [service, count] of Object.entries(options.replicas ?? {})) {
    for (let n = 2; n <= count; n++) replicaPorts[`${service}#${n}`] = await freePort();
  }
  const verbose = process.env.TEST_LOG_LEVEL !== undefined;
  const stack = await startStack({
    basePort: ports.gateway,
    ports,
    replicas: options.replicas ?? {},
    replicaPorts,
    dataDir,
    databasePrefix: `tramita_${runId}`,
    topicPrefix: `${runId}.`,
    ...(options.brokers ? { brokers: options.brokers } : {}),
    ...(options.issuer ? { issuer: options.issuer } : {}),
    startInfra: false,
    env: { ...process.env, AUTH_INITIAL_PASSWORD: E2E_PASSWORD, ...options.extraEnv },
    logLevel: process.env.TEST_LOG_LEVEL ?? 'warn',
    output: verbose ? undefined : () => {},
    readyTimeoutMs: 90_000,
  });
  return {
    ...stack,
    runId,
    async stop() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
      if (options.dropDatabases ?? true) await dropDatabases(runId).catch(() => {});
    },
  };
}

/** Drops the run's databases (best effort: a throwaway cluster anyway). */
async function dropDatabases(runId: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${process.env.TRAMITA_TEST_PG_URL_BASE}/postgres` });
  await client.connect();
  try {
    for (const name of STACK_SERVICES) await client.query(`drop database if exists "tramita_${runId}_${name}" with (force)`);
  } finally {
    await client.end();
  }
}
