import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/net.ts';

/**
 * A PostgreSQL server and a Kafka broker of the test's own (scripts/infra on free ports, state in
 * a throwaway directory), for faults that stop a server: the shared ones on 55432 and 59092 serve
 * every other suite and engineer, and are never stopped.
 */

const INFRA = resolve(import.meta.dirname, '..', '..', '..', 'scripts', 'infra');
const run = promisify(execFile);

export interface PrivateInfra {
  /** Bootstrap brokers of the private Kafka. */
  brokers: string;
  /** What the infra scripts (and `postgres.sh url`) need to reach the private PostgreSQL. */
  env: Record<string, string>;
  startKafka(): Promise<void>;
  /** Stops the broker (SIGTERM, data kept). */
  stopKafka(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Stops PostgreSQL (`pg_ctl stop -m fast`: open connections are cut, data kept). */
  stopPostgres(): Promise<void>;
  /** Stops both servers and deletes everything they kept. */
  remove(): Promise<void>;
}

export async function startPrivateInfra(): Promise<PrivateInfra> {
  const dir = await mkdtemp(join(tmpdir(), 'tramita-private-infra-'));
  const kafkaPort = await freePort();
  const env: Record<string, string> = {
    TRAMITA_INFRA_DIR: dir,
    TRAMITA_PG_PORT: String(await freePort()),
    TRAMITA_KAFKA_PORT: String(kafkaPort),
    TRAMITA_KAFKA_CONTROLLER_PORT: String(await freePort()),
  };
  // As root the cluster belongs to the postgres user, which cannot enter a 0700 temporary directory.
  const rootDataParent = process.getuid?.() === 0 ? `${tmpdir()}/tramita-private-pg-${randomBytes(4).toString('hex')}` : undefined;
  if (rootDataParent) env.TRAMITA_PG_DATA_PARENT = rootDataParent;

  const script = async (name: 'kafka.sh' | 'postgres.sh', command: 'start' | 'stop') => {
    try {
      await run('bash', [join(INFRA, name), command], { env: { ...process.env, ...env }, timeout: 300_000 });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`scripts/infra/${name} ${command} failed: ${(error as Error).message}\n${stderr ?? ''}`, { cause: error });
    }
  };
  const infra: PrivateInfra = {
    brokers: `127.0.0.1:${kafkaPort}`,
    env,
    startKafka: () => script('kafka.sh', 'start'),
    stopKafka: () => script('kafka.sh', 'stop'),
    startPostgres: () => script('postgres.sh', 'start'),
    stopPostgres: () => script('postgres.sh', 'stop'),
    async remove() {
      await Promise.allSettled([infra.stopKafka(), infra.stopPostgres()]);
      await rm(dir, { recursive: true, force: true });
      if (rootDataParent) await rm(rootDataParent, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all([infra.startKafka(), infra.startPostgres()]);
  } catch (error) {
    await infra.remove();
    throw error;
  }
  return infra;
}
