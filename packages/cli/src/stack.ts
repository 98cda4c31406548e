import { developmentCsv } from './development-csv.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { REPLICABLE_SERVICES, SERVICES_WITH_DATABASE, type ServiceName } from '@tramita/platform';
import { replicaProcesses, serviceOf, type ReplicableService, type StackProcess } from './stack-replicas.ts';

export { parseReplicas, REPLICABLE_SERVICES, type ReplicableService, type StackProcess } from './stack-replicas.ts';

/**
 * `tramita stack`: the distributed topology on one machine. PostgreSQL and Kafka run as local
 * servers (scripts/infra), and every service runs as its own OS process
 * (`tramita start --target <service>`) with its own database, exchanging messages through Kafka,
 * behind the gateway — exactly what a cluster runs, minus the cluster.
 */

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CLI = join(import.meta.dirname, 'tramita.ts');
const INFRA = join(ROOT, 'scripts', 'infra');

/** The services behind the gateway, in start order; their ports follow the gateway's. */
export const STACK_SERVICES = SERVICES_WITH_DATABASE;
export type StackService = (typeof STACK_SERVICES)[number];

export interface StackOptions {
  /** Gateway port; auth, files, bpm, docs and index take the next five unless `ports` says otherwise (default 8080). */
  basePort?: number;
  ports?: Partial<Record<ServiceName, number>>;
  /** Interface the gateway listens on (default 127.0.0.1); services always listen on loopback. */
  host?: string;
  /** What users type in the browser (default http://localhost:<gateway port>). */
  publicUrl?: string;
  /** Files kept outside the databases (docs blobs, auth's initial passwords) (default ./data/stack). */
  dataDir?: string;
  /** Databases are `<prefix>_<service>` on the local PostgreSQL server (default tramita). */
  databasePrefix?: string;
  /** Prefix of every Kafka topic and consumer group, to share a cluster (default none). */
  topicPrefix?: string;
  /** Bootstrap brokers (default KAFKA_BROKERS, else 127.0.0.1:$TRAMITA_KAFKA_PORT or 59092). */
  brokers?: string;
  /** Run `postgres.sh start` and `kafka.sh start` first (idempotent; default true), and `opensearch.sh start` for `indexStore: 'opensearch'`. */
  startInfra?: boolean;
  /**
   * Where the index keeps its read model: its PostgreSQL database (default), or the local
   * OpenSearch (`scripts/infra/opensearch.sh`, ADR 0019) in indices named after `databasePrefix`.
   */
  indexStore?: 'postgres' | 'opensearch';
  /** Environment every child inherits (default process.env); the stack's own settings win. */
  env?: Record<string, string | undefined>;
  /**
   * Another OpenID issuer the services trust (ADR 0020) and its keys, or `keycloak`: the Tramita
   * realm of the local Keycloak (`scripts/infra/keycloak.sh`, started with the other servers);
   * default the stack's auth service.
   */
  issuer?: { url: string; jwksUrl: string } | 'keycloak';
  /** Log level of the children (default LOG_LEVEL from `env`, else info). */
  logLevel?: string;
  /** Receives every line the children and the infra scripts write (default: stdout, prefixed). */
  output?: (source: string, line: string) => void;
  /** Longest wait for a service to answer /health/ready (default 120 s). */
  readyTimeoutMs?: number;
  /** Extra Node.js options for every service process, before the CLI (e.g. `--import` a probe). */
  nodeArgs?: string[];
  /**
   * Processes per service for files, bpm, docs and index (default 1; at most 9). Extra replicas
   * (`files#2`, …) share the service's database and consumer groups, so Kafka splits the
   * partitions between them; the gateway keeps routing to the first, callers may reach the others
   * on their own ports.
   */
  replicas?: Partial<Record<ReplicableService, number>>;
  /** Ports of the extra replicas by process name (`files#2`); default: the ports after the block of six, in order. */
  replicaPorts?: Partial<Record<string, number>>;
}

export interface Stack {
  /** The gateway's public URL. */
  url: string;
  dataDir: string;
  ports: Record<ServiceName, number>;
  /** Every process of the stack and its port: the six services, then extra replicas (`files#2`). */
  processes: Partial<Record<StackProcess, number>>;
  /** Base URL of one process on loopback (`files#2` to bypass the gateway). */
  urlOf(process: StackProcess): string;
  /** Stops every process (gateway first, auth last), waiting for each to exit. */
  stop(): Promise<void>;
  /** Sends a signal to one process and waits until it exited (fault tests). */
  kill(process: StackProcess, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped or killed process again with the same settings and waits until it is ready. */
  restart(process: StackProcess): Promise<void>;
  /** The last lines a process wrote (diagnostics). */
  logs(process: StackProcess): string[];
  /** The operating-system process id of a running process (undefined once it exited). */
  pid(process: StackProcess): number | undefined;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const defaultOutput = (source: string, line: string) => process.stdout.write(`${source.padEnd(7)}| ${line}\n`);

/** Runs a scripts/infra script and returns its standard output; its standard error goes to `output`. */
/** The Tramita realm of a Keycloak at `base` as an issuer: its URL and its keys. */
export const keycloakRealm = (base: string) => ({
  url: `${base.replace(/\/$/, '')}/realms/tramita`,
  jwksUrl: `${base.replace(/\/$/, '')}/realms/tramita/protocol/openid-connect/certs`,
});

async function infraScript(script: string, args: string[], env: Record<string, string | undefined>, output: StackOptions['output'] & {}): Promise<string> {
  const child = spawn('bash', [join(INFRA, script), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => output('infra', line));
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', done);
  });
  if (code !== 0) throw new Error(`scripts/infra/${script} ${args.join(' ')} failed with exit code ${code}`);
  return stdout.trim();
}

export function stackPorts(basePort: number, ports: Partial<Record<ServiceName, number>> = {}): Record<ServiceName, number> {
  const base: Record<ServiceName, number> = {
    gateway: basePort,
    auth: basePort + 1,
    files: basePort + 2,
    bpm: basePort + 3,
    docs: basePort + 4,
    index: basePort + 5,
  };
  return { ...base, ...ports };
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  listening: boolean;
}

/** Starts PostgreSQL and Kafka (unless told not to), then every service as its own process. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const baseEnv = options.env ?? process.env;
  const output = options.output ?? defaultOutput;
  const ports = stackPorts(options.basePort ?? 8080, options.ports);
  const replicas = replicaProcesses(options.basePort ?? 8080, options.replicas, options.replicaPorts);
  const processPorts: Partial<Record<StackProcess, number>> = { ...ports, ...Object.fromEntries(replicas) };
  for (const [name, port] of [...Object.entries(ports), ...replicas]) {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`The ${name} port must be a whole number from 1 to 65535, not ${port}.`);
  }
  if (new Set(Object.values(processPorts)).size !== Object.keys(processPorts).length)
    throw new Error(`Every process needs its own port: ${JSON.stringify(processPorts)}`);
  const publicUrl = (options.publicUrl ?? `http://localhost:${ports.gateway}`).replace(/\/$/, '');
  const dataDir = resolve(options.dataDir ?? join(baseEnv.TRAMITA_DATA_DIR ?? './data', 'stack'));
  const databasePrefix = options.databasePrefix ?? 'tramita';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(databasePrefix))
    throw new Error(`The database prefix must be lower-case letters, digits or "_", not "${databasePrefix}".`);
  const brokers = options.brokers ?? baseEnv.KAFKA_BROKERS ?? `127.0.0.1:${baseEnv.TRAMITA_KAFKA_PORT ?? '59092'}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const logLevel = options.logLevel ?? baseEnv.LOG_LEVEL ?? 'info';

  const onOpenSearch = options.indexStore === 'opensearch';
  if (options.startInfra ?? true) {
    await Promise.all([
      infraScript('postgres.sh', ['start'], baseEnv, output),
      infraScript('kafka.sh', ['start'], baseEnv, output),
      ...(onOpenSearch ? [infraScript('opensearch.sh', ['start'], baseEnv, output)] : []),
      ...(options.issuer === 'keycloak' ? [infraScript('keycloak.sh', ['start'], baseEnv, output)] : []),
    ]);
  }
  const issuer = options.issuer === 'keycloak' ? keycloakRealm(await infraScript('keycloak.sh', ['url'], baseEnv, output)) : options.issuer;
  const openSearchUrl = onOpenSearch ? (baseEnv.INDEX_OPENSEARCH_URL ?? (await infraScript('opensearch.sh', ['url'], baseEnv, output))) : undefined;
  await mkdir(dataDir, { recursive: true });
  const databaseUrls = {} as Record<StackService, string>;
  for (const name of STACK_SERVICES) databaseUrls[name] = await infraScript('postgres.sh', ['url', `${databasePrefix}_${name}`], baseEnv, output);

  const urlOf = (name: StackProcess) => {
    const port = processPorts[name];
    if (port === undefined) throw new Error(`The stack runs no process named "${name}".`);
    return `http://127.0.0.1:${port}`;
  };
  const webDist = join(ROOT, 'web', 'dist');
  const common: Record<string, string | undefined> = {
    ...developmentCsv(publicUrl, baseEnv),
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: issuer?.url ?? `${publicUrl}/auth`,
    OIDC_JWKS_URL: issuer?.jwksUrl ?? `${urlOf('auth')}/auth/jwks`,
    TRAMITA_DATA_DIR: dataDir,
    TRAMITA_TRANSPORT: 'kafka',
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: options.topicPrefix ?? '',
    LOG_LEVEL: logLevel,
    TRAMITA_AUTH_URL: urlOf('auth'),
    TRAMITA_FILES_URL: urlOf('files'),
    TRAMITA_BPM_URL: urlOf('bpm'),
    TRAMITA_DOCS_URL: urlOf('docs'),
    TRAMITA_INDEX_URL: urlOf('index'),
    ...(baseEnv.GATEWAY_WEB_DIR === undefined && existsSync(join(webDist, 'index.html')) ? { GATEWAY_WEB_DIR: webDist } : {}),
  };
  const envFor = (name: StackProcess): Record<string, string | undefined> => {
    const service = serviceOf(name);
    const env: Record<string, string | undefined> = { ...common, PORT: String(processPorts[name]) };
    if (service === 'gateway') {
      env.HOST = options.host ?? '127.0.0.1';
      delete env.DATABASE_URL;
    } else {
      env.DATABASE_URL = databaseUrls[service];
    }
    if (service === 'index' && openSearchUrl) {
      env.INDEX_STORE = 'opensearch';
      env.INDEX_OPENSEARCH_URL = openSearchUrl;
      env.INDEX_OPENSEARCH_INDEX_PREFIX = databasePrefix.replaceAll('_', '-');
    }
    return env;
  };

  const children = new Map<StackProcess, Child>();
  let stopping = false;
  const logs = new Map<StackProcess, string[]>();
  const remember = (name: StackProcess, line: string) => {
    const lines = logs.get(name) ?? [];
    lines.push(line);
    if (lines.length > 300) lines.shift();
    logs.set(name, lines);
    output(name, line);
  };

  const spawnProcess = (name: StackProcess): Child => {
    const service = serviceOf(name);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, 'start', '--target', service], {
      env: envFor(name),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry: Child = {
      process: child,
      listening: false,
      exited: new Promise<void>((done) => child.once('exit', () => done())),
    };
    const onLine = (line: string) => {
      if (line.startsWith(`Tramita ${service} listening on `)) entry.listening = true;
      remember(name, line);
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code, signal) => {
      if (children.get(name) === entry && !stopping) remember(name, `exited (${signal ?? `code ${code}`})`);
    });
    children.set(name, entry);
    return entry;
  };

  /** Ready once the process said it listens (consumers subscribed) and /health/ready answers 200. */
  const waitReady = async (name: StackProcess, entry: Child) => {
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (entry.process.exitCode !== null || entry.process.signalCode !== null) {
        throw new Error(`The ${name} process exited before it was ready:\n${(logs.get(name) ?? []).slice(-20).join('\n')}`);
      }
      if (entry.listening) {
        const ready = await fetch(`${urlOf(name)}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
          (response) => response.ok,
          () => false,
        );
        if (ready) return;
      }
      await sleep(200);
    }
    throw new Error(`The ${name} process was not ready after ${readyTimeoutMs} ms:\n${(logs.get(name) ?? []).slice(-20).join('\n')}`);
  };

  const startProcess = async (name: StackProcess) => waitReady(name, spawnProcess(name));

  const killProcess = async (name: StackProcess, signal: NodeJS.Signals) => {
    const entry = children.get(name);
    if (!entry || entry.process.exitCode !== null || entry.process.signalCode !== null) return;
    entry.process.kill(signal);
    const exited = await Promise.race([entry.exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!exited) {
      entry.process.kill('SIGKILL');
      await entry.exited;
    }
  };

  const known = (name: StackProcess): StackProcess => {
    if (processPorts[name] === undefined) throw new Error(`The stack runs no process named "${name}".`);
    return name;
  };

  const stopAll = async () => {
    stopping = true;
    await killProcess('gateway', 'SIGTERM');
    const messaging = [...children.keys()].filter((name) => name !== 'gateway' && name !== 'auth');
    await Promise.all(messaging.map((name) => killProcess(name, 'SIGTERM')));
    await killProcess('auth', 'SIGTERM');
  };

  try {
    // Auth first: the others fetch its keys. The gateway last: it routes to everybody. One at a
    // time: processes starting together race to create the same Kafka topics (see ADR 0008).
    await startProcess('auth');
    for (const name of REPLICABLE_SERVICES) await startProcess(name);
    for (const [name] of replicas) await startProcess(name);
    await startProcess('gateway');
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    url: publicUrl,
    dataDir,
    ports,
    processes: { ...processPorts },
    urlOf,
    stop: stopAll,
    kill: (name, signal = 'SIGKILL') => killProcess(known(name), signal),
    async restart(name) {
      await killProcess(known(name), 'SIGTERM');
      await startProcess(name);
    },
    logs: (name) => [...(logs.get(name) ?? [])],
    pid(name) {
      const entry = children.get(name);
      return entry && entry.process.exitCode === null && entry.process.signalCode === null ? entry.process.pid : undefined;
    },
  };
}

/** Stops the local PostgreSQL, Kafka, OpenSearch and Keycloak servers (`tramita stack --stop-infra`). */
export async function stopInfra(env: Record<string, string | undefined> = process.env, output: StackOptions['output'] & {} = defaultOutput): Promise<void> {
  await infraScript('kafka.sh', ['stop'], env, output);
  await infraScript('opensearch.sh', ['stop'], env, output);
  await infraScript('keycloak.sh', ['stop'], env, output);
  await infraScript('postgres.sh', ['stop'], env, output);
}
