import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import { loadOrCreateSecret } from '../postgres/auth-secrets.postgres.ts';
import type { AuthDatabase } from '../postgres/database.ts';

export const SIGNING_ALG = 'ES256';

/** The provider's private signing keys (JWK), created at first start and kept in the database. */
export async function loadSigningKeys(db: Kysely<AuthDatabase>): Promise<{ keys: JWK[] }> {
  return loadOrCreateSecret(db, 'oidc.jwks', async () => {
    const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    return { keys: [{ ...jwk, kid: randomUUID(), alg: SIGNING_ALG, use: 'sig' }] };
  });
}

/** Keys that sign the provider's cookies (session, interaction). */
export async function loadCookieKeys(db: Kysely<AuthDatabase>): Promise<string[]> {
  return loadOrCreateSecret(db, 'oidc.cookie-keys', () => [randomBytes(32).toString('base64url')]);
}

/** The `tramita-services` client secret: the configured one, else one generated once and stored. */
export async function loadServicesClientSecret(db: Kysely<AuthDatabase>, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return loadOrCreateSecret(db, 'oidc.services-client-secret', () => randomBytes(32).toString('base64url'));
}
