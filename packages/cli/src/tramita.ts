#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startTelemetry } from '@tramita/platform/telemetry';
import { startAllInOne } from './all-in-one.ts';
import { runAudit } from './audit-verify.ts';
import { runCheck } from './check.ts';
import { runRebuildIndex } from './rebuild-index.ts';
import { launcherConfig } from './launcher-config.ts';
import { isServiceName, startSingleService } from './single-service.ts';
import { parseReplicas, startStack, stopInfra, type ReplicableService, type Stack } from './stack.ts';

const HELP = `Usage: tramita start [--target <service>] [--port <port>] [--data-dir <dir>]
       tramita stack [--port <port>] [--data-dir <dir>] [--replicas <service>=<n>,…] [--index-store postgres|opensearch] [--issuer auth|keycloak] [--stop-infra]
       tramita check [--url <gateway url>] [--wait <seconds>] [--json] [--strict]
       tramita rebuild-index [--url <gateway url>] [--empty] [--page <n>] [--wait <seconds>]
       tramita audit verify <file>

Runs Tramita. Without --target, every service runs in this process on embedded
databases under the data directory (default ./data) and the web entry listens on
http://localhost:8080. With --target, only that service runs (gateway, auth, files,
bpm, docs or index), configured from the environment as in distributed mode.

Environment: PORT, HOST, PUBLIC_URL, TRAMITA_DATA_DIR, LOG_LEVEL, OIDC_ISSUER,
OIDC_AUDIENCE, OIDC_JWKS_URL, DATABASE_URL, TRAMITA_TRANSPORT (in-process or kafka),
KAFKA_BROKERS, KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR, KAFKA_TOPIC_PREFIX,
AUTH_INITIAL_PASSWORD and each service's own settings (see its README).

tramita stack runs the distributed mode on this machine: it starts local PostgreSQL
and Kafka servers (scripts/infra), then every service as its own process on
PostgreSQL and Kafka: gateway on --port (8080), auth, files, bpm, docs and index on
the next five ports. --replicas files=2,bpm=2,index=2 runs extra processes of files,
bpm, docs or index (same database and consumer groups) on the ports after those.
--index-store opensearch keeps the index's read model on a local OpenSearch, started
too. --issuer keycloak makes every service trust the Tramita realm of a local Keycloak,
started too, instead of the auth service. Ctrl-C stops the services; --stop-infra stops
the servers too.

tramita check asks a running system whether anything is left unprocessed and whether
the list matches files and bpm (see tramita check --help).

tramita rebuild-index rebuilds the list and search (the index's read model) from what
files and bpm hold now, into an empty store or after --empty (see its --help).

tramita audit verify checks an audit export offline: every entry's hash, the links
between entries, and its checkpoints; it names the first altered or missing entry.`;

async function main(argv: string[]): Promise<number> {
  // The consistency check is a client of a running system: its own options, no telemetry.
  if (argv[0] === 'check') return runCheck(argv.slice(1), process.env);
  // So is the read model's rebuild (ADR 0019).
  if (argv[0] === 'rebuild-index') return runRebuildIndex(argv.slice(1), process.env);
  // The audit verifier reads a file offline: no telemetry either.
  if (argv[0] === 'audit') return runAudit(argv.slice(1));
  // Traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (distributed mode); a no-op otherwise.
  await startTelemetry(process.env);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'stop-infra': { type: 'boolean' },
        replicas: { type: 'string' },
        'index-store': { type: 'string' },
        issuer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`tramita: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    console.log(HELP);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  if (command !== 'start' && command !== 'stack') {
    console.error(`tramita: unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  const port = parsed.values.port === undefined ? undefined : Number(parsed.values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`tramita: --port must be a whole number from 0 to 65535, not "${parsed.values.port}".`);
    return 2;
  }
  if (command === 'stack') {
    let replicas: Partial<Record<ReplicableService, number>>;
    try {
      replicas = parseReplicas(parsed.values.replicas ?? '');
    } catch (error) {
      console.error(`tramita: ${(error as Error).message}`);
      return 2;
    }
    const indexStore = parsed.values['index-store'] ?? 'postgres';
    if (indexStore !== 'postgres' && indexStore !== 'opensearch') {
      console.error(`tramita: --index-store must be postgres or opensearch, not "${indexStore}".`);
      return 2;
    }
    const issuer = parsed.values.issuer ?? 'auth';
    if (issuer !== 'auth' && issuer !== 'keycloak') {
      console.error(`tramita: --issuer must be auth or keycloak, not "${issuer}".`);
      return 2;
    }
    return runStack(port, parsed.values['data-dir'], replicas, parsed.values['stop-infra'] ?? false, indexStore, issuer);
  }
  const target = parsed.values.target;
  if (target !== undefined && !isServiceName(target)) {
    console.error(`tramita: unknown service "${target}"; choose gateway, auth, files, bpm, docs or index.`);
    return 2;
  }

  let config;
  try {
    config = launcherConfig(process.env, {
      ...(port === undefined ? {} : { port }),
      ...(parsed.values['data-dir'] ? { dataDir: parsed.values['data-dir'] } : {}),
    });
  } catch (error) {
    console.error(`tramita: ${(error as Error).message}`);
    return 2;
  }

  const running = target ? await startSingleService(target, config, process.env) : await startAllInOne(config, process.env);
  const url = target ? running.url : config.publicUrl;
  console.log(target ? `Tramita ${target} listening on ${url}` : `Tramita is running on ${url} (data in ${config.dataDir})`);

  stopOnSignals('', () => running.stop());
  return -1;
}

/** On SIGINT or SIGTERM, runs `stop` once and exits with its outcome. */
function stopOnSignals(what: string, stop: () => Promise<unknown>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}; stopping${what}.`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('tramita: error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** `tramita stack`: every service as its own process on local PostgreSQL and Kafka, until Ctrl-C. */
async function runStack(
  port: number | undefined,
  dataDir: string | undefined,
  replicas: Partial<Record<ReplicableService, number>>,
  stopInfraOnExit: boolean,
  indexStore: 'postgres' | 'opensearch',
  issuer: 'auth' | 'keycloak',
): Promise<number> {
  let stack: Stack;
  try {
    stack = await startStack({
      ...(port === undefined ? {} : { basePort: port }),
      ...(dataDir ? { dataDir } : {}),
      replicas,
      indexStore,
      ...(issuer === 'keycloak' ? { issuer } : {}),
    });
  } catch (error) {
    console.error(`tramita: the stack did not start: ${(error as Error).message}`);
    if (stopInfraOnExit) await stopInfra().catch(() => {});
    return 1;
  }
  const ports = Object.entries(stack.processes)
    .map(([name, p]) => `${name} :${p}`)
    .join(', ');
  console.log(`Tramita stack is running on ${stack.url} (${ports}; files in ${stack.dataDir})`);
  stopOnSignals(` the stack${stopInfraOnExit ? ' and the local servers' : ''}`, async () => {
    await stack.stop();
    if (stopInfraOnExit) await stopInfra();
  });
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`tramita: could not start: ${error instanceof Error ? error.message : String(error)}`);
    // A service that failed half-way may hold open sockets (HTTP, database, Kafka): exit anyway,
    // so a supervisor (or \`tramita stack\`) sees the failure at once.
    process.exit(1);
  },
);
