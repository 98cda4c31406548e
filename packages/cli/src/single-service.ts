import { join } from 'node:path';
import { InProcessTransport, KafkaTransport, type MessageTransport } from '@tramita/messaging';
import {
  createLogger,
  createTokenVerifier,
  SERVICE_NAMES,
  SERVICES_WITH_DATABASE,
  TokenRevocationList,
  type DatabaseLocation,
  type Logger,
  type RunningService,
  type ServiceName,
} from '@tramita/platform';
import type { LauncherConfig } from './launcher-config.ts';
import { withTopicPrefix } from './prefixed-transport.ts';
import { messagingServices, starters } from './services.ts';

export const isServiceName = (value: string): value is ServiceName => (SERVICE_NAMES as readonly string[]).includes(value);

/** Services with a database of their own (all but the gateway). */
const servicesWithDatabase: readonly ServiceName[] = SERVICES_WITH_DATABASE;

/**
 * Checks that a single service can run with this configuration; returns every problem in one
 * readable message (or nothing).
 */
export function singleServiceProblems(name: ServiceName, config: LauncherConfig): string[] {
  const problems: string[] = [];
  if (messagingServices.includes(name) && config.transport !== 'kafka') {
    problems.push(
      `The ${name} service exchanges messages with other services, so alone it needs TRAMITA_TRANSPORT=kafka ` +
        `(distributed mode). To run everything in one process, use "tramita start" without --target.`,
    );
  }
  if (config.transport === 'kafka' && messagingServices.includes(name) && config.kafka.brokers.length === 0) {
    problems.push('TRAMITA_TRANSPORT=kafka needs KAFKA_BROKERS, the bootstrap brokers as host:port[,host:port…] (e.g. 127.0.0.1:59092).');
  }
  if (config.transport === 'kafka' && servicesWithDatabase.includes(name)) {
    if (!config.databaseUrl) {
      problems.push(`In distributed mode the ${name} service needs DATABASE_URL, its PostgreSQL database (postgres://user:password@host:port/database).`);
    } else if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
      problems.push('DATABASE_URL must be a PostgreSQL URL starting with postgres:// or postgresql://.');
    }
  }
  return problems;
}

function databaseFor(name: ServiceName, config: LauncherConfig): DatabaseLocation {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, name, 'db') };
}

function transportFor(name: ServiceName, config: LauncherConfig, logger: Logger): MessageTransport {
  if (config.transport !== 'kafka' || !messagingServices.includes(name)) return new InProcessTransport();
  const kafka = new KafkaTransport({
    brokers: config.kafka.brokers,
    clientId: `tramita-${name}`,
    partitions: config.kafka.partitions,
    replicationFactor: config.kafka.replicationFactor,
    onError: (error, context) => logger.warn({ err: error, context }, 'kafka transport'),
  });
  return withTopicPrefix(kafka, config.kafka.topicPrefix);
}

/** One service alone (`tramita start --target <service>`), as the distributed mode runs it. */
export async function startSingleService(name: ServiceName, config: LauncherConfig, env: Record<string, string | undefined>): Promise<RunningService> {
  const problems = singleServiceProblems(name, config);
  if (problems.length > 0) throw new Error(problems.length === 1 ? problems[0] : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const jwksUrl = config.jwksUrl ?? (name === 'auth' ? `http://127.0.0.1:${config.port}/auth/jwks` : `${config.issuer}/jwks`);
  const logger = createLogger({ service: name, level: config.logLevel });
  const transport = transportFor(name, config, logger);
  // Fed by this service's consumer of auth.events; the gateway (no database) keeps it empty (ADR 0010).
  const revocations = new TokenRevocationList();
  let running: RunningService;
  try {
    running = await starters[name]({
      name,
      env,
      logger,
      transport,
      database: databaseFor(name, config),
      listen: { host: config.host, port: config.port, metricsPort: config.metricsPort },
      publicUrl: config.publicUrl,
      auth: { issuer: config.issuer, audience: config.audience, jwksUrl, defaultOrganism: config.defaultOrganism },
      verifyToken: createTokenVerifier({ issuer: config.issuer, audience: config.audience, jwksUrl, revocations, defaultOrganism: config.defaultOrganism }),
      revocations,
      serviceUrls: config.serviceUrls,
      dataDir: join(config.dataDir, name),
    });
  } catch (error) {
    await transport.close().catch(() => {});
    throw error;
  }
  return {
    ...running,
    // The transport first: it stops fetching and lets handlers in progress commit while the
    // database is still open (a relay round cut short leaves its rows for the next start).
    async stop() {
      try {
        await transport.close();
      } finally {
        await running.stop();
      }
    },
  };
}
