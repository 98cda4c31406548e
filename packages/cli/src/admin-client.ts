import type { z } from 'zod';

/**
 * What the operator commands (`tramita check`, `tramita rebuild-index`) share: the access token
 * from the environment, and requests to the gateway's admin API checked against their contracts.
 */

/** Wrong usage or missing credentials: exit status 2. */
export class UsageError extends Error {}

/** The gateway's address: `--url`, else PUBLIC_URL, else http://localhost:8080 (without a trailing slash). */
export function gatewayUrlOf(flag: string | undefined, env: Record<string, string | undefined>): string {
  const url = (flag ?? env.PUBLIC_URL ?? 'http://localhost:8080').replace(/\/$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL, not "${url}".`);
  return url;
}

/** `--wait` in seconds (0 or more), `fallback` when absent. */
export function waitSecondsOf(flag: string | undefined, fallback: number): number {
  const seconds = flag === undefined ? fallback : Number(flag);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--wait must be a number of seconds (0 or more), not "${flag}".`);
  return seconds;
}

/** TRAMITA_TOKEN, or a client-credentials token of TRAMITA_CLIENT_ID (default tramita-services) with TRAMITA_CLIENT_SECRET at the issuer found by discovery. */
export async function accessToken(url: string, env: Record<string, string | undefined>): Promise<string> {
  if (env.TRAMITA_TOKEN) return env.TRAMITA_TOKEN;
  const secret = env.TRAMITA_CLIENT_SECRET;
  if (!secret) throw new UsageError('no credentials: set TRAMITA_TOKEN (an admin access token) or TRAMITA_CLIENT_SECRET (the tramita-services client secret).');
  const issuer = (env.OIDC_ISSUER ?? `${url}/auth`).replace(/\/$/, '');
  const discovery = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(15_000) });
  if (!discovery.ok) throw new Error(`the issuer ${issuer} did not answer its discovery document (HTTP ${discovery.status}).`);
  const { token_endpoint: tokenEndpoint } = (await discovery.json()) as { token_endpoint?: string };
  if (!tokenEndpoint) throw new Error(`the issuer ${issuer} has no token endpoint.`);
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(env.TRAMITA_CLIENT_ID ?? 'tramita-services')}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`the issuer refused the client credentials (${body.error ?? `HTTP ${response.status}`}).`);
  return body.access_token;
}

/** `method path` on the gateway with the token; the answer parsed by `schema`, or an error naming the status and the problem's detail. */
export async function adminRequest<T extends z.ZodType>(
  url: string,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  schema: T,
  options: { body?: unknown; what: string; timeoutMs?: number },
): Promise<z.infer<T>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
    throw new Error(
      `the gateway answered HTTP ${response.status} to ${method} ${path.split('?')[0]}: ${problem.detail ?? problem.title ?? response.statusText}`,
    );
  }
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new Error(
      `the gateway answered ${options.what} its contract does not allow: ${parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ')}`,
    );
  return parsed.data;
}
