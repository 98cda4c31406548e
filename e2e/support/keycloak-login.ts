import { randomBytes } from 'node:crypto';
import {
  authorizationUrl,
  CookieJar,
  exchangeCode,
  followRedirects,
  pkcePair,
  submitLoginForm,
  type AuthorizationOutcome,
  type LoginTokens,
} from './oidc-login.ts';

/**
 * Logging in at Keycloak (scripts/infra/keycloak.sh, realm deploy/compose/keycloak) as the web UI
 * does: the public client tramita-web, authorization code + PKCE, through Keycloak's own login
 * page; at a person's first login Keycloak asks for a new password (the realm's users are created
 * with a generated one and the UPDATE_PASSWORD required action), which is filled in too.
 */

/** A redirect URI the realm's tramita-web client accepts (the login stops there: nothing listens). */
export const KEYCLOAK_WEB_REDIRECT_URI = 'http://localhost:5173/callback';

export const keycloakEndpoints = (issuer: string) => ({
  authorization: `${issuer}/protocol/openid-connect/auth`,
  token: `${issuer}/protocol/openid-connect/token`,
});

export interface KeycloakLogin {
  /** The realm's issuer, e.g. http://127.0.0.1:18080/realms/tramita. */
  issuer: string;
  username: string;
  password: string;
  /** The password to set when Keycloak asks for a new one (first login); without it that page is an error. */
  newPassword?: string;
  clientId?: string;
}

export async function loginAtKeycloak(login: KeycloakLogin): Promise<LoginTokens> {
  const options = {
    baseUrl: login.issuer,
    endpoints: keycloakEndpoints(login.issuer),
    clientId: login.clientId ?? 'tramita-web',
    redirectUri: KEYCLOAK_WEB_REDIRECT_URI,
    scope: 'openid profile',
  };
  const jar = new CookieJar();
  const pkce = pkcePair();
  const state = randomBytes(12).toString('base64url');
  let outcome = await followRedirects(jar, authorizationUrl(options, pkce, state), options.redirectUri);
  if (outcome.kind === 'page') outcome = await submitLoginForm(jar, outcome, { username: login.username, password: login.password }, options.redirectUri);
  if (outcome.kind === 'page' && /name="password-new"/.test(outcome.html)) {
    if (!login.newPassword) throw new Error(`Keycloak asks ${login.username} for a new password (first login) and none was given.`);
    outcome = await submitForm(jar, outcome, { 'password-new': login.newPassword, 'password-confirm': login.newPassword }, options.redirectUri);
  }
  if (outcome.kind === 'page') {
    const message = /<span[^>]*(?:input-error|kc-feedback-text)[^>]*>\s*([^<]*)</.exec(outcome.html)?.[1]?.trim();
    throw new Error(`the Keycloak login did not complete (HTTP ${outcome.status} at ${outcome.url.pathname})${message ? `: ${message}` : ''}`);
  }
  if (outcome.kind === 'error') throw new Error(`authorization failed: ${outcome.error} ${outcome.description ?? ''}`);
  if (outcome.state !== state) throw new Error('state mismatch in the authorization response');
  return exchangeCode(options, outcome.code, pkce.verifier);
}

/** Posts the page's first form with `fields`. */
async function submitForm(
  jar: CookieJar,
  page: Extract<AuthorizationOutcome, { kind: 'page' }>,
  fields: Record<string, string>,
  redirectUri: string,
): Promise<AuthorizationOutcome> {
  const action = /<form[^>]*\saction="([^"]+)"/i.exec(page.html)?.[1];
  if (!action) throw new Error(`no form on the page at ${page.url.href} (HTTP ${page.status})`);
  return followRedirects(jar, new URL(action.replaceAll('&amp;', '&'), page.url), redirectUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}
