import { join } from 'node:path';
import { InProcessTransport } from '@tramita/messaging';
import { createLogger, createTokenVerifier, SERVICE_NAMES, type RunningService, type ServiceName } from '@tramita/platform';
import type { LauncherConfig } from './launcher-config.ts';
import { messagingServices, starters } from './services.ts';

export const isServiceName = (value: string): value is ServiceName => (SERVICE_NAMES as readonly string[]).includes(value);

/** One service alone (`tramita start --target <service>`), as the distributed mode runs it. */
export async function startSingleService(name: ServiceName, config: LauncherConfig, env: Record<string, string | undefined>): Promise<RunningService> {
  if (messagingServices.includes(name) && config.transport !== 'kafka') {
    throw new Error(
      `The ${name} service exchanges messages with other services, so alone it needs TRAMITA_TRANSPORT=kafka ` +
        `(distributed mode). To run everything in one process, use "tramita start" without --target.`,
    );
  }
  if (config.transport === 'kafka') {
    throw new Error('The Kafka transport is not available yet in this version; use "tramita start" (all-in-one).');
  }
  const jwksUrl = config.jwksUrl ?? (name === 'auth' ? `http://127.0.0.1:${config.port}/auth/jwks` : `${config.issuer}/jwks`);
  return starters[name]({
    name,
    env,
    logger: createLogger({ service: name, level: config.logLevel }),
    transport: new InProcessTransport(),
    database: config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, name, 'db') },
    listen: { host: config.host, port: config.port },
    publicUrl: config.publicUrl,
    auth: { issuer: config.issuer, audience: config.audience, jwksUrl },
    verifyToken: createTokenVerifier({ issuer: config.issuer, audience: config.audience, jwksUrl }),
    serviceUrls: config.serviceUrls,
    dataDir: join(config.dataDir, name),
  });
}
