import { createServer } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, createLocalJWKSet, type JWK } from 'jose';
import { InProcessTransport, type MessageTransport } from '@tramita/messaging';
import { newId } from '@tramita/kernel';
import { createTokenVerifier, type TokenVerifier } from './auth.ts';
import { createLogger } from './logger.ts';
import type { ServiceContext, ServiceName } from './service-runtime.ts';

export const TEST_ISSUER = 'http://localhost:8080/auth';
export const TEST_AUDIENCE = 'tramita-api';
/** The default organism of test installations: test users without memberships belong to it. */
export const TEST_ORGANISM = 'E00000000';

export interface TestUser {
  username: string;
  givenName?: string;
  familyName?: string;
  roles?: string[];
  /** What the user may do in each organism; omitted: `roles` in the default organism (as the built-in provider issues them). */
  memberships?: { organism: string; roles: string[]; units?: string[] }[];
}

/** A throwaway token issuer for tests: signs access tokens the way the auth service does. */
export interface TestIssuer {
  verifyToken: TokenVerifier;
  jwks: { keys: JWK[] };
  token(user: TestUser, options?: { expiresInSeconds?: number; issuer?: string; audience?: string }): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for a user. */
  headers(user: TestUser): Promise<Record<string, string>>;
}

export async function createTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256', use: 'sig' };
  const jwks = { keys: [publicJwk] };
  const verifyToken = createTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keySet: createLocalJWKSet(jwks), defaultOrganism: TEST_ORGANISM });
  const token: TestIssuer['token'] = async (user, options = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      preferred_username: user.username,
      given_name: user.givenName,
      family_name: user.familyName,
      name: [user.givenName, user.familyName].filter(Boolean).join(' ') || user.username,
      roles: user.roles ?? [...new Set((user.memberships ?? []).flatMap((membership) => membership.roles))],
      ...(user.memberships ? { memberships: user.memberships.map((membership) => ({ units: [], ...membership })) } : {}),
      scope: 'openid profile',
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'test' })
      .setSubject(user.username)
      .setIssuer(options.issuer ?? TEST_ISSUER)
      .setAudience(options.audience ?? TEST_AUDIENCE)
      .setIssuedAt(now)
      .setJti(newId())
      .setExpirationTime(now + (options.expiresInSeconds ?? 600))
      .sign(privateKey);
  };
  return { verifyToken, jwks, token, headers: async (user) => ({ authorization: `Bearer ${await token(user)}` }) };
}

/** Users with each role, for tests. */
export const testUsers = {
  tramitador: { username: 'agat', givenName: 'Antonio', familyName: 'Gat Alba', roles: ['tramitador'] },
  tecnico: { username: 'tecnico', givenName: 'Teresa', familyName: 'Técnica Ruiz', roles: ['tecnico'] },
  validador: { username: 'validador', givenName: 'Victor', familyName: 'Valido Sanz', roles: ['validador'] },
  admin: { username: 'admin', givenName: 'Ana', familyName: 'Admin Pérez', roles: ['admin'] },
  consulta: { username: 'consulta', givenName: 'Carmen', familyName: 'Consulta Gil', roles: ['consulta'] },
  all: { username: 'user', givenName: 'Usuario', familyName: 'Genérico', roles: ['tramitador', 'tecnico', 'validador'] },
} satisfies Record<string, TestUser>;

/** A service context on an in-memory database, a fresh in-process transport and a test issuer. */
export function testServiceContext(
  name: ServiceName,
  issuer: TestIssuer,
  overrides: Partial<ServiceContext> & { transport?: MessageTransport } = {},
): ServiceContext {
  return {
    name,
    env: {},
    logger: createLogger({ service: name, level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    transport: new InProcessTransport({ maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 }),
    database: { kind: 'memory' },
    listen: { host: '127.0.0.1', port: 0 },
    publicUrl: 'http://localhost:8080',
    auth: { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwksUrl: 'http://127.0.0.1:1/unused', defaultOrganism: TEST_ORGANISM },
    verifyToken: issuer.verifyToken,
    serviceUrls: {},
    dataDir: '',
    ...overrides,
  };
}

/** A TCP port free right now on loopback (for servers whose URL must be known before they listen). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
