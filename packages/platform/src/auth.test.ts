import { describe, expect, it } from 'vitest';
import { createTestIssuer, TEST_ORGANISM, testUsers } from './testing.ts';

describe('token verification', () => {
  it('accepts a valid token and reads the person and roles from it', async () => {
    const issuer = await createTestIssuer();
    const principal = await issuer.verifyToken(await issuer.token(testUsers.tramitador));
    expect(principal).toMatchObject({ username: 'agat', displayName: 'Gat Alba, Antonio', roles: ['tramitador'], isService: false });
  });

  it('reads what the person may do in each organism, and puts a token naming none in the default organism', async () => {
    const issuer = await createTestIssuer();
    const twoOrganisms = await issuer.verifyToken(
      await issuer.token({
        username: 'ana',
        memberships: [
          { organism: 'L01280796', roles: ['tramitador'], units: ['LA0001234'] },
          { organism: 'A01002820', roles: ['consulta'] },
        ],
      }),
    );
    expect(twoOrganisms.memberships).toEqual([
      { organism: 'L01280796', roles: ['tramitador'], units: ['LA0001234'] },
      { organism: 'A01002820', roles: ['consulta'], units: [] },
    ]);
    expect(twoOrganisms.roles.sort()).toEqual(['consulta', 'tramitador']);
    const legacy = await issuer.verifyToken(await issuer.token(testUsers.tecnico));
    expect(legacy.memberships).toEqual([{ organism: TEST_ORGANISM, roles: ['tecnico'], units: [] }]);
  });

  it('rejects an expired token as expired', async () => {
    const issuer = await createTestIssuer();
    const token = await issuer.token(testUsers.tramitador, { expiresInSeconds: -60 });
    await expect(issuer.verifyToken(token)).rejects.toMatchObject({ code: 'token-expired', category: 'unauthorized' });
  });

  it('rejects a token from another issuer or for another audience', async () => {
    const issuer = await createTestIssuer();
    await expect(issuer.verifyToken(await issuer.token(testUsers.admin, { issuer: 'https://other/auth' }))).rejects.toMatchObject({ code: 'token-invalid' });
    await expect(issuer.verifyToken(await issuer.token(testUsers.admin, { audience: 'other-api' }))).rejects.toMatchObject({ code: 'token-invalid' });
  });

  it('rejects a token signed with a key the issuer does not publish', async () => {
    const real = await createTestIssuer();
    const impostor = await createTestIssuer();
    await expect(real.verifyToken(await impostor.token(testUsers.admin))).rejects.toMatchObject({ code: 'token-invalid' });
  });
});
