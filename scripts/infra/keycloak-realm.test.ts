import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The one realm definition (deploy/compose/keycloak/tramita-realm.json, imported by compose and by
 * scripts/infra/keycloak.sh): what the platform reads from its tokens, and no fixed secret.
 */
const realm = JSON.parse(readFileSync(join(import.meta.dirname, '../../deploy/compose/keycloak/tramita-realm.json'), 'utf8'));
const client = (clientId: string) => realm.clients.find((c: { clientId: string }) => c.clientId === clientId);
const mapper = (clientId: string, type: string) => client(clientId).protocolMappers.find((m: { protocolMapper: string }) => m.protocolMapper === type);

/** Every string value in the realm, with the path of keys to it. */
function* strings(value: unknown, path: string[] = []): Generator<[string[], string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, [...path, String(i)]);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

describe('the Tramita realm for Keycloak', () => {
  it('holds no password and no client secret: people are created with a generated one, secrets are generated at import', () => {
    expect(realm.users ?? []).toEqual([]);
    const secretKeys = [...strings(realm)].filter(([path]) => path.some((key) => /secret|password|credential/i.test(key) && key !== 'passwordPolicy'));
    expect(secretKeys).toEqual([]);
    for (const c of realm.clients) expect(c.secret, c.clientId).toBeUndefined();
    expect(realm.passwordPolicy).toMatch(/length\(12\)/);
  });

  it("maps realm roles to `roles`, organism groups by full path to `groups`, and the tramita-api audience into the web client's access tokens", () => {
    expect(mapper('tramita-web', 'oidc-usermodel-realm-role-mapper').config).toMatchObject({
      'claim.name': 'roles',
      multivalued: 'true',
      'access.token.claim': 'true',
    });
    expect(mapper('tramita-web', 'oidc-group-membership-mapper').config).toMatchObject({
      'claim.name': 'groups',
      'full.path': 'true',
      'access.token.claim': 'true',
    });
    expect(mapper('tramita-web', 'oidc-audience-mapper').config['included.custom.audience']).toBe('tramita-api');
    expect(client('tramita-web')).toMatchObject({ publicClient: true, directAccessGrantsEnabled: false, implicitFlowEnabled: false });
  });

  it('gives the platform organism groups whose role mappings make the roles claim the union of the memberships', () => {
    const organism = realm.groups.find((g: { name: string }) => g.name === 'tramita').subGroups.find((g: { name: string }) => g.name === 'E00000000');
    for (const role of ['tramitador', 'tecnico', 'validador', 'admin', 'consulta']) {
      expect(organism.subGroups.find((g: { name: string }) => g.name === role).realmRoles).toEqual([role]);
    }
    expect(organism.subGroups.map((g: { name: string }) => g.name)).toContain('platform-admin');
  });

  it('makes tramita-services a confidential client-credentials client whose tokens are a service: role service, no username, audience tramita-api', () => {
    const services = client('tramita-services');
    expect(services).toMatchObject({ publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, directAccessGrantsEnabled: false });
    // Without the profile scope the token carries no preferred_username: the platform's sign of a service.
    expect(services.defaultClientScopes).toEqual(['basic']);
    expect(mapper('tramita-services', 'oidc-hardcoded-claim-mapper').config).toMatchObject({
      'claim.name': 'roles',
      'claim.value': '["service"]',
      'jsonType.label': 'JSON',
    });
    expect(mapper('tramita-services', 'oidc-usermodel-realm-role-mapper')).toBeUndefined();
    expect(mapper('tramita-services', 'oidc-audience-mapper').config['included.custom.audience']).toBe('tramita-api');
  });
});
