import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { USER_UPDATED_AT_CLAIM } from '@tramita/contracts';
import Provider, { errors, type Account, type Adapter, type KoaContextWithOIDC, type OidcClient, type TokenLike } from 'oidc-provider';
import { MEMBERSHIPS_CLAIM, type Logger } from '@tramita/platform';
import type { Membership } from '../../domain/organism.ts';
import type { User } from '../../domain/user.ts';
import { logoutPage, messagePage, type Page } from './pages.ts';
import { SIGNING_ALG } from './keys.ts';

export const WEB_CLIENT_ID = 'tramita-web';
export const SERVICES_CLIENT_ID = 'tramita-services';
/** Resource-server scope carried by access tokens for the Tramita API. */
export const API_SCOPE = 'api';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

export interface OidcProviderOptions {
  issuer: string;
  /** The `aud` of access tokens (what every service checks). */
  audience: string;
  publicUrl: string;
  /** Redirect URIs of the web client. */
  webRedirectUris: string[];
  /** Where the web client may send people after logout. */
  webPostLogoutRedirectUris: string[];
  servicesClientSecret: string;
  jwks: { keys: JWK[] };
  cookieKeys: string[];
  /** Where the provider keeps sessions, grants and tokens: one adapter per model (main.ts picks it). */
  adapter: (model: string) => Adapter;
  /** Loads an enabled user by user name (the OIDC subject); disabled or unknown: undefined. */
  findActiveUser(username: string): Promise<User | undefined>;
  /** Records the revocation of a JWT access token, so every service refuses it (ADR 0010). */
  onAccessTokenRevoked(token: { jti: string; username: string | null; expiresAt: Date }): Promise<void>;
  logger: Logger;
  /** What the person may do in each organism, as the access token states it (ADR 0013). */
  membershipsOf(user: User): Promise<Membership[]>;
  /** A session ended at /auth/session/end: who (when the session named them), for the audit trail. */
  onLogout?(username: string | undefined, request: { ip: string; id: string | undefined }): Promise<void>;
}

/**
 * RFC 8707 wants resource indicators to be absolute URIs, while our audience is a plain name
 * (`tramita-api`): the API is identified by a URN built from it unless it already is a URI.
 */
export function apiResourceIndicator(audience: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(audience) ? audience : `urn:tramita:resource:${audience}`;
}

/**
 * A person's claims: names, every membership (ADR 0013: their roles in the default organism and
 * their memberships in other organisms, as stored) and `roles`, the union of the memberships'
 * roles, so a route can still refuse early someone who holds a role nowhere.
 */
export function userClaims(user: User, memberships: readonly Membership[]): Record<string, unknown> {
  return {
    preferred_username: user.username,
    name: user.fullName,
    given_name: user.givenName,
    family_name: user.familyName,
    roles: [...new Set(memberships.flatMap((membership) => membership.roles))],
    [MEMBERSHIPS_CLAIM]: memberships.map((membership) => ({ organism: membership.organism, roles: [...membership.roles], units: [...membership.units] })),
  };
}

const isFirstParty = (client: OidcClient | undefined) => client?.clientId === WEB_CLIENT_ID;

function sendPage(ctx: KoaContextWithOIDC, page: Page, status = 200): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('content-security-policy', page.csp);
  ctx.set('cache-control', 'no-store');
  ctx.body = page.html;
}

export function createOidcProvider(options: OidcProviderOptions): Provider {
  const resource = apiResourceIndicator(options.audience);
  const issuerPath = new URL(options.issuer).pathname.replace(/\/$/, '');
  const webOrigins = [...new Set([...options.webRedirectUris, ...options.webPostLogoutRedirectUris].map((uri) => new URL(uri).origin))];

  const findAccount = async (_ctx: unknown, sub: string): Promise<Account | undefined> => {
    const user = await options.findActiveUser(sub);
    if (!user) return undefined;
    return { accountId: user.username, claims: async () => ({ sub: user.username, ...userClaims(user, await options.membershipsOf(user)) }) };
  };

  const provider = new Provider(options.issuer, {
    adapter: options.adapter,
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: 'Tramita',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.webRedirectUris,
        post_logout_redirect_uris: options.webPostLogoutRedirectUris,
        id_token_signed_response_alg: SIGNING_ALG,
      },
      {
        client_id: SERVICES_CLIENT_ID,
        client_name: 'Tramita services',
        client_secret: options.servicesClientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        id_token_signed_response_alg: SIGNING_ALG,
      },
    ],
    jwks: options.jwks,
    cookies: {
      keys: options.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', 'profile', API_SCOPE],
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name', 'given_name', 'family_name', 'roles', MEMBERSHIPS_CLAIM],
    },
    // The ID token carries the profile claims itself (our access tokens are for the API, not userinfo).
    conformIdTokenClaims: false,
    findAccount,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        // Only the client a token was issued to may revoke it (a public client asking for another's: 200, nothing done).
        allowedPolicy: async (_ctx: unknown, client: OidcClient, token: { clientId?: string }) => {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === 'none') return false;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience: options.audience,
            accessTokenTTL: 15 * MINUTE,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => sendPage(ctx, logoutPage(form, webOrigins)),
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) =>
          sendPage(ctx, messagePage('Sesión cerrada', 'Ha cerrado su sesión en Tramita.', { href: `${options.publicUrl}/`, text: 'Volver a Tramita' })),
      },
    },
    extraTokenClaims: async (_ctx: unknown, token: TokenLike) => {
      if (token.kind === 'ClientCredentials') return { roles: ['service'] };
      if (!token.accountId) return undefined;
      const user = await options.findActiveUser(token.accountId);
      // When the facts of this token were read: a change of the user after it revokes it (ADR 0010).
      return user ? { ...userClaims(user, await options.membershipsOf(user)), [USER_UPDATED_AT_CLAIM]: user.snapshot().updatedAt.getTime() } : undefined;
    },
    interactions: {
      url: async (_ctx: unknown, interaction: { uid: string }) => `${issuerPath}/interaction/${interaction.uid}`,
    },
    // Tramita's own web client is first party: what it asks for is granted without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, result } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? (client ? session?.grantIdFor(client.clientId) : undefined);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!isFirstParty(client) || !client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addResourceScope(resource, API_SCOPE);
      await grant.save();
      return grant;
    },
    rotateRefreshToken: () => true,
    pkce: { required: () => true },
    ttl: {
      AccessToken: 15 * MINUTE,
      AuthorizationCode: MINUTE,
      ClientCredentials: 10 * MINUTE,
      IdToken: 15 * MINUTE,
      Interaction: 30 * MINUTE,
      Session: 14 * DAY,
      Grant: 14 * DAY,
      RefreshToken: (ctx: { oidc?: { entities?: { RotatedRefreshToken?: { remainingTTL: number } } } } | undefined) =>
        // A rotated token keeps the lifetime of the first one, so rotation never extends a login.
        ctx?.oidc?.entities?.RotatedRefreshToken?.remainingTTL ?? 14 * DAY,
    },
    clientBasedCORS: (_ctx: unknown, origin: string, client: OidcClient) =>
      client.clientAuthMethod === 'none' && client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin),
    renderError: async (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => {
      options.logger.info({ error: out.error, description: out.error_description }, 'authorization request refused');
      sendPage(
        ctx,
        messagePage('No se ha podido completar la operación', 'La solicitud de inicio de sesión no es válida o ha caducado.', {
          href: `${options.publicUrl}/`,
          text: 'Volver a Tramita',
        }),
        ctx.status >= 400 ? ctx.status : 400,
      );
    },
  });

  // The gateway forwards with X-Forwarded-* headers.
  provider.proxy = true;

  // OIDC Core drops offline_access unless consent is prompted; for our first-party web client
  // consent is implicit, so asking for offline_access implies prompt=consent (answered automatically).
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/auth') {
      const { client_id: clientId, scope, prompt } = ctx.query;
      if (clientId === WEB_CLIENT_ID && prompt === undefined && typeof scope === 'string' && scope.split(' ').includes('offline_access')) {
        ctx.query = { ...ctx.query, prompt: 'consent' };
      }
    }
    await next();
  });

  revokeJwtAccessTokens(provider, options);

  provider.on('server_error', (_ctx, error) => options.logger.error({ err: error }, 'oidc-provider server error'));
  provider.on('end_session.success', (...args: unknown[]) => {
    const ctx = args[0] as KoaContextWithOIDC;
    const accountId = (ctx.oidc.session as { accountId?: string } | undefined)?.accountId;
    const requestId = ctx.get('x-request-id') || undefined;
    options
      .onLogout?.(accountId, { ip: ctx.ip, id: requestId })
      .catch((error: unknown) => options.logger.error({ err: error }, 'could not record a logout in the audit trail'));
  });
  return provider;
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * oidc-provider refuses to revoke JWT access tokens (400 `unsupported_token_type`: it keeps no
 * record of them). Once it has authenticated the client and given that answer, a JWT it signed
 * for this API and for that client is recorded as revoked instead (every service then refuses its
 * `jti`) and the answer is 200, as RFC 7009 asks; a token that does not verify (expired, foreign)
 * gets 200 and changes nothing. Refresh tokens keep the provider's own revocation.
 */
function revokeJwtAccessTokens(provider: Provider, options: OidcProviderOptions): void {
  const publicKeys = createLocalJWKSet({
    keys: options.jwks.keys.map((key) => Object.fromEntries(Object.entries(key).filter(([name]) => !PRIVATE_JWK_MEMBERS.includes(name)))),
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method !== 'POST' || ctx.path !== '/token/revocation' || ctx.status !== 400) return;
    if ((ctx.body as { error?: unknown } | undefined)?.error !== 'unsupported_token_type') return;
    const client = ctx.oidc?.client;
    const token = ctx.oidc?.params?.token;
    if (!client || typeof token !== 'string') return;
    let claims: { jti?: string; sub?: string; exp?: number; client_id?: unknown };
    try {
      ({ payload: claims } = await jwtVerify(token, publicKeys, { issuer: options.issuer, audience: options.audience }));
    } catch {
      claims = {};
    }
    if (claims.jti !== undefined && claims.exp !== undefined && claims.client_id !== client.clientId && client.clientAuthMethod !== 'none') {
      ctx.body = { error: 'invalid_request', error_description: 'client is not authorized to revoke the presented token' };
      return;
    }
    if (claims.jti !== undefined && claims.exp !== undefined && claims.client_id === client.clientId) {
      await options.onAccessTokenRevoked({ jti: claims.jti, username: claims.sub ?? null, expiresAt: new Date(claims.exp * 1000) });
      options.logger.info({ client: client.clientId, username: claims.sub }, 'access token revoked');
    }
    ctx.status = 200;
    ctx.body = '';
  });
}
