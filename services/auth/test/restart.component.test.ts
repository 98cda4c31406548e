import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestIssuer, testServiceContext, TEST_AUDIENCE, TEST_ORGANISM } from '@tramita/platform/testing';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { RunningService } from '@tramita/platform';
import { authorizationUrl, CookieJar, followRedirects, loginWithPkce, pkcePair } from '../../../e2e/support/oidc-login.ts';
import { start } from '../src/index.ts';
import { freePort, INITIAL_PASSWORD, startAuth, type AuthUnderTest } from './support.ts';

const running: RunningService[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.stop();
  vi.restoreAllMocks();
});

describe('persistence across restarts (PGlite on disk)', () => {
  it('keeps signing keys, sessions and refresh tokens when the service restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tramita-auth-restart-'));
    const database = { kind: 'pglite', dataDir: join(dataDir, 'db') } as const;
    const first: AuthUnderTest = await startAuth({ database, dataDir });
    running.push(first.running);
    const jar = new CookieJar();
    const tokens = await loginWithPkce({
      baseUrl: first.baseUrl,
      username: 'agat',
      password: INITIAL_PASSWORD,
      redirectUri: first.redirectUri,
      jar,
    });
    await running.pop()?.stop();

    const second = await startAuth({ database, dataDir, port: Number(new URL(first.baseUrl).port) });
    running.push(second.running);

    // the access token issued before the restart still verifies against the published keys
    const jwks = createRemoteJWKSet(new URL(`${second.issuer}/jwks`));
    await expect(jwtVerify(tokens.accessToken, jwks, { issuer: second.issuer, audience: TEST_AUDIENCE })).resolves.toBeTruthy();

    // the browser session survived: no login page this time
    const outcome = await followRedirects(
      jar,
      authorizationUrl({ baseUrl: second.baseUrl, redirectUri: second.redirectUri }, pkcePair(), 's'),
      second.redirectUri,
    );
    expect(outcome.kind).toBe('code');

    // the refresh token survived
    const response = await fetch(`${second.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken!, client_id: 'tramita-web' }).toString(),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { access_token?: string }).access_token).toBeTruthy();
  }, 120_000);
});

describe('initial passwords', () => {
  it('without AUTH_INITIAL_PASSWORD, generates one per user, prints them once and writes a 0600 file', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'tramita-auth-pw-')), 'auth');
    const database = { kind: 'pglite', dataDir: join(dataDir, 'db') } as const;
    const issuer = await createTestIssuer();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const context = () =>
      testServiceContext('auth', issuer, {
        env: {},
        listen: { host: '127.0.0.1', port },
        publicUrl: baseUrl,
        auth: { issuer: `${baseUrl}/auth`, audience: TEST_AUDIENCE, jwksUrl: `${baseUrl}/auth/jwks`, defaultOrganism: TEST_ORGANISM },
        database,
        dataDir,
      });
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });

    running.push(await start(context()));
    const file = join(dataDir, 'initial-passwords.txt');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    const passwords = new Map([...text.matchAll(/^ {2}(\S+)\s+(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...passwords.keys()].sort()).toEqual(['admin', 'agat', 'consulta', 'tecnico', 'tramitador', 'user', 'validador']);
    expect(new Set(passwords.values()).size).toBe(7);
    for (const password of passwords.values()) expect(password.length).toBeGreaterThanOrEqual(16);
    expect(printed.join('')).toContain(passwords.get('agat'));

    const tokens = await loginWithPkce({ baseUrl, username: 'agat', password: passwords.get('agat')!, redirectUri: `${baseUrl}/callback` });
    expect(tokens.accessToken).toBeTruthy();

    await running.pop()?.stop();
    printed.length = 0;
    running.push(await start(context()));
    expect(printed.join('')).not.toContain(passwords.get('agat'));
    expect(await readFile(file, 'utf8')).toBe(text);
  }, 120_000);
});
