import { z } from 'zod';
import { parseEnv } from '@tramita/platform';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  /** Longest wait for an upstream's response headers after the request was sent (ms). */
  GATEWAY_UPSTREAM_TIMEOUT_MS: positiveInt(30_000),
  /** Longest wait for each part of the composed expediente detail (ms). */
  GATEWAY_COMPOSE_TIMEOUT_MS: positiveInt(3_000),
  /** Largest request body forwarded, from Content-Length or as counted (bytes); uploads have their own. */
  GATEWAY_MAX_BODY_BYTES: positiveInt(1024 * 1024),
  /** Largest document upload forwarded (bytes): docs' DOCS_MAX_UPLOAD_BYTES plus room for the form around the file. */
  GATEWAY_MAX_UPLOAD_BYTES: positiveInt(52_428_800 + 1024 * 1024),
  /** Login form posts accepted per client IP and minute. */
  GATEWAY_LOGIN_RATE_PER_MINUTE: positiveInt(30),
  /** Public CSV verification lookups per client address and minute (ENI B.3). */
  GATEWAY_VERIFICATION_RATE_PER_MINUTE: positiveInt(30),
  /** Directory of the built web UI; when it exists it replaces the built-in home page. */
  GATEWAY_WEB_DIR: z.string().min(1).optional(),
  /** Reverse proxies in front of the gateway whose X-Forwarded-For entry is trusted (0: none). */
  GATEWAY_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
  /** OAuth2 client the API docs UI logs in as (authorization code + PKCE); unset: paste a token instead. */
  GATEWAY_DOCS_UI_CLIENT_ID: z.string().min(1).optional(),
  /** How long each service's OpenAPI document is reused (s). */
  GATEWAY_OPENAPI_CACHE_SECONDS: z.coerce.number().int().min(0).default(60),
});

export type GatewayConfig = z.infer<typeof schema>;

export function loadConfig(env: Record<string, string | undefined>): GatewayConfig {
  return parseEnv(schema, env, 'gateway configuration');
}
