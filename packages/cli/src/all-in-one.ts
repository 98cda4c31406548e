import { developmentCsv } from './development-csv.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InProcessTransport, type MessageTransport } from '@tramita/messaging';
import {
  allInOneDatabase,
  createLogger,
  createTokenVerifier,
  type RunningService,
  type ServiceContext,
  type ServiceName,
  TokenRevocationList,
  type TokenVerifier,
} from '@tramita/platform';
import type { LauncherConfig } from './launcher-config.ts';
import { starters } from './services.ts';

export interface AllInOne {
  url: string;
  services: Record<ServiceName, RunningService>;
  stop(): Promise<void>;
}

/** A verifier whose key set URL is only known once the auth service listens. */
function deferredVerifier(
  issuer: string,
  audience: string,
  defaultOrganism: string,
  revocations: TokenRevocationList,
): { verify: TokenVerifier; setJwksUrl(url: string): void } {
  let inner: TokenVerifier | undefined;
  return {
    verify: (token) => {
      if (!inner) throw new Error('Token verifier used before the auth service started');
      return inner(token);
    },
    setJwksUrl: (jwksUrl) => void (inner = createTokenVerifier({ issuer, audience, jwksUrl, revocations, defaultOrganism })),
  };
}

/**
 * Every service in one process, each in its own schema of one embedded database under the data
 * directory (ADR 0018), joined by the in-process transport; the gateway listens on the public port.
 */
export async function startAllInOne(config: LauncherConfig, givenEnv: Record<string, string | undefined> = process.env): Promise<AllInOne> {
  // The built web UI of this repository is served at `/` unless GATEWAY_WEB_DIR says otherwise.
  const webDist = join(import.meta.dirname, '..', '..', '..', 'web', 'dist');
  const env = {
    ...developmentCsv(config.publicUrl, givenEnv),
    ...(givenEnv.GATEWAY_WEB_DIR === undefined && existsSync(join(webDist, 'index.html')) ? { GATEWAY_WEB_DIR: webDist } : {}),
  };
  const transport = new InProcessTransport(undefined, { startPaused: true });
  // One list for the process: every service's consumer of auth.events feeds it (ADR 0010).
  const revocations = new TokenRevocationList();
  const verifier = deferredVerifier(config.issuer, config.audience, config.defaultOrganism, revocations);
  const started: Partial<Record<ServiceName, RunningService>> = {};
  const contextFor = (name: ServiceName, transportFor: MessageTransport, listenPort: number): ServiceContext => ({
    name,
    env,
    logger: createLogger({ service: name, level: config.logLevel }),
    transport: transportFor,
    database: allInOneDatabase(config.dataDir, name),
    listen: { host: '127.0.0.1', port: listenPort },
    publicUrl: config.publicUrl,
    auth: { issuer: config.issuer, audience: config.audience, jwksUrl: config.jwksUrl ?? '', defaultOrganism: config.defaultOrganism },
    verifyToken: verifier.verify,
    revocations,
    serviceUrls: Object.fromEntries(Object.entries(started).map(([n, s]) => [n, s.url])),
    dataDir: join(config.dataDir, name),
    ...(config.relayDelayMs ? { testHooks: { relayDelayMs: config.relayDelayMs } } : {}),
  });

  const stopAll = async () => {
    for (const name of ['gateway', 'index', 'docs', 'bpm', 'files', 'auth'] as const) await started[name]?.stop();
    await transport.close();
  };

  try {
    started.auth = await starters.auth(contextFor('auth', transport, 0));
    const jwksUrl = config.jwksUrl ?? `${started.auth.url}/auth/jwks`;
    verifier.setJwksUrl(jwksUrl);
    // docs asks files about expedientes (ADR 0017), files asks bpm about procedures: each after what it asks.
    for (const name of ['bpm', 'files', 'docs', 'index'] as const) {
      started[name] = await starters[name](contextFor(name, transport, 0));
    }
    // Everyone has subscribed: relays may now publish, including what a crash left unsent.
    transport.open();
    const gatewayCtx = { ...contextFor('gateway', transport, config.port), listen: { host: config.host, port: config.port } };
    started.gateway = await starters.gateway(gatewayCtx);
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
  return { url: started.gateway.url, services: started as Record<ServiceName, RunningService>, stop: stopAll };
}
