import fastifySwaggerUi from '@fastify/swagger-ui';
import { SERVICES_WITH_DATABASE, type HttpApp } from '@tramita/platform';
import { mergeOpenApi, type ServiceDocument } from '../../application/merge-openapi.ts';
import type { UpstreamName } from '../../application/routing-table.ts';

export interface OpenApiAggregatorOptions {
  upstreams: Partial<Record<UpstreamName, string>>;
  /** The gateway's own document (its composed endpoint). */
  own: () => unknown;
  publicUrl: string;
  issuer: string;
  cacheMs: number;
  fetchTimeoutMs?: number;
  now?: () => number;
}

/** Fetches each service's `/openapi.json`, keeps good ones for `cacheMs`, and merges them. */
export class OpenApiAggregator {
  private readonly cache = new Map<UpstreamName, { document: unknown; fetchedAt: number }>();
  private readonly options: OpenApiAggregatorOptions;
  private readonly now: () => number;

  constructor(options: OpenApiAggregatorOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  async document(): Promise<Record<string, unknown>> {
    const services = SERVICES_WITH_DATABASE.filter((service) => this.options.upstreams[service]);
    const missing: { service: string; detail: string }[] = [];
    const fetched = await Promise.all(
      services.map(async (service): Promise<ServiceDocument | undefined> => {
        try {
          return { service, document: await this.serviceDocument(service) };
        } catch (error) {
          missing.push({ service, detail: `Its API description could not be fetched: ${error instanceof Error ? error.message : 'unknown error'}.` });
          return undefined;
        }
      }),
    );
    const documents = [{ service: 'gateway' as const, document: this.options.own() }, ...fetched.filter((doc) => doc !== undefined)];
    missing.sort((a, b) => a.service.localeCompare(b.service));
    return mergeOpenApi(documents, { publicUrl: this.options.publicUrl, issuer: this.options.issuer, missing });
  }

  private async serviceDocument(service: UpstreamName): Promise<unknown> {
    const cached = this.cache.get(service);
    if (cached && this.now() - cached.fetchedAt < this.options.cacheMs) return cached.document;
    const base = this.options.upstreams[service]!.replace(/\/$/, '');
    const response = await fetch(`${base}/openapi.json`, { signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 3000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const document: unknown = await response.json();
    this.cache.set(service, { document, fetchedAt: this.now() });
    return document;
  }
}

/** `GET /api/openapi.json` (the merged document) and `/api/docs-ui` (Swagger UI over it). */
export async function registerApiDocs(app: HttpApp, aggregator: OpenApiAggregator, docsClientId: string | undefined): Promise<void> {
  app.get('/api/openapi.json', { config: { public: true } }, async () => aggregator.document());
  // The documentation UI and its assets are public, like the document it shows.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs-ui')) route.config = { ...route.config, public: true };
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs-ui',
    uiConfig: { deepLinking: true, persistAuthorization: false },
    ...(docsClientId ? { initOAuth: { clientId: docsClientId, usePkceWithAuthorizationCodeGrant: true, scopes: ['openid', 'profile'] } } : {}),
    uiHooks: {
      // Swagger UI always loads `./json`; answer it with the whole API rather than the gateway's part.
      onRequest: (request, reply, done) => {
        const path = request.url.split('?')[0] ?? '';
        if (path.endsWith('/yaml')) return void reply.redirect('/api/openapi.json');
        if (!path.endsWith('/json')) return done();
        aggregator.document().then((document) => reply.type('application/json').send(document), done);
      },
    },
  });
}
