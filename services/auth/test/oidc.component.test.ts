import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { createTokenVerifier } from '@tramita/platform';
import { TEST_AUDIENCE, TEST_ORGANISM, testUsers } from '@tramita/platform/testing';
import { authorizationUrl, CookieJar, followRedirects, loginWithPkce, pkcePair, submitLoginForm } from '../../../e2e/support/oidc-login.ts';
import { INITIAL_PASSWORD, SERVICES_SECRET, startAuth, type AuthUnderTest } from './support.ts';

let auth: AuthUnderTest;
let jwks: ReturnType<typeof createRemoteJWKSet>;

beforeAll(async () => {
  auth = await startAuth();
  jwks = createRemoteJWKSet(new URL(`${auth.issuer}/jwks`));
});
afterAll(async () => auth?.running.stop());

const login = (username: string, password = INITIAL_PASSWORD, jar?: CookieJar) =>
  loginWithPkce({ baseUrl: auth.baseUrl, username, password, redirectUri: auth.redirectUri, ...(jar ? { jar } : {}) });

async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${auth.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('discovery', () => {
  it('publishes the issuer, endpoints under /auth, S256 PKCE and ES256 keys', async () => {
    const response = await fetch(`${auth.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: auth.issuer,
      authorization_endpoint: `${auth.issuer}/auth`,
      token_endpoint: `${auth.issuer}/token`,
      jwks_uri: `${auth.issuer}/jwks`,
      end_session_endpoint: `${auth.issuer}/session/end`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    const keys = (await (await fetch(`${auth.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys.keys[0]).not.toHaveProperty('d');
  });

  it('builds every endpoint URL from the configured issuer, whatever Host and X-Forwarded-* say', async () => {
    const { request } = await import('node:http');
    const forged = [
      { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
      { host: 'evil.example' },
      { forwarded: 'host=evil.example;proto=https', 'x-forwarded-port': '8443' },
    ];
    for (const headers of forged) {
      // node:http, because fetch will not let a caller set Host
      const body = await new Promise<string>((resolve, reject) => {
        const url = new URL(`${auth.issuer}/.well-known/openid-configuration`);
        const sent = request({ hostname: url.hostname, port: url.port, path: url.pathname, headers }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(text));
        });
        sent.on('error', reject);
        sent.end();
      });
      expect(body).not.toContain('evil.example');
      const doc = JSON.parse(body) as Record<string, string>;
      expect(doc.issuer).toBe(auth.issuer);
      for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint']) {
        expect(doc[endpoint], endpoint).toMatch(new RegExp(`^${auth.issuer}/`));
      }
    }
  });

  it('redirects and writes pages with the configured issuer only, whatever Host and X-Forwarded-* say', async () => {
    const { request } = await import('node:http');
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const send = (target: URL) =>
      new Promise<{ status: number; location: string; body: string }>((resolve, reject) => {
        const sent = request({ hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: forged }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? '', body: text }));
        });
        sent.on('error', reject);
        sent.end();
      });
    const authorize = await send(authorizationUrl({ baseUrl: auth.baseUrl, redirectUri: auth.redirectUri }, pkcePair(), 's'));
    expect(authorize.status).toBe(303);
    expect(authorize.location).not.toContain('evil.example');
    const logout = await send(new URL(`${auth.issuer}/session/end`));
    expect(logout.status).toBeLessThan(500);
    expect(logout.body + logout.location).not.toContain('evil.example');
  });
});

describe('authorization code + PKCE login', () => {
  it("yields a JWT access token for the API with the person's claims, verifiable against /auth/jwks", async () => {
    const tokens = await login('agat');
    const { payload, protectedHeader } = await jwtVerify(tokens.accessToken, jwks, { issuer: auth.issuer, audience: TEST_AUDIENCE });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      sub: 'agat',
      preferred_username: 'agat',
      given_name: 'Antonio',
      family_name: 'Gat Alba',
      name: 'Antonio Gat Alba',
      roles: ['tramitador', 'tecnico', 'validador'],
      // Every user is a member of the installation's default organism for now (ADR 0013).
      memberships: [{ organism: TEST_ORGANISM, roles: ['tramitador', 'tecnico', 'validador'], units: [] }],
      client_id: 'tramita-web',
    });
    expect(tokens.refreshToken).toBeTruthy();
  });

  it('issues an ID token for the web client carrying the profile claims', async () => {
    const tokens = await login('admin');
    const { payload } = await jwtVerify(tokens.idToken!, jwks, { issuer: auth.issuer, audience: 'tramita-web' });
    expect(payload).toMatchObject({
      sub: 'admin',
      preferred_username: 'admin',
      roles: ['admin', 'platform-admin'],
      given_name: 'Carlos',
      family_name: 'López Navarro',
    });
  });

  it('produces tokens the platform verifier accepts as the right principal', async () => {
    const verify = createTokenVerifier({ issuer: auth.issuer, audience: TEST_AUDIENCE });
    const principal = await verify((await login('user')).accessToken);
    expect(principal).toMatchObject({ username: 'user', displayName: 'Genérico, Usuario', isService: false });
    expect(principal.roles).toEqual(['tramitador', 'tecnico', 'validador']);
    expect(principal.memberships).toEqual([{ organism: TEST_ORGANISM, roles: ['tramitador', 'tecnico', 'validador'], units: [] }]);
  });

  it('renews tokens with the refresh token and rotates it', async () => {
    const tokens = await login('tecnico');
    const first = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken!, client_id: 'tramita-web' });
    expect(first.status).toBe(200);
    const { payload } = await jwtVerify(first.body.access_token as string, jwks, { issuer: auth.issuer, audience: TEST_AUDIENCE });
    expect(payload).toMatchObject({ preferred_username: 'tecnico', roles: ['tecnico'] });
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect(first.body.refresh_token).not.toBe(tokens.refreshToken);
    const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken!, client_id: 'tramita-web' });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
  });

  it('signs a person in again without the login page while the session lasts (single sign-on)', async () => {
    const jar = new CookieJar();
    await login('validador', INITIAL_PASSWORD, jar);
    const outcome = await followRedirects(jar, authorizationUrl({ baseUrl: auth.baseUrl, redirectUri: auth.redirectUri }, pkcePair(), 's'), auth.redirectUri);
    expect(outcome.kind).toBe('code');
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = authorizationUrl({ baseUrl: auth.baseUrl, redirectUri: auth.redirectUri }, pkcePair(), 's');
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const outcome = await followRedirects(new CookieJar(), url, auth.redirectUri);
    expect(outcome).toMatchObject({ kind: 'error', error: 'invalid_request' });
  });
});

describe('login page', () => {
  async function openLoginPage(jar = new CookieJar()) {
    const outcome = await followRedirects(jar, authorizationUrl({ baseUrl: auth.baseUrl, redirectUri: auth.redirectUri }, pkcePair(), 's'), auth.redirectUri);
    if (outcome.kind !== 'page') throw new Error(`expected the login page, got ${outcome.kind}`);
    return { jar, page: outcome };
  }

  it('is an accessible Spanish form without scripts, styled under a strict CSP', async () => {
    const jar = new CookieJar();
    const url = authorizationUrl({ baseUrl: auth.baseUrl, redirectUri: auth.redirectUri }, pkcePair(), 's');
    const redirect = await jar.fetch(url);
    const interactionUrl = new URL(redirect.headers.get('location')!, url);
    expect(interactionUrl.pathname).toMatch(/^\/auth\/interaction\/[\w-]+$/);
    const response = await jar.fetch(interactionUrl);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<title>Tramita — Iniciar sesión</title>');
    expect(html).toMatch(/<label for="username">Usuario<\/label>\s*<input id="username" name="username"/);
    expect(html).toMatch(/<label for="password">Contraseña<\/label>\s*<input id="password" name="password" type="password"/);
    expect(html).toContain('<button type="submit">Entrar</button>');
    expect(html).not.toMatch(/<script|onclick|style="/i);
  });

  it('shows "Usuario o contraseña incorrectos" tied to the fields for a wrong password, and issues no code', async () => {
    const { jar, page } = await openLoginPage();
    const outcome = await submitLoginForm(jar, page, { username: 'agat', password: 'no-es-la-contraseña' }, auth.redirectUri);
    expect(outcome.kind).toBe('page');
    if (outcome.kind !== 'page') return;
    expect(outcome.html).toContain('<p id="login-error" class="error" role="alert">Usuario o contraseña incorrectos</p>');
    expect(outcome.html).toMatch(/id="username"[^>]*aria-describedby="login-error"/);
    expect(outcome.html).toMatch(/id="password"[^>]*aria-invalid="true" aria-describedby="login-error"/);
    expect(outcome.html).toContain('value="agat"');
    // the same interaction still accepts the right password afterwards
    const retry = await submitLoginForm(jar, outcome, { username: 'agat', password: INITIAL_PASSWORD }, auth.redirectUri);
    expect(retry.kind).toBe('code');
  });

  it('answers a NUL byte in the login form with a clear 4xx, never a 500 (issue 10: finding 3)', async () => {
    for (const body of ['username=a%00b&password=x', 'username=agat&password=a%00b', 'username=%00&password=%00']) {
      const { jar, page } = await openLoginPage();
      const action = /<form[^>]*\saction="([^"]+)"/i.exec(page.html)![1]!;
      const response = await jar.fetch(new URL(action.replaceAll('&#38;', '&'), page.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      const text = await response.text();
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
      expect(text, body).not.toMatch(/internal/i);
    }
  });

  it('answers a stale or foreign interaction with an explanation, not a login form', async () => {
    const response = await fetch(`${auth.issuer}/interaction/no-such-interaction`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('ha caducado');
    expect(html).not.toContain('name="password"');
  });
});

describe('disabled users', () => {
  it('cannot log in, and their refresh tokens stop working', async () => {
    const admin = await auth.testIssuer.headers(testUsers.admin);
    const before = await login('consulta');
    const disable = await auth.running.app.inject({
      method: 'PATCH',
      url: '/api/users/consulta',
      headers: admin,
      payload: { enabled: false },
    });
    expect(disable.statusCode).toBe(200);
    await expect(login('consulta')).rejects.toThrow(/Usuario o contraseña incorrectos/);
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: before.refreshToken!, client_id: 'tramita-web' });
    expect(refreshed.body.error).toBe('invalid_grant');
    await auth.running.app.inject({ method: 'PATCH', url: '/api/users/consulta', headers: admin, payload: { enabled: true } });
    expect((await login('consulta')).accessToken).toBeTruthy();
  });
});

describe('client credentials', () => {
  const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`tramita-services:${secret}`).toString('base64')}` });

  it('gives tramita-services a service token for the API with roles [service] and no preferred_username', async () => {
    const { status, body } = await tokenRequest({ grant_type: 'client_credentials' }, basic(SERVICES_SECRET));
    expect(status).toBe(200);
    const { payload } = await jwtVerify(body.access_token as string, jwks, { issuer: auth.issuer, audience: TEST_AUDIENCE });
    expect(payload).toMatchObject({ client_id: 'tramita-services', roles: ['service'] });
    expect(payload).not.toHaveProperty('preferred_username');
    const principal = await createTokenVerifier({ issuer: auth.issuer, audience: TEST_AUDIENCE })(body.access_token as string);
    expect(principal).toMatchObject({ username: 'tramita-services', isService: true, roles: ['service'], memberships: [] });
    expect(payload).not.toHaveProperty('memberships');
  });

  it('refuses a wrong client secret', async () => {
    const { status, body } = await tokenRequest({ grant_type: 'client_credentials' }, basic('not-the-secret'));
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('does not let the public web client use client credentials', async () => {
    const { status, body } = await tokenRequest({ grant_type: 'client_credentials', client_id: 'tramita-web' });
    expect(status).toBe(400);
    expect(body).not.toHaveProperty('access_token');
    expect(body.error).toEqual(expect.any(String));
  });
});

describe('logout', () => {
  it('ends the session at /auth/session/end so the next authorization asks for the password again', async () => {
    const jar = new CookieJar();
    const tokens = await login('tramitador', INITIAL_PASSWORD, jar);
    const endUrl = new URL(`${auth.issuer}/session/end`);
    endUrl.search = new URLSearchParams({
      id_token_hint: tokens.idToken!,
      post_logout_redirect_uri: `${auth.baseUrl}/`,
      client_id: 'tramita-web',
    }).toString();
    const confirmPage = await jar.fetch(endUrl);
    expect(confirmPage.status).toBe(200);
    const html = await confirmPage.text();
    expect(html).toContain('Cerrar sesión');
    expect(html).not.toMatch(/<script/i);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(`${auth.issuer}/session/end/confirm`);
    const confirmed = await jar.fetch(action!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${auth.baseUrl}/`);
    const again = await followRedirects(jar, authorizationUrl({ baseUrl: auth.baseUrl, redirectUri: auth.redirectUri }, pkcePair(), 's'), auth.redirectUri);
    expect(again.kind).toBe('page');
    if (again.kind === 'page') expect(again.html).toContain('name="password"');
    expect(decodeJwt(tokens.accessToken).preferred_username).toBe('tramitador');
    // The audit trail says who logged out (ADR 0014).
    const trail = await auth.running.app.inject({
      method: 'GET',
      url: '/api/admin/auth/audit?limit=1000',
      headers: await auth.testIssuer.headers({ username: 'root', memberships: [{ organism: TEST_ORGANISM, roles: ['platform-admin'] }] }),
    });
    const actions = trail.json<{ items: { action: string; actor: { username?: string } }[] }>().items.map((entry) => `${entry.action}:${entry.actor.username}`);
    expect(actions).toContain('auth.logout:tramitador');
  });
});
