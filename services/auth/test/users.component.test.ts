import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { testUsers } from '@tramita/platform/testing';
import { loginWithPkce } from '../../../e2e/support/oidc-login.ts';
import { INITIAL_PASSWORD, startAuth, type AuthUnderTest } from './support.ts';

let auth: AuthUnderTest;
let admin: Record<string, string>;
let caseWorker: Record<string, string>;
/** Every response body seen in this file, to prove none carries password material. */
const bodies: string[] = [];

beforeAll(async () => {
  auth = await startAuth();
  admin = await auth.testIssuer.headers(testUsers.admin);
  caseWorker = await auth.testIssuer.headers(testUsers.tramitador);
});
afterAll(async () => auth?.running.stop());

async function call(options: InjectOptions): Promise<LightMyRequestResponse> {
  const response = await auth.running.app.inject(options);
  bodies.push(response.body);
  return response;
}

const NEW_PASSWORD = 'clave-de-nueva-usuaria-2026';

describe('user administration API', () => {
  it('checks the admin role before the input, so a reader learns nothing of the rules', async () => {
    const reader = await auth.testIssuer.headers(testUsers.consulta);
    for (const [method, url] of [
      ['POST', '/api/users'],
      ['PATCH', '/api/users/agat'],
    ] as const) {
      const response = await call({ method, url, headers: reader, payload: {} });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'role-required' });
      expect(response.json()).not.toHaveProperty('errors');
    }
  });

  it('refuses names with control, escape or bidi characters, users without roles, and passwords built from the user name', async () => {
    const base = { username: 'rara', givenName: 'Rosa', familyName: 'Ramos', roles: ['consulta'], password: NEW_PASSWORD };
    for (const givenName of ['Rosa\u001b[2J', 'Rosa\u202eanitsuJ', 'Ro\u0000sa', 'Ro\u200bsa']) {
      const response = await call({ method: 'POST', url: '/api/users', headers: admin, payload: { ...base, givenName } });
      expect(response.statusCode, JSON.stringify(givenName)).toBe(400);
    }
    expect((await call({ method: 'POST', url: '/api/users', headers: admin, payload: { ...base, roles: [] } })).statusCode).toBe(400);
    const repeated = await call({ method: 'POST', url: '/api/users', headers: admin, payload: { ...base, password: 'rararararararara' } });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json()).toMatchObject({ code: 'weak-password', rules: expect.arrayContaining(['contains-personal-data']) });
    const common = await call({ method: 'POST', url: '/api/users', headers: admin, payload: { ...base, password: 'Contraseña2026!' } });
    expect(common.json()).toMatchObject({ code: 'weak-password', rules: ['common-password'] });
    expect((await call({ method: 'GET', url: '/api/users/rara', headers: admin })).statusCode).toBe(404);
    expect((await call({ method: 'PATCH', url: '/api/users/agat', headers: admin, payload: { roles: [] } })).statusCode).toBe(400);
    expect((await call({ method: 'PATCH', url: '/api/users/agat', headers: admin, payload: { familyName: 'Gat\u202eAlba' } })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: '/api/users/agat', headers: admin })).json()).toMatchObject({
      familyName: 'Gat Alba',
      roles: ['tramitador', 'tecnico', 'validador'],
    });
  });

  it('answers a NUL byte or a lone surrogate anywhere in the user API with 400, never a 500 (issue 10: finding 3)', async () => {
    const base = { username: 'nula', givenName: 'Nuria', familyName: 'Lara', roles: ['consulta'], password: NEW_PASSWORD };
    const cases: (InjectOptions & { url: string })[] = [
      { method: 'GET', url: '/api/users/a%00b', headers: admin },
      { method: 'GET', url: '/api/users/lookup?usernames=%00', headers: caseWorker },
      { method: 'GET', url: '/api/users/lookup?usernames=agat,a%00b', headers: caseWorker },
      { method: 'POST', url: '/api/users', headers: admin, payload: { ...base, username: 'nu\u0000la' } },
      { method: 'POST', url: '/api/users', headers: admin, payload: { ...base, familyName: 'La\u0000ra' } },
      {
        method: 'POST',
        url: '/api/users',
        headers: { ...admin, 'content-type': 'application/json' },
        payload: JSON.stringify(base).replace('Lara', 'La\\ud800ra'),
      },
      { method: 'POST', url: '/api/users', headers: admin, payload: { ...base, password: `${NEW_PASSWORD}\u0000` } },
      { method: 'PATCH', url: '/api/users/agat', headers: admin, payload: { givenName: 'a\u0000b' } },
      { method: 'PATCH', url: '/api/users/agat', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"familyName":"a\\udc00b"}' },
      { method: 'PATCH', url: '/api/users/agat', headers: admin, payload: { password: `${NEW_PASSWORD}\u0000` } },
    ];
    for (const options of cases) {
      const response = await call(options);
      expect(response.statusCode, `${options.method} ${options.url} ${JSON.stringify(options.payload)}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call({ method: 'GET', url: '/api/users/nula', headers: admin })).statusCode).toBe(404);
    expect((await call({ method: 'GET', url: '/api/users/agat', headers: admin })).json()).toMatchObject({ givenName: 'Antonio', familyName: 'Gat Alba' });
  });

  it('never leaves the platform without an enabled administrator', async () => {
    for (const payload of [{ roles: ['consulta'] }, { enabled: false }]) {
      const response = await call({ method: 'PATCH', url: '/api/users/admin', headers: admin, payload });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'last-administrator' });
    }
    // with a second administrator the first may step down, and then the second is the last one
    expect((await call({ method: 'PATCH', url: '/api/users/tecnico', headers: admin, payload: { roles: ['tecnico', 'admin'] } })).statusCode).toBe(200);
    expect((await call({ method: 'PATCH', url: '/api/users/admin', headers: admin, payload: { enabled: false } })).statusCode).toBe(200);
    expect((await call({ method: 'PATCH', url: '/api/users/tecnico', headers: admin, payload: { roles: ['tecnico'] } })).json()).toMatchObject({
      code: 'last-administrator',
    });
    // two administrators demoting each other at once: one of them stays
    expect((await call({ method: 'PATCH', url: '/api/users/admin', headers: admin, payload: { enabled: true } })).statusCode).toBe(200);
    const both = await Promise.all([
      call({ method: 'PATCH', url: '/api/users/admin', headers: admin, payload: { roles: ['consulta'] } }),
      call({ method: 'PATCH', url: '/api/users/tecnico', headers: admin, payload: { roles: ['tecnico'] } }),
    ]);
    expect(both.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const users = (await call({ method: 'GET', url: '/api/users', headers: admin })).json<{ users: { enabled: boolean; roles: string[] }[] }>().users;
    expect(users.filter((user) => user.enabled && user.roles.includes('admin'))).toHaveLength(1);
    // put things back for the other tests
    await call({ method: 'PATCH', url: '/api/users/admin', headers: admin, payload: { roles: ['admin'] } });
    await call({ method: 'PATCH', url: '/api/users/tecnico', headers: admin, payload: { roles: ['tecnico'] } });
  });

  it('lists the seeded users to an admin', async () => {
    const response = await call({ method: 'GET', url: '/api/users', headers: admin });
    expect(response.statusCode).toBe(200);
    const names = response.json<{ users: { username: string }[] }>().users.map((u) => u.username);
    expect(names).toEqual(['admin', 'agat', 'consulta', 'tecnico', 'tramitador', 'user', 'validador']);
  });

  it('creates a user (201) who can then log in with the given password', async () => {
    const response = await call({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'mgarcia', givenName: 'María', familyName: 'García López', roles: ['tramitador'], password: NEW_PASSWORD },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      username: 'mgarcia',
      displayName: 'García López, María',
      roles: ['tramitador'],
      enabled: true,
    });
    const tokens = await loginWithPkce({
      baseUrl: auth.baseUrl,
      username: 'mgarcia',
      password: NEW_PASSWORD,
      redirectUri: auth.redirectUri,
    });
    expect(tokens.accessToken).toBeTruthy();
  });

  it('assigns roles and disables a user, and reads the result back', async () => {
    const patched = await call({
      method: 'PATCH',
      url: '/api/users/mgarcia',
      headers: admin,
      payload: { roles: ['validador', 'admin'], enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    const read = await call({ method: 'GET', url: '/api/users/mgarcia', headers: admin });
    expect(read.json()).toMatchObject({ roles: ['validador', 'admin'], enabled: false });
    await expect(loginWithPkce({ baseUrl: auth.baseUrl, username: 'mgarcia', password: NEW_PASSWORD, redirectUri: auth.redirectUri })).rejects.toThrow(
      /incorrectos/,
    );
  });

  it('changes a password through PATCH', async () => {
    const response = await call({
      method: 'PATCH',
      url: '/api/users/mgarcia',
      headers: admin,
      payload: { enabled: true, password: 'otra-clave-distinta-99' },
    });
    expect(response.statusCode).toBe(200);
    const tokens = await loginWithPkce({
      baseUrl: auth.baseUrl,
      username: 'mgarcia',
      password: 'otra-clave-distinta-99',
      redirectUri: auth.redirectUri,
    });
    expect(tokens.accessToken).toBeTruthy();
  });

  it('refuses a weak password with a 400 problem', async () => {
    const response = await call({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'debil', givenName: 'Débil', familyName: 'Clave', roles: ['consulta'], password: 'corta' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'weak-password' });
    const patch = await call({ method: 'PATCH', url: '/api/users/agat', headers: admin, payload: { password: '12345' } });
    expect(patch.statusCode).toBe(400);
  });

  it('refuses a duplicate user name with 409', async () => {
    const response = await call({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'AGAT', givenName: 'Otro', familyName: 'Agat', roles: ['consulta'], password: NEW_PASSWORD },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'username-taken' });
  });

  it('refuses invalid input: bad user name, unknown role, unknown field', async () => {
    const base = { givenName: 'A', familyName: 'B', roles: ['consulta'], password: NEW_PASSWORD };
    expect((await call({ method: 'POST', url: '/api/users', headers: admin, payload: { ...base, username: 'a b' } })).statusCode).toBe(400);
    expect((await call({ method: 'POST', url: '/api/users', headers: admin, payload: { ...base, username: 'abc', roles: ['jefe'] } })).statusCode).toBe(400);
    expect((await call({ method: 'PATCH', url: '/api/users/agat', headers: admin, payload: { username: 'otro' } })).statusCode).toBe(400);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await call({ method: 'GET', url: '/api/users/nadie', headers: admin })).statusCode).toBe(404);
    expect((await call({ method: 'PATCH', url: '/api/users/nadie', headers: admin, payload: { enabled: false } })).statusCode).toBe(404);
  });

  it('forbids non-admins (403) and anonymous callers (401)', async () => {
    for (const options of [
      { method: 'GET', url: '/api/users' },
      { method: 'GET', url: '/api/users/agat' },
      {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'x12', givenName: 'X', familyName: 'Y', roles: ['admin'], password: NEW_PASSWORD },
      },
      { method: 'PATCH', url: '/api/users/agat', payload: { roles: ['admin'] } },
    ] as const) {
      expect((await call({ ...options, headers: caseWorker })).statusCode).toBe(403);
      expect((await call(options)).statusCode).toBe(401);
    }
    const agat = await call({ method: 'GET', url: '/api/users/agat', headers: admin });
    expect(agat.json<{ roles: string[] }>().roles).not.toContain('admin');
  });
});

describe('user lookup', () => {
  it('resolves display names for any authenticated caller and leaves unknown names out', async () => {
    const response = await call({ method: 'GET', url: '/api/users/lookup?usernames=agat,user,nadie', headers: caseWorker });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      users: [
        { username: 'agat', givenName: 'Antonio', familyName: 'Gat Alba', displayName: 'Gat Alba, Antonio' },
        { username: 'user', givenName: 'Usuario', familyName: 'Genérico', displayName: 'Genérico, Usuario' },
      ],
    });
  });

  it('needs a token', async () => {
    expect((await call({ method: 'GET', url: '/api/users/lookup?usernames=agat' })).statusCode).toBe(401);
  });
});

describe('secrets', () => {
  it('never returns a password or a hash in any response', async () => {
    bodies.push((await call({ method: 'GET', url: '/api/users', headers: admin })).body);
    expect(bodies.length).toBeGreaterThan(20);
    const secrets = [INITIAL_PASSWORD, NEW_PASSWORD, 'otra-clave-distinta-99', 'corta'];
    for (const body of bodies) {
      expect(body).not.toContain('$argon2');
      expect(body).not.toMatch(/"password(Hash|_hash)?"\s*:/i);
      for (const secret of secrets) expect(body).not.toContain(`"${secret}"`);
    }
  });

  it('documents the users API in OpenAPI', async () => {
    const doc = (await call({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/users', '/api/users/{username}', '/api/users/lookup']));
  });
});
