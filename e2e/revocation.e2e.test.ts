import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { loginWithPkce, type LoginTokens } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

/** Passes the password policy and is nobody's name. */
const PASSWORD = 'Marmota-Violeta-Quince-83';
const SERVICES_SECRET = 'secreto-de-prueba-de-los-servicios-0123456789';
const servicesAuth = `Basic ${Buffer.from(`tramita-services:${SERVICES_SECRET}`).toString('base64')}`;

async function problemCode(response: Response): Promise<{ status: number; code: string | undefined }> {
  const text = await response.text();
  return { status: response.status, code: text.startsWith('{') ? (JSON.parse(text) as { code?: string }).code : undefined };
}

describe('a change of access takes effect at once (issue 10, finding 4)', () => {
  let tramita: TestTramita;
  let admin: ApiClient;
  const login = (username: string, password = PASSWORD) => loginWithPkce({ baseUrl: tramita.url, username, password, redirectUri: `${tramita.url}/callback` });
  const refresh = async (tokens: LoginTokens) => {
    const response = await fetch(`${tramita.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken!, client_id: 'tramita-web' }).toString(),
    });
    return { status: response.status, body: (await response.json()) as { access_token?: string; error?: string } };
  };
  const revoke = (token: string, hint?: string) =>
    fetch(`${tramita.url}/auth/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: 'tramita-web', ...(hint ? { token_type_hint: hint } : {}) }).toString(),
    });
  const createUser = async (username: string, roles: string[]) => {
    const response = await admin.request('POST', '/api/users', { username, givenName: 'Prueba', familyName: 'Revocación', roles, password: PASSWORD });
    expect(response.status, await response.text()).toBe(201);
  };
  const upload = (client: ApiClient) => client.upload('nota.txt', new TextEncoder().encode('contenido'));

  beforeAll(async () => {
    tramita = await startTramita({ AUTH_SERVICES_CLIENT_SECRET: SERVICES_SECRET });
    admin = new ApiClient(tramita.url, (await login('admin', E2E_PASSWORD)).accessToken);
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  });

  it('refuses the token of a user demoted to consulta for the next write; the refreshed token carries the new roles', async () => {
    await createUser('rev-demote', ['tramitador']);
    const tokens = await login('rev-demote');
    const worker = new ApiClient(tramita.url, tokens.accessToken);
    expect((await upload(worker)).status).toBe(201);

    const patched = await admin.request('PATCH', '/api/users/rev-demote', { roles: ['consulta'] });
    expect(patched.status).toBe(200);
    expect(await problemCode(await upload(worker))).toEqual({ status: 401, code: 'token-revoked' });
    expect(await problemCode(await worker.request('POST', '/api/files', { code: 'REV-1', initialOption: 'SEDE', documents: [] }))).toEqual({
      status: 401,
      code: 'token-revoked',
    });

    const refreshed = await refresh(tokens);
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.access_token!).roles).toEqual(['consulta']);
    const reader = new ApiClient(tramita.url, refreshed.body.access_token!);
    expect(await problemCode(await upload(reader))).toEqual({ status: 403, code: 'role-required' });
    expect((await reader.request('GET', '/api/files')).status).toBe(200);
  });

  it('refuses the token of a disabled user at once, and its refresh token no longer works', async () => {
    await createUser('rev-disable', ['tramitador']);
    const tokens = await login('rev-disable');
    const worker = new ApiClient(tramita.url, tokens.accessToken);
    expect((await upload(worker)).status).toBe(201);

    expect((await admin.request('PATCH', '/api/users/rev-disable', { enabled: false })).status).toBe(200);
    expect(await problemCode(await upload(worker))).toEqual({ status: 401, code: 'token-revoked' });
    expect(await problemCode(await worker.request('GET', '/api/files'))).toEqual({ status: 401, code: 'token-revoked' });
    const refreshed = await refresh(tokens);
    expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses the token of a user given a new password at once and ends their sessions: they log in again with the new one', async () => {
    await createUser('rev-password', ['tramitador']);
    const tokens = await login('rev-password');
    const worker = new ApiClient(tramita.url, tokens.accessToken);
    expect((await upload(worker)).status).toBe(201);

    const newPassword = 'Ciruela-Turquesa-Nueve-41';
    expect((await admin.request('PATCH', '/api/users/rev-password', { password: newPassword })).status).toBe(200);
    expect(await problemCode(await upload(worker))).toEqual({ status: 401, code: 'token-revoked' });
    expect(await refresh(tokens)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const again = await login('rev-password', newPassword);
    expect((await upload(new ApiClient(tramita.url, again.accessToken))).status).toBe(201);
  });

  it('revokes an access token at /auth/token/revocation (200), after which every service refuses it; other tokens keep working', async () => {
    await createUser('rev-token', ['tramitador']);
    const first = await login('rev-token');
    const second = await login('rev-token');
    const revoked = new ApiClient(tramita.url, first.accessToken);
    expect((await upload(revoked)).status).toBe(201);

    const response = await revoke(first.accessToken, 'access_token');
    expect(response.status).toBe(200);
    expect(await problemCode(await upload(revoked))).toEqual({ status: 401, code: 'token-revoked' });
    expect(await problemCode(await revoked.request('GET', '/api/files'))).toEqual({ status: 401, code: 'token-revoked' });
    expect((await upload(new ApiClient(tramita.url, second.accessToken))).status).toBe(201);

    // Refresh tokens are still revoked by the provider itself.
    expect((await revoke(second.refreshToken!, 'refresh_token')).status).toBe(200);
    expect(await refresh(second)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // A token that does not verify changes nothing and gets 200 (RFC 7009).
    expect((await revoke(`${first.accessToken.slice(0, -4)}AAAA`)).status).toBe(200);
  });

  it("lets a confidential client revoke its own token but not another client's", async () => {
    const form = (body: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: servicesAuth },
      body: new URLSearchParams(body).toString(),
    });
    const issued = await fetch(`${tramita.url}/auth/token`, form({ grant_type: 'client_credentials' }));
    const serviceToken = ((await issued.json()) as { access_token: string }).access_token;
    const service = new ApiClient(tramita.url, serviceToken);
    expect((await service.request('GET', '/api/admin/consistency')).status).toBe(200);

    await createUser('rev-other', ['tramitador']);
    const someone = await login('rev-other');
    const refused = await fetch(`${tramita.url}/auth/token/revocation`, form({ token: someone.accessToken }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
    expect((await upload(new ApiClient(tramita.url, someone.accessToken))).status).toBe(201);

    expect((await fetch(`${tramita.url}/auth/token/revocation`, form({ token: serviceToken }))).status).toBe(200);
    expect(await problemCode(await service.request('GET', '/api/admin/consistency'))).toEqual({ status: 401, code: 'token-revoked' });
  });
});
