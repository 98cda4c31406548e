import { createHash, randomBytes } from 'node:crypto';

/**
 * A test client for Tramita's OpenID Connect login: authorization code + PKCE driven with plain
 * fetch (redirect: 'manual') and a tiny cookie jar, the way a browser would.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expiresAt: number | undefined;
}

/** Just enough of RFC 6265 for one host: name, path scoping, expiry and deletion. */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: StoredCookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), path: defaultPath(url), expiresAt: undefined };
      for (const attribute of attributes) {
        const [key = '', value = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path' && value.startsWith('/')) cookie.path = value;
        if (lower === 'max-age') cookie.expiresAt = Date.now() + Number(value) * 1000;
        if (lower === 'expires' && cookie.expiresAt === undefined) cookie.expiresAt = Date.parse(value);
      }
      const key = `${cookie.name};${cookie.path}`;
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  header(url: URL): string | undefined {
    const now = Date.now();
    const matching = [...this.#cookies.values()]
      .filter((c) => (c.expiresAt === undefined || c.expiresAt > now) && pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length > 0 ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** fetch with this jar's cookies, never following redirects. */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response);
    return response;
  }

  names(): string[] {
    return [...this.#cookies.values()].map((c) => c.name);
  }
}

function defaultPath(url: URL): string {
  const slash = url.pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : url.pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

export interface LoginOptions {
  /** Origin the browser talks to, e.g. http://localhost:8080 (the gateway) or the auth service. */
  baseUrl: string;
  /** Path of the issuer under baseUrl; `/auth` by default. */
  issuerPath?: string;
  /** Another issuer's endpoints (Keycloak's are under `/protocol/openid-connect`); the built-in auth's paths by default. */
  endpoints?: { authorization: string; token: string };
  username: string;
  password: string;
  /** `tramita-web` by default. */
  clientId?: string;
  redirectUri: string;
  /** `openid profile offline_access` by default. */
  scope?: string;
  /** Reuse a browser's cookies (single sign-on, logout tests). */
  jar?: CookieJar;
}

export interface LoginTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
}

/** The outcome of the browser part: a code at the redirect URI, or the page where it stopped. */
export type AuthorizationOutcome =
  | { kind: 'code'; code: string; state: string | null; iss: string | null }
  | { kind: 'error'; error: string; description: string | null }
  | { kind: 'page'; url: URL; status: number; html: string };

const MAX_HOPS = 20;

/** Follows redirects from `start` until the client's redirect URI or a page that is not a redirect. */
export async function followRedirects(jar: CookieJar, start: URL, redirectUri: string, init?: RequestInit): Promise<AuthorizationOutcome> {
  let url = start;
  let response = await jar.fetch(url, init);
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      return { kind: 'page', url, status: response.status, html: await response.text() };
    }
    await response.body?.cancel();
    const next = new URL(location, url);
    if (`${next.origin}${next.pathname}` === redirectUri) {
      const error = next.searchParams.get('error');
      if (error) return { kind: 'error', error, description: next.searchParams.get('error_description') };
      const code = next.searchParams.get('code');
      if (!code) throw new Error(`redirect to the client without a code: ${next.href}`);
      return { kind: 'code', code, state: next.searchParams.get('state'), iss: next.searchParams.get('iss') };
    }
    url = next;
    response = await jar.fetch(url);
  }
  throw new Error(`more than ${MAX_HOPS} redirects from ${start.href}`);
}

/** Fills and posts the login form found on `page`. */
export async function submitLoginForm(
  jar: CookieJar,
  page: Extract<AuthorizationOutcome, { kind: 'page' }>,
  credentials: { username: string; password: string },
  redirectUri: string,
): Promise<AuthorizationOutcome> {
  const action = /<form[^>]*\saction="([^"]+)"/i.exec(page.html)?.[1];
  if (!action || !/name="password"/.test(page.html)) {
    throw new Error(`expected the login page at ${page.url.href} (HTTP ${page.status}), got: ${page.html.slice(0, 300)}`);
  }
  const target = new URL(action.replaceAll('&#38;', '&').replaceAll('&amp;', '&'), page.url);
  return followRedirects(jar, target, redirectUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(credentials).toString(),
  });
}

export function authorizationUrl(
  options: Pick<LoginOptions, 'baseUrl' | 'issuerPath' | 'endpoints' | 'clientId' | 'redirectUri' | 'scope'>,
  pkce: { challenge: string },
  state: string,
): URL {
  const issuer = `${options.baseUrl.replace(/\/$/, '')}${options.issuerPath ?? '/auth'}`;
  const url = new URL(options.endpoints?.authorization ?? `${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: options.clientId ?? 'tramita-web',
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scope ?? 'openid profile offline_access',
    state,
    nonce: base64url(randomBytes(12)),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url;
}

/** Exchanges an authorization code at the token endpoint. */
export async function exchangeCode(
  options: Pick<LoginOptions, 'baseUrl' | 'issuerPath' | 'endpoints' | 'clientId' | 'redirectUri'>,
  code: string,
  verifier: string,
): Promise<LoginTokens> {
  const issuer = `${options.baseUrl.replace(/\/$/, '')}${options.issuerPath ?? '/auth'}`;
  const response = await fetch(options.endpoints?.token ?? `${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      client_id: options.clientId ?? 'tramita-web',
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new Error(`token request failed (HTTP ${response.status}): ${JSON.stringify(body)}`);
  }
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    ...(typeof body.id_token === 'string' ? { idToken: body.id_token } : {}),
  };
}

/** Logs in through the login page and returns the tokens, as the web UI would get them. */
export async function loginWithPkce(options: LoginOptions): Promise<LoginTokens> {
  const jar = options.jar ?? new CookieJar();
  const pkce = pkcePair();
  const state = base64url(randomBytes(12));
  let outcome = await followRedirects(jar, authorizationUrl(options, pkce, state), options.redirectUri);
  if (outcome.kind === 'page') {
    outcome = await submitLoginForm(jar, outcome, options, options.redirectUri);
  }
  if (outcome.kind === 'page') {
    const message = /role="alert">([^<]*)</.exec(outcome.html)?.[1];
    throw new Error(`login did not complete (HTTP ${outcome.status} at ${outcome.url.pathname})${message ? `: ${message}` : ''}`);
  }
  if (outcome.kind === 'error') throw new Error(`authorization failed: ${outcome.error} ${outcome.description ?? ''}`);
  if (outcome.state !== state) throw new Error('state mismatch in the authorization response');
  return exchangeCode(options, outcome.code, pkce.verifier);
}
