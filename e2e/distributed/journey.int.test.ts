import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { walkTheWholeJourney } from '../support/journey-scenario.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD, stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';

/**
 * The same journey as e2e/journey.e2e.test.ts, unchanged, against the distributed topology:
 * every service its own process on PostgreSQL, messages through Kafka, behind the gateway.
 */
describe.skipIf(!stackInfraAvailable)('the whole journey of an expediente, distributed (one process per service, PostgreSQL, Kafka)', () => {
  let stack: TestStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack();
    const { accessToken } = await loginWithPkce({ baseUrl: stack.url, username: 'user', password: E2E_PASSWORD, redirectUri: `${stack.url}/callback` });
    api = new ApiClient(stack.url, accessToken);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('creates, lists, details, edits, walks every phase, downloads and locks an expediente', async () => {
    await walkTheWholeJourney(api);
  }, 120_000);

  it("refuses a demoted user's token in every service once auth.events reaches it, and revokes access tokens (ADR 0010)", async () => {
    const login = (username: string, password: string) => loginWithPkce({ baseUrl: stack.url, username, password, redirectUri: `${stack.url}/callback` });
    const admin = new ApiClient(stack.url, (await login('admin', E2E_PASSWORD)).accessToken);
    const password = 'Marmota-Violeta-Quince-83';
    const created = await admin.request('POST', '/api/users', {
      username: 'dist-demote',
      givenName: 'Prueba',
      familyName: 'Revocación',
      roles: ['tramitador'],
      password,
    });
    expect(created.status, await created.text()).toBe(201);
    const tokens = await login('dist-demote', password);
    // Straight at each service, so each one's own list is what is tested.
    const calls = {
      files: () =>
        new ApiClient(stack.urlOf('files'), tokens.accessToken).request('POST', '/api/files', { code: 'DIST-REV-1', initialOption: 'SEDE', documents: [] }),
      docs: () => new ApiClient(stack.urlOf('docs'), tokens.accessToken).upload('nota.txt', new TextEncoder().encode('contenido')),
      bpm: () => new ApiClient(stack.urlOf('bpm'), tokens.accessToken).request('GET', '/api/procedures'),
      index: () => new ApiClient(stack.urlOf('index'), tokens.accessToken).request('GET', '/api/files'),
      auth: () => new ApiClient(stack.urlOf('auth'), tokens.accessToken).request('GET', '/api/users/lookup?usernames=admin'),
    };
    const codeOf = async (response: Response) => `${response.status} ${((await response.json().catch(() => ({}))) as { code?: string }).code ?? ''}`.trim();
    expect(await codeOf(await calls.bpm())).toBe('200');

    expect((await admin.request('PATCH', '/api/users/dist-demote', { roles: ['consulta'] })).status).toBe(200);
    for (const [service, call] of Object.entries(calls)) {
      await expect.poll(async () => codeOf(await call()), { timeout: 10_000, interval: 100, message: service }).toBe('401 token-revoked');
    }

    const refreshed = await fetch(`${stack.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken!, client_id: 'tramita-web' }).toString(),
    });
    const renewed = ((await refreshed.json()) as { access_token: string }).access_token;
    expect(decodeJwt(renewed).roles).toEqual(['consulta']);
    const reader = new ApiClient(stack.url, renewed);
    expect((await reader.request('GET', '/api/files')).status).toBe(200);

    const revoked = await fetch(`${stack.url}/auth/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: renewed, client_id: 'tramita-web' }).toString(),
    });
    expect(revoked.status).toBe(200);
    await expect.poll(async () => codeOf(await reader.request('GET', '/api/files')), { timeout: 10_000, interval: 100 }).toBe('401 token-revoked');
  }, 60_000);
});
