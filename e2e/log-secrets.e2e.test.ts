import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { walkTheWholeJourney } from './support/journey-scenario.ts';
import { freePort } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { spawnTramita, type TramitaProcess } from './support/tramita-process.ts';

const PASSWORD = 'registro-Contraseña-larga-7';
const NEW_USER_PASSWORD = 'gato-Azul-ventana-2026';
const CHANGED_PASSWORD = 'pino-Rojo-puerta-2027';
const WRONG_PASSWORD = 'Lince-Ocre-Noventa-17';
/** Any JWT: header and payload are base64url JSON objects, so both start with "eyJ". */
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

/**
 * Everything every service writes to its log, captured from the process's output while real
 * traffic and bad input go through it at the most verbose level: no token, password or hash
 * may be among it.
 */
describe('logs never hold a secret', () => {
  let dataDir: string;
  let tramita: TramitaProcess;
  let url: string;
  const secrets: { what: string; value: string }[] = [
    { what: 'the initial password', value: PASSWORD },
    { what: 'a new user password', value: NEW_USER_PASSWORD },
    { what: 'a changed password', value: CHANGED_PASSWORD },
    { what: 'a wrong password', value: WRONG_PASSWORD },
  ];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tramita-log-secrets-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    tramita = await spawnTramita(port, dataDir, { AUTH_INITIAL_PASSWORD: PASSWORD, PUBLIC_URL: url, LOG_LEVEL: 'trace' });

    const login = (username: string, password = PASSWORD) => loginWithPkce({ baseUrl: url, username, password, redirectUri: `${url}/callback` });
    const worker = await login('user');
    const admin = await login('admin');
    for (const tokens of [worker, admin]) {
      secrets.push({ what: 'an access token', value: tokens.accessToken });
      if (tokens.refreshToken) secrets.push({ what: 'a refresh token', value: tokens.refreshToken });
    }
    const workerApi = new ApiClient(url, worker.accessToken);
    const adminApi = new ApiClient(url, admin.accessToken);

    // A whole journey, as a person would make it.
    await walkTheWholeJourney(workerApi, { code: 'LOG-1' });

    // Bad input that made services log errors with their SQL parameters.
    await workerApi.request('PATCH', '/api/files/LOG-1', { description: 'x\u0000y', expectedVersion: 2 });
    await adminApi.request('PATCH', '/api/users/consulta', { givenName: 'a\u0000b' });
    await adminApi.request('POST', '/api/users', { username: 'nul', givenName: 'a\u0000b', familyName: 'X', roles: ['consulta'], password: NEW_USER_PASSWORD });
    // Passwords in bodies: a user created, a password changed, a wrong password at the login form.
    const created = await adminApi.request('POST', '/api/users', {
      username: 'nueva',
      givenName: 'Nueva',
      familyName: 'Persona',
      roles: ['consulta'],
      password: NEW_USER_PASSWORD,
    });
    expect(created.status, await created.text()).toBe(201);
    const changed = await adminApi.request('PATCH', '/api/users/nueva', { password: CHANGED_PASSWORD });
    expect(changed.status, await changed.text()).toBe(200);
    await expect(login('user', WRONG_PASSWORD)).rejects.toThrow();
    // A token in the query string, and a refresh.
    await fetch(`${url}/api/files?access_token=${worker.accessToken}`);
    await fetch(`${url}/api/docs-ui?access_token=${worker.accessToken}`);
    const refreshed = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: worker.refreshToken!, client_id: 'tramita-web' }).toString(),
    });
    const renewed = (await refreshed.json()) as { access_token?: string; refresh_token?: string };
    expect(renewed.access_token).toBeTruthy();
    secrets.push({ what: 'a refreshed access token', value: renewed.access_token! });
    if (renewed.refresh_token) secrets.push({ what: 'a rotated refresh token', value: renewed.refresh_token });
  }, 240_000);

  afterAll(async () => {
    await tramita?.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('logged the traffic at all (the capture works)', () => {
    const services = new Set([...tramita.output().matchAll(/"service":"(\w+)"/g)].map((match) => match[1]));
    expect([...services].sort()).toEqual(['auth', 'bpm', 'docs', 'files', 'gateway', 'index']);
    expect(tramita.output()).toContain('incoming request');
  });

  it('holds no token, no password, no password hash and no access_token query value', () => {
    const output = tramita.output();
    for (const secret of secrets) expect(output.includes(secret.value), secret.what).toBe(false);
    expect(output).not.toMatch(JWT);
    expect(output).not.toContain('$argon2');
    expect(output).not.toMatch(/access_token=(?!\[redacted\]|%5Bredacted%5D)/);
  });
});
