import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin } from '@platformatic/kafka';
import pg from 'pg';

/**
 * The local servers distributed mode runs on (scripts/infra): where they listen, whether they
 * answer, throwaway databases on the PostgreSQL server and cleanup of a run's Kafka topics and
 * consumer groups. The benchmark never starts or stops these servers: they are shared.
 */

const INFRA = fileURLToPath(new URL('../../scripts/infra/', import.meta.url));

export interface Endpoint {
  host: string;
  port: number;
}

export interface InfraEndpoints {
  postgres: Endpoint;
  /** Bootstrap brokers as `host:port,…` (what the services get as KAFKA_BROKERS). */
  brokers: string;
  kafka: Endpoint[];
}

/** Where scripts/infra puts the servers, from the same variables the scripts and `tramita stack` read. */
export function infraEndpoints(env: Record<string, string | undefined> = process.env): InfraEndpoints {
  const brokers = env.KAFKA_BROKERS ?? `127.0.0.1:${env.TRAMITA_KAFKA_PORT ?? '59092'}`;
  const kafka = brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean)
    .map((broker) => {
      const colon = broker.lastIndexOf(':');
      return { host: broker.slice(0, colon), port: Number(broker.slice(colon + 1)) };
    });
  return { postgres: { host: '127.0.0.1', port: Number(env.TRAMITA_PG_PORT ?? '55432') }, brokers, kafka };
}

/** True when something accepts TCP connections on `endpoint` within `timeoutMs`. */
export function reachable(endpoint: Endpoint, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The servers distributed mode needs but cannot reach, and how to start them (undefined when both answer). */
export function infraProblem(endpoints: InfraEndpoints, up: { postgres: boolean; kafka: boolean }): string | undefined {
  if (up.postgres && up.kafka) return undefined;
  const lines = ['Distributed mode needs the local PostgreSQL and Kafka servers, and'];
  if (!up.postgres)
    lines.push(
      `  - PostgreSQL does not answer on ${endpoints.postgres.host}:${endpoints.postgres.port}: start it with \`bash scripts/infra/postgres.sh start\``,
    );
  if (!up.kafka) lines.push(`  - Kafka does not answer on ${endpoints.brokers}: start it with \`bash scripts/infra/kafka.sh start\``);
  lines.push('(`npm run stack` starts both too; see README "Distributed mode"). The benchmark does not start them itself and never falls back to all-in-one.');
  return lines.join('\n');
}

/** Checks both servers; returns what to tell the user when one is down. */
export async function checkInfra(endpoints = infraEndpoints()): Promise<string | undefined> {
  const [postgres, kafkaUp] = await Promise.all([reachable(endpoints.postgres), Promise.all(endpoints.kafka.map((broker) => reachable(broker)))]);
  return infraProblem(endpoints, { postgres, kafka: kafkaUp.some(Boolean) });
}

/** `scripts/infra/postgres.sh url <database>`: creates the database if missing; the URL carries the password (never log it). */
export function postgresUrl(database: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(INFRA, 'postgres.sh'), 'url', database], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scripts/infra/postgres.sh url ${database} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** Runs `work` with a client on the server's `postgres` database. */
async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await postgresUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The server's version (e.g. "15.18"). */
export function postgresVersion(): Promise<string> {
  return withAdminClient(async (client) => (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version.split(' ')[0]!);
}

/** Drops databases (best effort on a throwaway server; `with (force)` ends lingering connections). */
export async function dropDatabases(names: readonly string[]): Promise<void> {
  await withAdminClient(async (client) => {
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
      await client.query(`drop database if exists "${name}" with (force)`);
    }
  });
}

/** Deletes the Kafka topics and consumer groups whose names start with `prefix` (a run's own). */
export async function deleteKafkaPrefix(brokers: string, prefix: string): Promise<{ topics: number; groups: number }> {
  if (prefix.length < 4) throw new Error(`refusing to delete Kafka resources by the short prefix "${prefix}"`);
  const admin = new Admin({ clientId: 'tramita-bench.admin', bootstrapBrokers: brokers.split(',') });
  try {
    const groups = [...(await admin.listGroups()).keys()].filter((id) => id.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups({ groups });
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    return { topics: topics.length, groups: groups.length };
  } finally {
    await admin.close();
  }
}

/** The Kafka release the local broker runs, read from its command line (scripts/infra/kafka.sh keeps jars in lib-<version>). */
export async function kafkaVersion(env: Record<string, string | undefined> = process.env): Promise<string> {
  try {
    const dir = env.TRAMITA_INFRA_DIR ?? join(homedir(), '.cache', 'tramita-infra');
    const pid = (await readFile(join(dir, 'kafka', 'kafka.pid'), 'utf8')).trim();
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return /lib-(\d+\.\d+\.\d+)/.exec(commandLine)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Where the index's OpenSearch is: INDEX_OPENSEARCH_URL, else `scripts/infra/opensearch.sh url` (the address `tramita stack` uses too). */
export function openSearchUrl(env: Record<string, string | undefined> = process.env): Promise<string> {
  if (env.INDEX_OPENSEARCH_URL) return Promise.resolve(env.INDEX_OPENSEARCH_URL);
  return new Promise((resolve, reject) => {
    execFile('bash', [join(INFRA, 'opensearch.sh'), 'url'], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scripts/infra/opensearch.sh url failed: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/**
 * OpenSearch's version (e.g. "2.19.6"), or what to tell the user when it does not answer. The
 * benchmark never starts or stops it (it is shared, as PostgreSQL and Kafka are).
 */
export async function checkOpenSearch(client: {
  origin: string;
  request<T>(method: 'GET', path: string): Promise<{ body: T }>;
}): Promise<{ version: string; heapMaxMiB: number | null; problem?: undefined } | { version?: undefined; problem: string }> {
  try {
    const { body } = await client.request<{ version?: { number?: string } }>('GET', '/');
    const { body: stats } = await client.request<{ nodes?: Record<string, { jvm?: { mem?: { heap_max_in_bytes?: number } } }> }>('GET', '/_nodes/stats/jvm');
    const heaps = Object.values(stats.nodes ?? {}).map((node) => node.jvm?.mem?.heap_max_in_bytes ?? 0);
    return { version: body.version?.number ?? 'unknown', heapMaxMiB: heaps.length > 0 ? Math.round(Math.max(...heaps) / 2 ** 20) : null };
  } catch (error) {
    return {
      problem: `--index-store opensearch needs OpenSearch, which does not answer on ${client.origin} (${error instanceof Error ? error.message : String(error)}): start it with \`bash scripts/infra/opensearch.sh start\`, or set INDEX_OPENSEARCH_URL. The benchmark does not start it itself.`,
    };
  }
}
