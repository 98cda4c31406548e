import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** Reads a secret kept by the service, creating and keeping it first when there is none (main.ts picks where). */
export type SecretKeeper = <T>(name: string, create: () => Promise<T> | T) => Promise<T>;

export const SIGNING_ALG = 'ES256';

/** The provider's private signing keys (JWK), created at first start and kept in the database. */
export async function loadSigningKeys(secrets: SecretKeeper): Promise<{ keys: JWK[] }> {
  return secrets('oidc.jwks', async () => {
    const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    return { keys: [{ ...jwk, kid: randomUUID(), alg: SIGNING_ALG, use: 'sig' }] };
  });
}

/** Keys that sign the provider's cookies (session, interaction). */
export async function loadCookieKeys(secrets: SecretKeeper): Promise<string[]> {
  return secrets('oidc.cookie-keys', () => [randomBytes(32).toString('base64url')]);
}

/** The `tramita-services` client secret: the configured one, else one generated once and stored. */
export async function loadServicesClientSecret(secrets: SecretKeeper, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return secrets('oidc.services-client-secret', () => randomBytes(32).toString('base64url'));
}
