import { openHttpApp, SERVICES_WITH_DATABASE, startService, type RunningService, type ServiceContext } from '@tramita/platform';
import { isFormUpload, type UpstreamName } from './application/routing-table.ts';
import { OpenApiAggregator, registerApiDocs } from './adapters/http/api-docs.ts';
import { registerConsistencyRoute } from './adapters/http/consistency-routes.ts';
import { registerFileAuditRoute } from './adapters/http/file-audit-routes.ts';
import { registerFileDetailRoute } from './adapters/http/file-detail-routes.ts';
import { registerProxy } from './adapters/http/proxy.ts';
import { upstreamReadiness } from './adapters/http/readiness.ts';
import { registerSecurityHeaders } from './adapters/http/security-headers.ts';
import { WebContent } from './adapters/http/web.ts';
import { loadConfig } from './config.ts';

const STOP_GRACE_MS = 2_000;

/** Composition root of the gateway: it keeps no data (no database, no messages), only HTTP. */
export function start(ctx: ServiceContext): Promise<RunningService> {
  return startService(ctx, async (resources) => {
    const config = loadConfig(ctx.env);
    const upstreams: Partial<Record<UpstreamName, string>> = {};
    for (const name of SERVICES_WITH_DATABASE) {
      const url = ctx.serviceUrls[name];
      if (url) upstreams[name] = url;
    }

    const app = await openHttpApp(
      resources,
      ctx,
      {
        readiness: upstreamReadiness(upstreams),
        openapi: { title: 'Tramita gateway', description: 'The composed expediente detail.', tags: [{ name: 'files', description: 'Expedientes' }] },
      },
      // Proxied requests may hang on an upstream: cut them after a grace period.
      async (opened) => {
        const cut = setTimeout(() => opened.server.closeAllConnections(), STOP_GRACE_MS);
        try {
          await opened.close();
        } finally {
          clearTimeout(cut);
        }
      },
    );
    registerSecurityHeaders(app, ctx.auth.issuer);
    registerFileDetailRoute(app, upstreams, config.GATEWAY_COMPOSE_TIMEOUT_MS, config.GATEWAY_TRUSTED_PROXY_HOPS);
    registerConsistencyRoute(app, upstreams, config.GATEWAY_UPSTREAM_TIMEOUT_MS, ctx.auth.defaultOrganism);
    registerFileAuditRoute(app, upstreams, config.GATEWAY_UPSTREAM_TIMEOUT_MS, config.GATEWAY_TRUSTED_PROXY_HOPS);

    const aggregator = new OpenApiAggregator({
      upstreams,
      own: () => app.swagger(),
      publicUrl: ctx.publicUrl,
      issuer: ctx.auth.issuer,
      cacheMs: config.GATEWAY_OPENAPI_CACHE_SECONDS * 1000,
    });
    await registerApiDocs(app, aggregator, config.GATEWAY_DOCS_UI_CLIENT_ID);

    const web = new WebContent(config.GATEWAY_WEB_DIR);
    app.get('/', { config: { public: true } }, (request, reply) => web.home(request, reply));
    await registerProxy(app, {
      upstreams,
      timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
      loginRatePerMinute: config.GATEWAY_LOGIN_RATE_PER_MINUTE,
      verificationRatePerMinute: config.GATEWAY_VERIFICATION_RATE_PER_MINUTE,
      trustedProxyHops: config.GATEWAY_TRUSTED_PROXY_HOPS,
      bodyLimit: (method, path, contentType) => (isFormUpload(method, path, contentType) ? config.GATEWAY_MAX_UPLOAD_BYTES : config.GATEWAY_MAX_BODY_BYTES),
      fallback: (request, reply) => web.fallback(request, reply),
    });
    return { app, details: { upstreams, webUi: web.hasWebUi } };
  });
}
