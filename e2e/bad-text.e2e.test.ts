import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { authorizationUrl, CookieJar, followRedirects, loginWithPkce, pkcePair, submitLoginForm } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

/**
 * A NUL byte or an unpaired surrogate, on every route where a security review saw one end in a
 * 500 (and in the database's error log), sent through the gateway as a client would: each gets a
 * 4xx problem and changes nothing.
 */
describe('text no database can store is refused with 400 everywhere', () => {
  let tramita: TestTramita;
  let worker: ApiClient;
  let admin: ApiClient;
  let documentId: string;

  beforeAll(async () => {
    tramita = await startTramita();
    const login = async (username: string) =>
      new ApiClient(
        tramita.url,
        (await loginWithPkce({ baseUrl: tramita.url, username, password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` })).accessToken,
      );
    worker = await login('user');
    admin = await login('admin');
    documentId = ((await (await worker.upload('a.txt', new TextEncoder().encode('hola'))).json()) as { id: string }).id;
    await worker.json('POST', '/api/files', { code: 'TXT-1', initialOption: 'SEDE', documents: [documentId] }, 202);
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  });

  async function expectBadRequest(response: Response, what: string) {
    expect(response.status, what).toBe(400);
    expect(response.headers.get('content-type'), what).toContain('application/problem+json');
    await response.body?.cancel();
  }

  it('on reads: query strings and path segments', async () => {
    await expectBadRequest(await worker.request('GET', '/api/docs?fileCode=%00'), 'docs by file code');
    await expectBadRequest(await admin.request('GET', '/api/users/lookup?usernames=%00'), 'user lookup');
    await expectBadRequest(await worker.request('GET', '/api/procedures/A%00B'), 'procedure');
    await expectBadRequest(await admin.request('GET', '/api/users/a%00b'), 'user');
    await expectBadRequest(await worker.request('GET', '/api/files?q=%00'), 'search');
  });

  it('on writes: JSON bodies, and nothing is created or changed', async () => {
    await expectBadRequest(
      await worker.request('POST', '/api/files', { code: 'TXT-2', initialOption: 'SEDE', description: 'a\u0000b', documents: [documentId] }),
      'create, description',
    );
    await expectBadRequest(
      await worker.request('POST', '/api/files', { code: 'TXT-3', initialOption: 'SEDE', documents: ['doc\u0000'] }),
      'create, document id',
    );
    await expectBadRequest(await worker.request('PATCH', '/api/files/TXT-1', { description: 'x\u0000y', expectedVersion: 1 }), 'edit, NUL');
    await expectBadRequest(await worker.request('PATCH', '/api/files/TXT-1', '{"description":"a\\ud800b","expectedVersion":1}'), 'edit, lone surrogate');
    await expectBadRequest(
      await admin.request('POST', '/api/users', {
        username: 'nul',
        givenName: 'a\u0000b',
        familyName: 'X',
        roles: ['consulta'],
        password: 'una-clave-muy-larga-17',
      }),
      'create user',
    );
    await expectBadRequest(await admin.request('PATCH', '/api/users/consulta', { givenName: 'a\u0000b' }), 'edit user');
    await expectBadRequest(await admin.request('POST', '/api/initial-options', { code: 'N\u0000', name: 'x' }), 'initial option');

    expect((await worker.request('GET', '/api/files/TXT-2/record')).status).toBe(404);
    expect((await admin.request('GET', '/api/users/nul')).status).toBe(404);
    const consulta = await admin.json<{ givenName: string }>('GET', '/api/users/consulta', undefined, 200);
    expect(consulta.givenName).not.toContain('\u0000');
  });

  it('on the public login form: a clear answer, never a server error', async () => {
    const jar = new CookieJar();
    const redirectUri = `${tramita.url}/callback`;
    const page = await followRedirects(jar, authorizationUrl({ baseUrl: tramita.url, redirectUri }, pkcePair(), randomBytes(8).toString('hex')), redirectUri);
    expect(page.kind).toBe('page');
    if (page.kind !== 'page') return;
    const outcome = await submitLoginForm(jar, page, { username: 'a\u0000b', password: 'x' }, redirectUri);
    expect(outcome.kind).toBe('page');
    if (outcome.kind !== 'page') return;
    expect(outcome.status).toBeLessThan(500);
    // refused outright, or the login page again with the reason in an alert
    expect(outcome.status >= 400 || /role="alert"/.test(outcome.html), outcome.html.slice(0, 300)).toBe(true);
  });
});
