import { createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from './auth.ts';
import { createTestIssuer, TEST_AUDIENCE, TEST_ISSUER, TEST_ORGANISM, testUsers } from './testing.ts';
import { TokenRevocationList } from './token-revocation.ts';

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

describe('verified tokens remembered', () => {
  async function counted(options: { now?: () => number; cacheSize?: number } = {}) {
    const issuer = await createTestIssuer();
    const local = createLocalJWKSet(issuer.jwks);
    let keyLookups = 0;
    const revocations = new TokenRevocationList();
    const verify = createTokenVerifier({
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      keySet: (header, token) => {
        keyLookups++;
        return local(header, token);
      },
      revocations,
      defaultOrganism: TEST_ORGANISM,
      ...options,
    });
    return { issuer, verify, revocations, keyLookups: () => keyLookups };
  }

  it('checks a token against the keys once, and answers the same principal for it afterwards', async () => {
    const { issuer, verify, keyLookups } = await counted();
    const token = await issuer.token(testUsers.tramitador);
    const first = await verify(token);
    const second = await verify(token);
    expect(second).toEqual(first);
    expect(keyLookups()).toBe(1);
    await verify(await issuer.token(testUsers.admin));
    expect(keyLookups()).toBe(2);
  });

  it('refuses a remembered token once it expires, and one revoked after it was remembered', async () => {
    let clock = Date.now();
    const { issuer, verify, revocations } = await counted({ now: () => clock });
    const token = await issuer.token(testUsers.tramitador, { expiresInSeconds: 60 });
    await verify(token);
    clock += 66_000;
    await expect(verify(token)).rejects.toMatchObject({ code: 'token-expired' });
    clock = Date.now();
    const other = await issuer.token(testUsers.tecnico);
    const principal = await verify(other);
    revocations.revokeSubjectBefore(principal.subject, Date.now() + 1000);
    await expect(verify(other)).rejects.toMatchObject({ code: 'token-revoked' });
  });

  it('never remembers a token that failed, nor more tokens than its size', async () => {
    const { issuer, verify, keyLookups } = await counted({ cacheSize: 1 });
    const forged = `${(await issuer.token(testUsers.admin)).slice(0, -4)}AAAA`;
    await expect(verify(forged)).rejects.toMatchObject({ code: 'token-invalid' });
    await expect(verify(forged)).rejects.toMatchObject({ code: 'token-invalid' });
    expect(keyLookups()).toBe(2);
    const [a, b] = [await issuer.token(testUsers.tramitador), await issuer.token(testUsers.admin)];
    await verify(a);
    await verify(b);
    await verify(a);
    expect(keyLookups()).toBe(5);
  });
});
