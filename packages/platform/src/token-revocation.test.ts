import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { topics } from '@tramita/contracts';
import { buildEnvelope, messagingMigrations, UnitOfWork, type TransportMessage } from '@tramita/messaging';
import { createTokenVerifier } from './auth.ts';
import { openDatabase } from './database.ts';
import { createLogger } from './logger.ts';
import { migrate } from './migrations.ts';
import { TEST_AUDIENCE, TEST_ISSUER } from './testing.ts';
import { REVOCATION_MEMORY_MS, TokenRevocationList, tokenRevocationFeed, tokenRevocationMigrations } from './token-revocation.ts';

const T = Date.parse('2026-12-04T10:00:00Z');

describe('the token revocation list', () => {
  it("refuses a user's tokens read before notBefore, not those read at or after it", () => {
    const list = new TokenRevocationList();
    list.revokeSubjectBefore('ana', T);
    expect(list.isRevoked({ subject: 'ana', jti: 'a', issuedAtMs: T - 1 })).toBe(true);
    expect(list.isRevoked({ subject: 'ana', jti: 'b', issuedAtMs: T })).toBe(false);
    expect(list.isRevoked({ subject: 'luis', jti: 'c', issuedAtMs: T - 1 })).toBe(false);
  });

  it('keeps the latest notBefore of a user', () => {
    const list = new TokenRevocationList();
    list.revokeSubjectBefore('ana', T);
    list.revokeSubjectBefore('ana', T - 60_000);
    expect(list.isRevoked({ subject: 'ana', jti: undefined, issuedAtMs: T - 1 })).toBe(true);
  });

  it('refuses a revoked token id whoever it belongs to', () => {
    const list = new TokenRevocationList();
    list.revokeToken('jti-1', T + 60_000);
    expect(list.isRevoked({ subject: 'ana', jti: 'jti-1', issuedAtMs: T })).toBe(true);
    expect(list.isRevoked({ subject: 'ana', jti: 'jti-2', issuedAtMs: T })).toBe(false);
  });

  it('forgets entries no valid token can match any more, and only those', () => {
    const list = new TokenRevocationList();
    list.revokeSubjectBefore('ana', T);
    list.revokeToken('jti-1', T);
    list.prune(T + 30_000);
    expect(list.size).toBe(2);
    list.prune(T + REVOCATION_MEMORY_MS + 1);
    expect(list.size).toBe(0);
  });
});

describe('the token verifier with a revocation list', () => {
  async function issuer() {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] });
    const sign = (claims: Record<string, unknown>, iat: number) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k' })
        .setSubject('ana')
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt(iat)
        .setJti(`jti-${iat}-${JSON.stringify(claims)}`)
        .setExpirationTime(iat + 900)
        .sign(privateKey);
    return { keySet, sign };
  }

  it('answers 401 token-revoked for a token whose facts predate the change, by the user_updated_at claim when present', async () => {
    const { keySet, sign } = await issuer();
    const revocations = new TokenRevocationList();
    const verify = createTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keySet, revocations });
    const now = Math.floor(Date.now() / 1000);
    const old = await sign({ preferred_username: 'ana', roles: ['tramitador'], user_updated_at: now * 1000 - 5_000 }, now);
    const fresh = await sign({ preferred_username: 'ana', roles: ['consulta'], user_updated_at: now * 1000 + 250 }, now);
    const withoutClaim = await sign({ preferred_username: 'ana' }, now - 10);
    await expect(verify(old)).resolves.toMatchObject({ username: 'ana' });

    revocations.revokeSubjectBefore('ana', now * 1000 + 250);
    await expect(verify(old)).rejects.toMatchObject({ code: 'token-revoked', category: 'unauthorized' });
    await expect(verify(withoutClaim)).rejects.toMatchObject({ code: 'token-revoked' });
    // Issued in the same second as the change, but read the user after it: accepted.
    await expect(verify(fresh)).resolves.toMatchObject({ roles: ['consulta'] });
  });

  it("does not let a user's change revoke a client's token with the same subject", async () => {
    const { keySet, sign } = await issuer();
    const revocations = new TokenRevocationList();
    const verify = createTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keySet, revocations });
    const now = Math.floor(Date.now() / 1000);
    const clientToken = await sign({ client_id: 'ana', roles: ['service'] }, now - 10);
    revocations.revokeSubjectBefore('ana', now * 1000);
    await expect(verify(clientToken)).resolves.toMatchObject({ isService: true });
  });
});

describe('the revocation feed', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function database(): Promise<Kysely<unknown>> {
    const database = await openDatabase<unknown>({ kind: 'memory' });
    const { db } = database;
    closers.push(() => database.close());
    await migrate(db, [messagingMigrations, tokenRevocationMigrations]);
    return db;
  }

  const feedOn = (db: Kysely<unknown>, list: TokenRevocationList, refreshEveryMs?: number) =>
    tokenRevocationFeed({
      service: 'files',
      db,
      unitOfWork: new UnitOfWork(db),
      list,
      logger: createLogger({ service: 'files', level: 'silent' }),
      ...(refreshEveryMs ? { refreshEveryMs } : {}),
    });

  const message = (type: string, subject: string, data: unknown): TransportMessage =>
    buildEnvelope({ topic: topics.authEvents, type, subject, data }, { source: 'auth', correlationId: 'c', causationId: null });

  it('applies both messages, keeps them in the database so a restarted service still refuses them, and ignores a redelivery', async () => {
    const db = await database();
    const list = new TokenRevocationList();
    const feed = feedOn(db, list);
    expect(feed.subscription.topics).toEqual(['auth.events']);
    const notBefore = new Date(Date.now() - 1_000);
    const changed = message('UserAccessChanged', 'ana', { username: 'ana', notBefore: notBefore.toISOString(), reason: 'roles-changed' });
    const expiresAt = new Date(Date.now() + 600_000);
    const revoked = message('AccessTokenRevoked', 'jti-9', { jti: 'jti-9', username: 'luis', expiresAt: expiresAt.toISOString() });
    await feed.subscription.handle(changed);
    await feed.subscription.handle(revoked);
    await feed.subscription.handle(changed);
    expect(list.isRevoked({ subject: 'ana', jti: undefined, issuedAtMs: notBefore.getTime() - 1 })).toBe(true);
    expect(list.isRevoked({ subject: 'luis', jti: 'jti-9', issuedAtMs: Date.now() })).toBe(true);

    const afterRestart = new TokenRevocationList();
    await feedOn(db, afterRestart).load();
    expect(afterRestart.isRevoked({ subject: 'ana', jti: undefined, issuedAtMs: notBefore.getTime() - 1 })).toBe(true);
    expect(afterRestart.isRevoked({ subject: 'luis', jti: 'jti-9', issuedAtMs: Date.now() })).toBe(true);
    expect(afterRestart.size).toBe(2);
  });

  it('lets a replica that did not consume the message refuse the token after its next reload', async () => {
    const db = await database();
    const consumer = feedOn(db, new TokenRevocationList());
    const otherList = new TokenRevocationList();
    const other = feedOn(db, otherList, 10);
    other.start();
    closers.push(async () => other.stop());
    await consumer.subscription.handle(
      message('AccessTokenRevoked', 'jti-1', { jti: 'jti-1', username: null, expiresAt: new Date(Date.now() + 60_000).toISOString() }),
    );
    await expect.poll(() => otherList.isRevoked({ subject: '', jti: 'jti-1', issuedAtMs: 0 }), { timeout: 2_000 }).toBe(true);
  });

  it('refuses a message that does not match its contract (it goes to dead letters) and records nothing', async () => {
    const db = await database();
    const list = new TokenRevocationList();
    const feed = feedOn(db, list);
    await expect(feed.subscription.handle(message('UserAccessChanged', 'ana', { username: 'ana', notBefore: 'yesterday' }))).rejects.toThrow(/contract/);
    expect(list.size).toBe(0);
  });
});
