import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer, freePort, testServiceContext, TEST_AUDIENCE, TEST_ORGANISM, type TestIssuer } from '@tramita/platform/testing';

export { freePort };
import type { DatabaseLocation, RunningService, ServiceContext } from '@tramita/platform';
import { start } from '../src/index.ts';

export const INITIAL_PASSWORD = 'contraseña-de-prueba-1';
export const SERVICES_SECRET = 'secreto-de-servicios-de-prueba';

export interface AuthUnderTest {
  running: RunningService;
  ctx: ServiceContext;
  baseUrl: string;
  issuer: string;
  redirectUri: string;
  testIssuer: TestIssuer;
  dataDir: string;
}

/** Starts the auth service on a known port so its issuer URL is the address tests call. */
export async function startAuth(
  options: { database?: DatabaseLocation; dataDir?: string; port?: number; testIssuer?: TestIssuer } = {},
): Promise<AuthUnderTest> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer = `${baseUrl}/auth`;
  const testIssuer = options.testIssuer ?? (await createTestIssuer());
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tramita-auth-')));
  const ctx = testServiceContext('auth', testIssuer, {
    env: { AUTH_INITIAL_PASSWORD: INITIAL_PASSWORD, AUTH_SERVICES_CLIENT_SECRET: SERVICES_SECRET },
    listen: { host: '127.0.0.1', port },
    publicUrl: baseUrl,
    auth: { issuer, audience: TEST_AUDIENCE, jwksUrl: `${issuer}/jwks`, defaultOrganism: TEST_ORGANISM },
    database: options.database ?? { kind: 'memory' },
    dataDir,
  });
  const running = await start(ctx);
  return { running, ctx, baseUrl, issuer, redirectUri: `${baseUrl}/callback`, testIssuer, dataDir };
}
