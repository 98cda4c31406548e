import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken } from '../../cli/src/admin-client.ts';
import { adminOptionsFromEnv, generatedPassword, KeycloakAdmin } from '../../../scripts/infra/keycloak-admin.ts';
import { keycloakEndpoints, loginAtKeycloak } from '../../../e2e/support/keycloak-login.ts';
import { createTokenVerifier, type TokenVerifier } from './auth.ts';

const keycloakUrl = process.env.KEYCLOAK_URL;
const DEFAULT_ORGANISM = 'E00000000';
const OTHER_ORGANISM = 'L01280796';

/** The problem code a refused token gets. */
const refusal = (verify: TokenVerifier, token: string) =>
  verify(token).then(
    () => 'accepted',
    (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
  );

/**
 * Keycloak as the issuer (ADR 0020), against the real server scripts/infra/keycloak.sh starts with
 * the realm of deploy/compose/keycloak: the platform's verifier takes its tokens with the realm's
 * keys, reads roles and organism memberships from them, takes a client-credentials token as a
 * service, and refuses tokens meant for others or issued by another realm.
 */
describe.skipIf(!keycloakUrl)('tokens issued by a real Keycloak with the Tramita realm', () => {
  let admin: KeycloakAdmin;
  let verify: TokenVerifier;
  const run = randomBytes(3).toString('hex');
  const username = `kc-${run}`;
  const firstPassword = generatedPassword();
  const ownPassword = generatedPassword();
  const created: string[] = [];

  beforeAll(async () => {
    admin = new KeycloakAdmin((await adminOptionsFromEnv(process.env))!);
    verify = createTokenVerifier({
      issuer: admin.issuer,
      audience: 'tramita-api',
      jwksUrl: `${admin.issuer}/protocol/openid-connect/certs`,
      defaultOrganism: DEFAULT_ORGANISM,
    });
    created.push(
      await admin.createUser({
        username,
        firstName: 'Prueba',
        lastName: 'Keycloak Ruiz',
        email: `${username}@example.org`,
        groups: [
          `/tramita/${DEFAULT_ORGANISM}/tramitador`,
          `/tramita/${DEFAULT_ORGANISM}/tecnico`,
          `/tramita/${OTHER_ORGANISM}/validador`,
          `/tramita/${OTHER_ORGANISM}/units/LA0001234`,
        ],
        password: firstPassword,
      }),
    );
  });

  afterAll(async () => {
    for (const id of created) await admin?.deleteUser(id).catch(() => undefined);
  });

  it('makes a new person change the generated password at the first login, then verifies their token with roles and memberships', async () => {
    const login = { issuer: admin.issuer, username };
    await expect(loginAtKeycloak({ ...login, password: firstPassword })).rejects.toThrow(/asks .* for a new password/);
    const tokens = await loginAtKeycloak({ ...login, password: firstPassword, newPassword: ownPassword });
    // The generated password is gone: only the person's own one works now.
    await expect(loginAtKeycloak({ ...login, password: firstPassword, newPassword: generatedPassword() })).rejects.toThrow(/did not complete/);

    const principal = await verify(tokens.accessToken);
    expect(principal).toMatchObject({ username, givenName: 'Prueba', familyName: 'Keycloak Ruiz', displayName: 'Keycloak Ruiz, Prueba', isService: false });
    // Realm roles come from the groups' role mappings: the union of the person's roles.
    expect(principal.roles).toEqual(expect.arrayContaining(['tramitador', 'tecnico', 'validador']));
    expect(principal.roles).not.toContain('admin');
    const memberships = principal.memberships.map((m) => ({ ...m, roles: [...m.roles].sort() })).sort((a, b) => a.organism.localeCompare(b.organism));
    expect(memberships).toEqual([
      { organism: DEFAULT_ORGANISM, roles: ['tecnico', 'tramitador'], units: [] },
      { organism: OTHER_ORGANISM, roles: ['validador'], units: ['LA0001234'] },
    ]);
  });

  it("gives the consistency check a service token through tramita-services' client credentials, found by discovery", async () => {
    const secret = await admin.clientSecret('tramita-services');
    const token = await accessToken('http://unused.invalid', { OIDC_ISSUER: admin.issuer, TRAMITA_CLIENT_SECRET: secret });
    const principal = await verify(token);
    expect(principal).toMatchObject({ username: 'tramita-services', isService: true, roles: ['service'], memberships: [] });

    await expect(accessToken('http://unused.invalid', { OIDC_ISSUER: admin.issuer, TRAMITA_CLIENT_SECRET: `${secret}x` })).rejects.toThrow(
      /refused the client credentials \(unauthorized_client\)/,
    );
  });

  it("refuses the realm's token for another audience and a token of another realm", async () => {
    // The realm's admin-cli client issues the same person a token without the tramita-api audience.
    const other = await fetch(keycloakEndpoints(admin.issuer).token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password: ownPassword }).toString(),
    });
    const otherAudience = ((await other.json()) as { access_token: string }).access_token;
    expect(await refusal(verify, otherAudience)).toBe('token-invalid: The access token was not accepted: aud claim check failed.');

    // The master realm's administrator token: another issuer, signed with another realm's keys.
    const options = (await adminOptionsFromEnv(process.env))!;
    const master = await fetch(`${options.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: options.username, password: options.password }).toString(),
    });
    const masterToken = ((await master.json()) as { access_token: string }).access_token;
    expect(await refusal(verify, masterToken)).toMatch(/^token-invalid: /);
    const trustingMasterKeys = createTokenVerifier({
      issuer: admin.issuer,
      audience: 'tramita-api',
      jwksUrl: `${options.url}/realms/master/protocol/openid-connect/certs`,
    });
    expect(await refusal(trustingMasterKeys, masterToken)).toMatch(/^token-invalid: The access token was not accepted: (iss|aud) claim check failed\.$/);
  });
});
