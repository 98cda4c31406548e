import { commaSeparated, parseEnv } from '@tramita/platform';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './domain/user.ts';

const urlList = commaSeparated(z.url({ protocol: /^https?$/ }));

const schema = z.object({
  /** Initial password of every seeded user; unset: a random one per user, shown once. */
  AUTH_INITIAL_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH).optional(),
  /** Secret of the `tramita-services` client; unset: generated once and kept in the database. */
  AUTH_SERVICES_CLIENT_SECRET: z.string().min(16).optional(),
  /** Extra redirect URIs for the web client (comma separated), e.g. a Vite dev server. */
  AUTH_WEB_REDIRECT_URIS: urlList,
  /** The name the platform's own organism (TRAMITA_DEFAULT_ORGANISM) gets when auth first writes it. */
  AUTH_DEFAULT_ORGANISM_NAME: z.string().min(1).max(200).default('Organismo de la plataforma'),
});

export type AuthConfig = z.infer<typeof schema>;

export function loadConfig(env: Record<string, string | undefined>): AuthConfig {
  // Empty strings mean "not set" (compose files and ConfigMaps often carry empty values).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  return parseEnv(schema, present, 'auth configuration');
}
