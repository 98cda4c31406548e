import type { HttpApp } from '@tramita/platform';

/**
 * Pages the gateway serves (home, web UI, API docs UI) load only their own scripts and styles;
 * tokens are exchanged with the OIDC issuer, which may live on another origin.
 */
export function pageCsp(issuer: string): string {
  let issuerOrigin = '';
  try {
    issuerOrigin = ` ${new URL(issuer).origin}`;
  } catch {
    // an issuer that is not a URL simply adds nothing
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${issuerOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** API answers (JSON, downloaded documents) are never rendered as active content. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";
/** Login pages proxied from auth, when auth sets no policy itself: its own resources, inline styles. */
export const AUTH_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** Security headers on every response; an upstream's own Content-Security-Policy is kept. */
export function registerSecurityHeaders(app: HttpApp, issuer: string): void {
  const pages = pageCsp(issuer);
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) {
      const path = request.url.split('?')[0] ?? '/';
      const isApi = path.startsWith('/api/') && !path.startsWith('/api/docs-ui');
      const isAuth = path === '/auth' || path.startsWith('/auth/');
      reply.header('content-security-policy', isApi ? API_CSP : isAuth ? AUTH_CSP : pages);
    }
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    const proto = request.headers['x-forwarded-proto'];
    const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
    if (first === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}
