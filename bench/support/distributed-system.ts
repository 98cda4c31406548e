import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, STACK_SERVICES, type StackService } from '../../packages/cli/src/stack.ts';
import { freePort } from '../../e2e/support/net.ts';
import { deleteKafkaPrefix, dropDatabases, type InfraEndpoints } from './infra.ts';
import { rssFromProc, type MemorySample, type SystemUnderTest } from './system.ts';

const PROBE = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));

/** Every process of the distributed topology, gateway first. */
export const DISTRIBUTED_PROCESSES = ['gateway', ...STACK_SERVICES] as const;
export type DistributedProcess = (typeof DISTRIBUTED_PROCESSES)[number];

/**
 * What one benchmark run owns on the shared servers: databases `tramita_<runId>_<service>` (and
 * `_pgbench` for the baseline) and Kafka topics and consumer groups under `<runId>.`, so a run
 * never sees another's rows or messages (other people's stacks and tests use the same servers).
 */
export interface DistributedRun {
  runId: string;
  databasePrefix: string;
  topicPrefix: string;
  /** The prefix of its OpenSearch indices when the index runs on OpenSearch (startStack names them after the database prefix). */
  indexPrefix: string;
  database(name: StackService | 'pgbench'): string;
  /** Every database the run may have created. */
  databases(): string[];
}

/** A fresh run: lower-case letters and digits, as database names and topic prefixes need. */
export function distributedRun(now = Date.now(), random = randomBytes(3).toString('hex')): DistributedRun {
  const runId = `bench${now.toString(36)}${random}`.toLowerCase();
  const databasePrefix = `tramita_${runId}`;
  const database = (name: StackService | 'pgbench') => `${databasePrefix}_${name}`;
  return {
    runId,
    databasePrefix,
    topicPrefix: `${runId}.`,
    indexPrefix: databasePrefix.replaceAll('_', '-'),
    database,
    databases: () => [...STACK_SERVICES.map(database), database('pgbench')],
  };
}

/** Drops the run's databases and deletes its Kafka topics and groups; reports what failed instead of throwing. */
export async function cleanUpRun(run: DistributedRun, endpoints: InfraEndpoints): Promise<string[]> {
  const problems: string[] = [];
  await dropDatabases(run.databases()).catch((error: unknown) => problems.push(`dropping databases ${run.databasePrefix}_*: ${String(error)}`));
  await deleteKafkaPrefix(endpoints.brokers, run.topicPrefix).catch((error: unknown) =>
    problems.push(`deleting Kafka topics ${run.topicPrefix}*: ${String(error)}`),
  );
  return problems;
}

/** One request to the probe listening on `socketPath`: its status and body. */
function probeRequest(socketPath: string, method: 'GET' | 'POST', path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`the probe at ${socketPath} did not answer ${method} ${path}`)));
    req.once('error', reject);
    req.end();
  });
}

/** GET on the probe's Unix socket: process.memoryUsage() of the process that listens there. */
export async function probeMemory(socketPath: string): Promise<MemorySample> {
  const { body } = await probeRequest(socketPath, 'GET', '/', 10_000);
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = JSON.parse(body) as MemorySample;
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

/** POST /cpu-profile/<action> on the probe's Unix socket: starts the CPU profiler, or writes its profile to `path`. */
export async function probeCpuProfile(socketPath: string, action: 'start' | 'stop', path?: string): Promise<void> {
  const query = path ? `?path=${encodeURIComponent(path)}` : '';
  const { status, body } = await probeRequest(socketPath, 'POST', `/cpu-profile/${action}${query}`, 60_000);
  if (status !== 204) throw new Error(`cpu-profile ${action} at ${socketPath}: ${body}`);
}

export interface DistributedSystem extends SystemUnderTest {
  /** Warning and error lines the services wrote (LOG_LEVEL=warn), counted per service. */
  logLineCounts(): Record<string, number>;
}

/**
 * The distributed topology as the system under test: `startStack` (packages/cli/src/stack.ts)
 * runs every service as its own process (`tramita start --target <service>`) on the run's
 * databases and topic prefix, on free ports, with the memory probe preloaded. The servers must
 * be up already (see infra.ts); the index database may be seeded before this is called.
 */
export async function startDistributedSystem(options: {
  run: DistributedRun;
  endpoints: InfraEndpoints;
  workDir: string;
  password: string;
  /** The index's read model on OpenSearch at this address (indices `run.indexPrefix`-*), instead of its PostgreSQL database. */
  openSearchUrl?: string;
}): Promise<DistributedSystem> {
  const probeDir = join(options.workDir, 'probe');
  await mkdir(probeDir, { recursive: true });
  const ports = {
    gateway: await freePort(),
    auth: await freePort(),
    files: await freePort(),
    bpm: await freePort(),
    docs: await freePort(),
    index: await freePort(),
  };
  const counts: Record<string, number> = {};
  const stack = await startStack({
    basePort: ports.gateway,
    ports,
    dataDir: join(options.workDir, 'stack'),
    databasePrefix: options.run.databasePrefix,
    topicPrefix: options.run.topicPrefix,
    brokers: options.endpoints.brokers,
    startInfra: false,
    env: {
      ...process.env,
      AUTH_INITIAL_PASSWORD: options.password,
      TRAMITA_BENCH_PROBE_DIR: probeDir,
      ...(options.openSearchUrl ? { INDEX_OPENSEARCH_URL: options.openSearchUrl } : {}),
    },
    ...(options.openSearchUrl ? { indexStore: 'opensearch' as const } : {}),
    logLevel: 'warn',
    // A few lines are worth seeing (why a saga failed); a flood under load is not.
    output: (source, line) => {
      if (/^Tramita \w+ listening on |^Received SIG\w+; stopping/.test(line)) return; // the CLI's own banners
      counts[source] = (counts[source] ?? 0) + 1;
      if (counts[source] <= 5) process.stderr.write(`  ${source.padEnd(7)}| ${line.slice(0, 400)}\n`);
    },
    readyTimeoutMs: 180_000,
    nodeArgs: ['--import', PROBE],
  });

  const pidOf = (name: string) => {
    const pid = stack.pid(name as DistributedProcess);
    if (pid === undefined)
      throw new Error(
        `the ${name} service is not running:\n${stack
          .logs(name as DistributedProcess)
          .slice(-20)
          .join('\n')}`,
      );
    return pid;
  };
  const memory = (name: string) => probeMemory(join(probeDir, `${pidOf(name)}.sock`));

  return {
    mode: 'distributed',
    url: stack.url,
    processes: () => [...DISTRIBUTED_PROCESSES],
    // The gateway streams an upload through to docs, which hashes and stores it.
    uploadProcesses: () => ['gateway', 'docs'],
    memory,
    cpuProfile: (name, action, path) => probeCpuProfile(join(probeDir, `${pidOf(name)}.sock`), action, path),
    async rss(name) {
      return (await rssFromProc(pidOf(name))) ?? (await memory(name)).rss;
    },
    stop: () => stack.stop(),
    logLineCounts: () => ({ ...counts }),
  };
}
