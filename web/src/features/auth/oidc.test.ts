import { describe, expect, it } from 'vitest';
import { LoginError, OidcClient, decodeJwt, pkceChallenge, profileOf, safeReturnTo, type OidcDeps } from './oidc.ts';

class MemoryStorage implements Storage {
  readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
}

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
const metadata = {
  issuer: 'http://app/auth',
  authorization_endpoint: 'http://app/auth/auth',
  token_endpoint: 'http://app/auth/token',
  end_session_endpoint: 'http://app/auth/session/end',
};

function client(tokenAnswer: (form: URLSearchParams) => Response, storage = new MemoryStorage()) {
  const navigations: string[] = [];
  const forms: URLSearchParams[] = [];
  let now = 1_000_000;
  const deps: OidcDeps = {
    origin: 'http://app',
    storage,
    navigate: (url) => navigations.push(url),
    now: () => now,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      if ((typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).endsWith('/openid-configuration')) return Response.json(metadata);
      const form = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
      forms.push(form);
      return tokenAnswer(form);
    },
  };
  return { oidc: new OidcClient(deps), navigations, forms, storage, advance: (ms: number) => (now += ms) };
}

const tokenResponse = (access = 'a1', refresh = 'r1') =>
  Response.json({
    access_token: jwt({ sub: 'ana', given_name: 'Ana', family_name: 'Pérez Gil', roles: ['tramitador'], n: access }),
    refresh_token: refresh,
    id_token: 'id1',
    expires_in: 900,
  });

async function loggedIn() {
  const c = client(() => tokenResponse());
  await c.oidc.login('/expedientes/EXP-1?x=1');
  const url = new URL(c.navigations[0]!);
  await c.oidc.completeLogin(`?code=abc&state=${url.searchParams.get('state')}`);
  return { ...c, url };
}

describe('the OIDC client (authorization code + PKCE)', () => {
  it('sends the browser to the provider with PKCE S256 and the web client settings', async () => {
    const { url, forms } = await loggedIn();
    expect(url.origin + url.pathname).toBe('http://app/auth/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'tramita-web',
      redirect_uri: 'http://app/callback',
      response_type: 'code',
      scope: 'openid profile offline_access',
      code_challenge_method: 'S256',
    });
    // The verifier sent at the token endpoint matches the challenge sent to the provider.
    expect(await pkceChallenge(forms[0]!.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
    expect(forms[0]!.get('grant_type')).toBe('authorization_code');
  });

  it('returns to where the user was and keeps the tokens in session storage only', async () => {
    const c = client(() => tokenResponse());
    await c.oidc.login('/expedientes/EXP-1?x=1');
    const state = new URL(c.navigations[0]!).searchParams.get('state');
    await expect(c.oidc.completeLogin(`?code=abc&state=${state}`)).resolves.toBe('/expedientes/EXP-1?x=1');
    expect(JSON.parse(c.storage.getItem('tramita.tokens')!)).toMatchObject({ refreshToken: 'r1', idToken: 'id1' });
    expect(profileOf(c.oidc.tokens!)).toEqual({ username: 'ana', displayName: 'Pérez Gil, Ana', roles: ['tramitador'] });
    // A new page load reads them back.
    expect(new OidcClient({ origin: 'http://app', storage: c.storage, fetch, navigate: () => {}, now: () => 0 }).tokens?.refreshToken).toBe('r1');
  });

  it('refuses a callback whose state does not match, or an error from the provider', async () => {
    const c = client(() => tokenResponse());
    await c.oidc.login('/');
    await expect(c.oidc.completeLogin('?code=abc&state=forged')).rejects.toBeInstanceOf(LoginError);
    await expect(c.oidc.completeLogin('?error=access_denied')).rejects.toMatchObject({ code: 'access_denied' });
  });

  it('renews silently with the refresh token shortly before expiry, once for concurrent callers', async () => {
    const c = await loggedIn();
    await expect(c.oidc.accessToken()).resolves.toBe(c.oidc.tokens!.accessToken);
    c.advance(900_000);
    const [a, b] = await Promise.all([c.oidc.accessToken(), c.oidc.accessToken()]);
    expect(a).toBe(b);
    expect(c.forms.filter((f) => f.get('grant_type') === 'refresh_token')).toHaveLength(1);
    expect(c.forms.at(-1)!.get('refresh_token')).toBe('r1');
  });

  it('ends the session when the refresh token is refused', async () => {
    let refuse = false;
    const c = client(() => (refuse ? Response.json({ error: 'invalid_grant' }, { status: 400 }) : tokenResponse()));
    await c.oidc.login('/');
    await c.oidc.completeLogin(`?code=abc&state=${new URL(c.navigations[0]!).searchParams.get('state')}`);
    refuse = true;
    await expect(c.oidc.refresh()).resolves.toBeNull();
    expect(c.oidc.tokens).toBeNull();
    expect(c.storage.getItem('tramita.tokens')).toBeNull();
    await expect(c.oidc.accessToken()).resolves.toBeNull();
  });

  it('logs out at the provider with the id token hint and the app origin as return', async () => {
    const c = await loggedIn();
    await c.oidc.logout();
    const url = new URL(c.navigations.at(-1)!);
    expect(url.origin + url.pathname).toBe('http://app/auth/session/end');
    expect(Object.fromEntries(url.searchParams)).toEqual({ id_token_hint: 'id1', client_id: 'tramita-web', post_logout_redirect_uri: 'http://app/' });
    expect(c.storage.getItem('tramita.tokens')).toBeNull();
  });

  it('only returns to paths of this app', () => {
    expect(safeReturnTo('/expedientes?q=1')).toBe('/expedientes?q=1');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('//evil.example/')).toBe('/');
    expect(safeReturnTo('/callback?code=1')).toBe('/');
    expect(decodeJwt('not-a-jwt')).toEqual({});
    expect(decodeJwt('a.%%%.b')).toEqual({});
  });
});
