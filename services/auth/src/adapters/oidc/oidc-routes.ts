import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { HttpApp } from '@tramita/platform';

/**
 * Every URL the provider writes (discovery, redirects, form actions, end-session) is built from
 * the request's host and scheme. Those come from the client (Host, X-Forwarded-*), so under the
 * issuer's path they are replaced by the configured issuer's own before anything reads them: a
 * forged `X-Forwarded-Host` can never turn the token endpoint into someone else's.
 */
export function pinIssuerOrigin(app: HttpApp, issuer: string): void {
  const origin = new URL(issuer);
  const prefix = origin.pathname.replace(/\/$/, '');
  app.addHook('onRequest', async (request) => {
    const path = request.raw.url ?? '/';
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return;
    const headers = request.raw.headers;
    headers.host = origin.host;
    headers['x-forwarded-host'] = origin.host;
    headers['x-forwarded-proto'] = origin.protocol.replace(/:$/, '');
    delete headers['x-forwarded-port'];
    delete headers.forwarded;
  });
}

/**
 * Mounts oidc-provider's Koa app under `prefix` (the issuer's path). Fastify must not read the
 * body (the provider parses its own), and the provider must see the path without the prefix
 * while `originalUrl` keeps it, so the URLs it builds include the prefix again.
 */
export async function mountOidcProvider(app: HttpApp, provider: Provider, prefix: string): Promise<void> {
  const callback = provider.callback();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.all(`${prefix}/*`, { config: { public: true } }, async (request, reply) => {
      reply.hijack();
      const raw = request.raw as IncomingMessage & { originalUrl?: string; baseUrl?: string };
      const url = raw.url ?? '/';
      raw.originalUrl = url;
      // The provider's fallback when it cannot derive the prefix (e.g. after a query rewrite).
      raw.baseUrl = prefix;
      raw.url = url.slice(prefix.length) || '/';
      await callback(raw, reply.raw);
    });
  });
}
