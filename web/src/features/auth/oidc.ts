/**
 * OpenID Connect for a public browser client: authorization code + PKCE (S256) against the auth
 * service, silent renewal with the refresh token, RP-initiated logout. Tokens live in memory and
 * in sessionStorage (one tab, gone when the tab closes), never in localStorage.
 */

export const CLIENT_ID = 'tramita-web';
export const SCOPE = 'openid profile offline_access';
const DISCOVERY_PATH = '/auth/.well-known/openid-configuration';
const TOKENS_KEY = 'tramita.tokens';
const LOGIN_KEY = 'tramita.login';
/** Renew this long before the access token expires. */
const SKEW_MS = 30_000;

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface Profile {
  username: string;
  displayName: string;
  roles: string[];
}

interface PendingLogin {
  state: string;
  verifier: string;
  nonce: string;
  returnTo: string;
}

export interface OidcDeps {
  origin: string;
  storage: Storage;
  fetch: typeof fetch;
  navigate: (url: string) => void;
  now: () => number;
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

export function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Claims of a JWT payload, unverified: the UI only reads names and roles for display. */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const binary = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** "Apellidos, Nombre" from the token's claims, falling back to the user name. */
export function profileOf(tokens: Tokens): Profile {
  const claims = { ...decodeJwt(tokens.accessToken), ...(tokens.idToken ? decodeJwt(tokens.idToken) : {}) };
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const username = str(claims.preferred_username) || str(claims.sub);
  const given = str(claims.given_name);
  const family = str(claims.family_name);
  const displayName = family && given ? `${family}, ${given}` : str(claims.name) || given || family || username;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  return { username, displayName, roles };
}

export class OidcClient {
  readonly #deps: OidcDeps;
  #metadata: Promise<ProviderMetadata> | undefined;
  #tokens: Tokens | null;
  #refreshing: Promise<Tokens | null> | undefined;

  constructor(deps: OidcDeps) {
    this.#deps = deps;
    this.#tokens = readJson<Tokens>(deps.storage, TOKENS_KEY);
  }

  get redirectUri(): string {
    return `${this.#deps.origin}/callback`;
  }

  get tokens(): Tokens | null {
    return this.#tokens;
  }

  metadata(): Promise<ProviderMetadata> {
    this.#metadata ??= this.#deps
      .fetch(`${this.#deps.origin}${DISCOVERY_PATH}`, { headers: { accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`discovery failed: HTTP ${response.status}`);
        return (await response.json()) as ProviderMetadata;
      })
      .catch((error: unknown) => {
        this.#metadata = undefined;
        throw error;
      });
    return this.#metadata;
  }

  /** Sends the browser to the provider's login; `returnTo` is where to land afterwards. */
  async login(returnTo: string): Promise<void> {
    const metadata = await this.metadata();
    const pending: PendingLogin = { state: randomString(16), verifier: randomString(32), nonce: randomString(16), returnTo: safeReturnTo(returnTo) };
    this.#deps.storage.setItem(LOGIN_KEY, JSON.stringify(pending));
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: SCOPE,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await pkceChallenge(pending.verifier),
      code_challenge_method: 'S256',
    }).toString();
    this.#deps.navigate(url.toString());
  }

  /** Handles `/callback?code=&state=`: exchanges the code and returns where the user was going. */
  async completeLogin(search: string): Promise<string> {
    const params = new URLSearchParams(search);
    const pending = readJson<PendingLogin>(this.#deps.storage, LOGIN_KEY);
    this.#deps.storage.removeItem(LOGIN_KEY);
    const error = params.get('error');
    if (error) throw new LoginError(error, params.get('error_description') ?? undefined);
    const code = params.get('code');
    if (!pending || !code || params.get('state') !== pending.state) throw new LoginError('invalid-state');
    const tokens = await this.#tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.redirectUri,
      client_id: CLIENT_ID,
      code_verifier: pending.verifier,
    });
    if (!tokens) throw new LoginError('token-request-failed');
    return pending.returnTo;
  }

  /** A valid access token, renewed silently when close to expiry; null when the session is over. */
  async accessToken(): Promise<string | null> {
    const tokens = this.#tokens;
    if (!tokens) return null;
    if (tokens.expiresAt - SKEW_MS > this.#deps.now()) return tokens.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /** Renews with the refresh token (one request at a time); clears the session when refused. */
  refresh(): Promise<Tokens | null> {
    this.#refreshing ??= (async () => {
      try {
        const refreshToken = this.#tokens?.refreshToken;
        if (!refreshToken) {
          this.clear();
          return null;
        }
        const tokens = await this.#tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID });
        if (!tokens) this.clear();
        return tokens;
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  /** Ends the session here and at the provider (which asks the user to confirm). */
  async logout(): Promise<void> {
    const idToken = this.#tokens?.idToken;
    this.clear();
    const metadata = await this.metadata().catch(() => undefined);
    if (!metadata?.end_session_endpoint) {
      this.#deps.navigate(`${this.#deps.origin}/`);
      return;
    }
    const url = new URL(metadata.end_session_endpoint);
    url.search = new URLSearchParams({
      ...(idToken ? { id_token_hint: idToken } : {}),
      client_id: CLIENT_ID,
      post_logout_redirect_uri: `${this.#deps.origin}/`,
    }).toString();
    this.#deps.navigate(url.toString());
  }

  clear(): void {
    this.#tokens = null;
    this.#deps.storage.removeItem(TOKENS_KEY);
  }

  async #tokenRequest(form: Record<string, string>): Promise<Tokens | null> {
    const metadata = await this.metadata();
    const response = await this.#deps.fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    if (!response.ok) return null;
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body.access_token !== 'string') return null;
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 300;
    const previous = this.#tokens;
    const tokens: Tokens = {
      accessToken: body.access_token,
      expiresAt: this.#deps.now() + expiresIn * 1000,
      ...(typeof body.refresh_token === 'string'
        ? { refreshToken: body.refresh_token }
        : previous?.refreshToken
          ? { refreshToken: previous.refreshToken }
          : {}),
      ...(typeof body.id_token === 'string' ? { idToken: body.id_token } : previous?.idToken ? { idToken: previous.idToken } : {}),
    };
    this.#tokens = tokens;
    this.#deps.storage.setItem(TOKENS_KEY, JSON.stringify(tokens));
    return tokens;
  }
}

export class LoginError extends Error {
  readonly code: string;
  constructor(code: string, description?: string) {
    super(description ?? code);
    this.name = 'LoginError';
    this.code = code;
  }
}

/** Only paths of this application: never an absolute URL someone slipped into the state. */
export function safeReturnTo(value: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/callback') ? value : '/';
}

function readJson<T>(storage: Storage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
