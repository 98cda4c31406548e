import { describe, expect, it } from 'vitest';
import { keycloakRealm } from './stack.ts';

describe('tramita stack --issuer keycloak', () => {
  it("trusts the Tramita realm of the local Keycloak, with the realm's own keys", () => {
    expect(keycloakRealm('http://127.0.0.1:18080/')).toEqual({
      url: 'http://127.0.0.1:18080/realms/tramita',
      jwksUrl: 'http://127.0.0.1:18080/realms/tramita/protocol/openid-connect/certs',
    });
  });
});
