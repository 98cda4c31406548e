import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../packages/cli/src/check.ts';
import { adminOptionsFromEnv, generatedPassword, KeycloakAdmin } from '../../scripts/infra/keycloak-admin.ts';
import { ApiClient } from '../support/api-client.ts';
import { captured } from '../support/captured-output.ts';
import { walkTheWholeJourney } from '../support/journey-scenario.ts';
import { loginAtKeycloak } from '../support/keycloak-login.ts';
import { stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';

const keycloakUrl = process.env.KEYCLOAK_URL;
const DEFAULT_ORGANISM = 'E00000000';

/**
 * The same journey again, distributed, with Keycloak as the issuer (ADR 0020): every service
 * verifies the realm's tokens with the realm's keys, the journey's user logs in at Keycloak
 * (created with a generated password, changed at the first login, in the platform organism's
 * groups), and the operator's consistency check takes its token from Keycloak through the
 * tramita-services client's credentials.
 */
describe.skipIf(!stackInfraAvailable || !keycloakUrl)('the whole journey of an expediente, distributed, with Keycloak as the issuer', () => {
  let admin: KeycloakAdmin;
  let stack: TestStack;
  let api: ApiClient;
  let userId: string | undefined;

  beforeAll(async () => {
    admin = new KeycloakAdmin((await adminOptionsFromEnv(process.env))!);
    // The journey acts as "user" (roles tramitador, tecnico, validador) and checks the names it shows.
    const stale = await admin.userId('user');
    if (stale) await admin.deleteUser(stale);
    const password = generatedPassword();
    userId = await admin.createUser({
      username: 'user',
      firstName: 'Usuario',
      lastName: 'Genérico',
      email: 'user@example.org',
      groups: ['tramitador', 'tecnico', 'validador'].map((role) => `/tramita/${DEFAULT_ORGANISM}/${role}`),
      password,
    });
    const issuer = admin.issuer;
    stack = await startTestStack({ issuer: { url: issuer, jwksUrl: `${issuer}/protocol/openid-connect/certs` } });
    const { accessToken } = await loginAtKeycloak({ issuer, username: 'user', password, newPassword: generatedPassword() });
    api = new ApiClient(stack.url, accessToken);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (userId) await admin.deleteUser(userId).catch(() => undefined);
  }, 60_000);

  it('creates, lists, details, edits, walks every phase, downloads and locks an expediente', async () => {
    await walkTheWholeJourney(api);
  }, 120_000);

  it("refuses a token of the server's other realm in every service: they trust only the Tramita realm", async () => {
    const options = (await adminOptionsFromEnv(process.env))!;
    const master = await fetch(`${options.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: options.username, password: options.password }).toString(),
    });
    const token = ((await master.json()) as { access_token: string }).access_token;
    const calls = {
      gateway: () => new ApiClient(stack.url, token).request('GET', '/api/files'),
      files: () => new ApiClient(stack.urlOf('files'), token).request('POST', '/api/files', { code: 'KC-MASTER-1', initialOption: 'SEDE', documents: [] }),
      bpm: () => new ApiClient(stack.urlOf('bpm'), token).request('GET', '/api/procedures'),
      index: () => new ApiClient(stack.urlOf('index'), token).request('GET', '/api/files'),
    };
    for (const [service, call] of Object.entries(calls)) {
      const response = await call();
      expect(`${service} ${response.status} ${((await response.json()) as { code?: string }).code}`).toBe(`${service} 401 token-invalid`);
    }
  });

  it('passes tramita check with a client-credentials token from Keycloak', async () => {
    const { lines, out } = captured();
    const secret = await admin.clientSecret('tramita-services');
    expect(await runCheck(['--url', stack.url, '--wait', '90'], { OIDC_ISSUER: admin.issuer, TRAMITA_CLIENT_SECRET: secret }, out), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/Tramita consistency: CONSISTENT/);
    expect(lines.join('\n')).not.toContain(secret);
  }, 180_000);
});
