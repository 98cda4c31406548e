import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ServiceName } from '@tramita/platform';

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
export const STACK_SERVICES = ['auth', 'files', 'bpm', 'docs', 'index'] as const;
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
  /** Run `postgres.sh start` and `kafka.sh start` first (idempotent; default true). */
  startInfra?: boolean;
  /** Environment every child inherits (default process.env); the stack's own settings win. */
  env?: Record<string, string | undefined>;
  /** Log level of the children (default LOG_LEVEL from `env`, else info). */
  logLevel?: string;
  /** Receives every line the children and the infra scripts write (default: stdout, prefixed). */
  output?: (source: string, line: string) => void;
  /** Longest wait for a service to answer /health/ready (default 120 s). */
  readyTimeoutMs?: number;
  /** Extra Node.js options for every service process, before the CLI (e.g. `--import` a probe). */
  nodeArgs?: string[];
}

export interface Stack {
  /** The gateway's public URL. */
  url: string;
  dataDir: string;
  ports: Record<ServiceName, number>;
  /** Stops every service (gateway first, auth last), waiting for each to exit. */
  stop(): Promise<void>;
  /** Sends a signal to one service and waits until its process exited (fault tests). */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped or killed service again with the same settings and waits until it is ready. */
  restart(service: ServiceName): Promise<void>;
  /** The last lines a service wrote (diagnostics). */
  logs(service: ServiceName): string[];
  /** The operating-system process id of a running service (undefined once it exited). */
  pid(service: ServiceName): number | undefined;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const defaultOutput = (source: string, line: string) => process.stdout.write(`${source.padEnd(7)}| ${line}\n`);

/** Runs a scripts/infra script and returns its standard output; its standard error goes to `output`. */
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
  const base: Record<ServiceName, number> = { gateway: basePort, auth: basePort + 1, files: basePort + 2, bpm: basePort + 3, docs: basePort + 4, index: basePort + 5 };
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
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`The ${name} port must be a whole number from 1 to 65535, not ${port}.`);
  }
  if (new Set(Object.values(ports)).size !== Object.keys(ports).length) throw new Error(`Every service needs its own port: ${JSON.stringify(ports)}`);
  const publicUrl = (options.publicUrl ?? `http://localhost:${ports.gateway}`).replace(/\/$/, '');
  const dataDir = resolve(options.dataDir ?? join(baseEnv.TRAMITA_DATA_DIR ?? './data', 'stack'));
  const databasePrefix = options.databasePrefix ?? 'tramita';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(databasePrefix)) throw new Error(`The database prefix must be lower-case letters, digits or "_", not "${databasePrefix}".`);
  const brokers = options.brokers ?? baseEnv.KAFKA_BROKERS ?? `127.0.0.1:${baseEnv.TRAMITA_KAFKA_PORT ?? '59092'}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const logLevel = options.logLevel ?? baseEnv.LOG_LEVEL ?? 'info';

  if (options.startInfra ?? true) {
    await Promise.all([infraScript('postgres.sh', ['start'], baseEnv, output), infraScript('kafka.sh', ['start'], baseEnv, output)]);
  }
  await mkdir(dataDir, { recursive: true });
  const databaseUrls = {} as Record<StackService, string>;
  for (const name of STACK_SERVICES) databaseUrls[name] = await infraScript('postgres.sh', ['url', `${databasePrefix}_${name}`], baseEnv, output);

  const serviceUrl = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const webDist = join(ROOT, 'web', 'dist');
  const common: Record<string, string | undefined> = {
    ...baseEnv,
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: `${publicUrl}/auth`,
    OIDC_JWKS_URL: `${serviceUrl('auth')}/auth/jwks`,
    TRAMITA_DATA_DIR: dataDir,
    TRAMITA_TRANSPORT: 'kafka',
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: options.topicPrefix ?? '',
    LOG_LEVEL: logLevel,
    TRAMITA_AUTH_URL: serviceUrl('auth'),
    TRAMITA_FILES_URL: serviceUrl('files'),
    TRAMITA_BPM_URL: serviceUrl('bpm'),
    TRAMITA_DOCS_URL: serviceUrl('docs'),
    TRAMITA_INDEX_URL: serviceUrl('index'),
    ...(baseEnv.GATEWAY_WEB_DIR === undefined && existsSync(join(webDist, 'index.html')) ? { GATEWAY_WEB_DIR: webDist } : {}),
  };
  const envFor = (name: ServiceName): Record<string, string | undefined> => {
    const env: Record<string, string | undefined> = { ...common, PORT: String(ports[name]) };
    if (name === 'gateway') {
      env.HOST = options.host ?? '127.0.0.1';
      delete env.DATABASE_URL;
    } else {
      env.DATABASE_URL = databaseUrls[name];
    }
    return env;
  };

  const children = new Map<ServiceName, Child>();
  let stopping = false;
  const logs = new Map<ServiceName, string[]>();
  const remember = (name: ServiceName, line: string) => {
    const lines = logs.get(name) ?? [];
    lines.push(line);
    if (lines.length > 300) lines.shift();
    logs.set(name, lines);
    output(name, line);
  };

  const spawnService = (name: ServiceName): Child => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, 'start', '--target', name], { env: envFor(name), stdio: ['ignore', 'pipe', 'pipe'] });
    const entry: Child = {
      process: child,
      listening: false,
      exited: new Promise<void>((done) => child.once('exit', () => done())),
    };
    const onLine = (line: string) => {
      if (line.startsWith(`Tramita ${name} listening on `)) entry.listening = true;
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
  const waitReady = async (name: ServiceName, entry: Child) => {
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (entry.process.exitCode !== null || entry.process.signalCode !== null) {
        throw new Error(`The ${name} service exited before it was ready:\n${(logs.get(name) ?? []).slice(-20).join('\n')}`);
      }
      if (entry.listening) {
        const ready = await fetch(`${serviceUrl(name)}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
          (response) => response.ok,
          () => false,
        );
        if (ready) return;
      }
      await sleep(200);
    }
    throw new Error(`The ${name} service was not ready after ${readyTimeoutMs} ms:\n${(logs.get(name) ?? []).slice(-20).join('\n')}`);
  };

  const startService = async (name: ServiceName) => waitReady(name, spawnService(name));

  const killService = async (name: ServiceName, signal: NodeJS.Signals) => {
    const entry = children.get(name);
    if (!entry || entry.process.exitCode !== null || entry.process.signalCode !== null) return;
    entry.process.kill(signal);
    const exited = await Promise.race([entry.exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!exited) {
      entry.process.kill('SIGKILL');
      await entry.exited;
    }
  };

  const stopAll = async () => {
    stopping = true;
    await killService('gateway', 'SIGTERM');
    await Promise.all((['files', 'bpm', 'docs', 'index'] as const).map((name) => killService(name, 'SIGTERM')));
    await killService('auth', 'SIGTERM');
  };

  try {
    // Auth first: the others fetch its keys. The gateway last: it routes to everybody. One at a
    // time: services starting together race to create the same Kafka topics (see ADR 0008).
    await startService('auth');
    for (const name of ['files', 'bpm', 'docs', 'index'] as const) await startService(name);
    await startService('gateway');
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    url: publicUrl,
    dataDir,
    ports,
    stop: stopAll,
    kill: (name, signal = 'SIGKILL') => killService(name, signal),
    async restart(name) {
      await killService(name, 'SIGTERM');
      await startService(name);
    },
    logs: (name) => [...(logs.get(name) ?? [])],
    pid(name) {
      const entry = children.get(name);
      return entry && entry.process.exitCode === null && entry.process.signalCode === null ? entry.process.pid : undefined;
    },
  };
}

/** Stops the local PostgreSQL and Kafka servers (`tramita stack --stop-infra`). */
export async function stopInfra(env: Record<string, string | undefined> = process.env, output: StackOptions['output'] & {} = defaultOutput): Promise<void> {
  await infraScript('kafka.sh', ['stop'], env, output);
  await infraScript('postgres.sh', ['stop'], env, output);
}
