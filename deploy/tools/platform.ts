/**
 * The facts of the ADA OpenShift platform standard and of each Tramita service, in one
 * place. `generate.ts` writes every service's `.dockerfile`, `ci.json`, `sonar.properties` and
 * `despliegue/` from them; the policy tests in `deploy/test/` check the rendered manifests against
 * the same numbers, so a hand edit that breaks a rule fails `npm test`.
 */

export const SYSTEM = 'si-tramita';
export const ENVIRONMENTS = ['test', 'pre', 'pro'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Overlay → OpenShift namespace. The standard's prefixes are des-, pru-, pro- (ADR 0006). */
export const NAMESPACE: Record<Environment, string> = { test: `des-${SYSTEM}`, pre: `pru-${SYSTEM}`, pro: `pro-${SYSTEM}` };
/** Minimum replicas per environment (standard: Test 1, Preproducción 3, Producción 3). */
export const MIN_REPLICAS: Record<Environment, number> = { test: 1, pre: 3, pro: 3 };
export const MAX_REPLICAS: Record<Environment, number> = { test: 2, pre: 6, pro: 10 };
/** Public host of the tenant's Istio Gateway (placeholders: the ADA assigns the real routes). */
export const PUBLIC_HOST: Record<Environment, string> = {
  test: 'si-tramita.des.apps.ada.example',
  pre: 'si-tramita.pru.apps.ada.example',
  pro: 'si-tramita.apps.ada.example',
};
export const LOG_LEVEL: Record<Environment, string> = { test: 'debug', pre: 'info', pro: 'info' };
export const IMAGE_REGISTRY = 'image-registry.openshift-image-registry.svc:5000';
export const IMAGE_TAG = '0.1.0';

/** Sizing (standard annex; memory limit fitted to Node instead of the JVM's 2Gi). */
export const RESOURCES = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
} as const;
export const CPU_REQUEST_MILLI = 100;
export const CPU_LIMIT_MILLI = 500;
/** V8 old-space ceiling ≈ 75 % of the 512Mi limit; the rest is code, stacks, buffers and the sidecar-free overhead. */
export const MAX_OLD_SPACE_MB = 384;
/** HPA: scale up above 80 % of the CPU limit, down below 50 % of it (standard, "Escalado horizontal"). */
export const SCALE_UP_PERCENT_OF_LIMIT = 80;
export const SCALE_DOWN_PERCENT_OF_LIMIT = 50;
/** HPA utilisation is relative to the request: 80 % of 500m = 400m = 400 % of 100m. */
export const HPA_TARGET_PERCENT_OF_REQUEST = (SCALE_UP_PERCENT_OF_LIMIT * CPU_LIMIT_MILLI) / CPU_REQUEST_MILLI;
/** Scale down only when usage/target < 1 - tolerance, i.e. below 250 % of the request = 50 % of the limit. */
export const HPA_SCALE_DOWN_TOLERANCE = 1 - SCALE_DOWN_PERCENT_OF_LIMIT / SCALE_UP_PERCENT_OF_LIMIT;

export const CONTAINER_PORT = 8080;
/**
 * Where each service also serves GET /metrics alone (METRICS_PORT): the cluster's Prometheus is
 * outside the mesh, so this one port bypasses the sidecar's mutual TLS
 * (`traffic.sidecar.istio.io/excludeInboundPorts`); the token is still checked (ADR 0022).
 */
export const METRICS_PORT = 9464;
export const SERVICE_PORT = 80;
export const DATA_DIR = '/var/lib/tramita';
export const OTEL_COLLECTOR_SVC = `${SYSTEM}-otel-collector-svc`;
export const KAFKA_BROKERS = `${SYSTEM}-kafka-bootstrap:9092`;

import type { ServiceName } from '../../packages/platform/src/service-names.ts';

export { SERVICE_NAMES, type ServiceName } from '../../packages/platform/src/service-names.ts';

export type DeliveryStrategy = 'canary' | 'blueGreen';

/** Environments where Argo Rollouts drives releases (test rolls a plain Deployment: one replica, no traffic to split). */
export const PROGRESSIVE_ENVIRONMENTS: readonly Environment[] = ['pre', 'pro'];

/**
 * Progressive delivery (ADR 0021). Canary: traffic weights through the service's Istio
 * VirtualService and DestinationRule subsets, an analysis after each weight. Blue/green: the
 * preview answers only requests carrying PREVIEW_HEADER until its analysis passes.
 */
export const ROLLOUT = {
  canaryWeights: [10, 50],
  /** Pause after each weight before the analysis starts, so its window holds canary traffic only. */
  pauseSeconds: 120,
  /** Each analysis takes `count` measurements `interval` apart over a `window` of rate(). */
  interval: '1m',
  count: 3,
  window: '2m',
  /** Failure: a 5xx share above this, or a p95 above maxP95Seconds, in any measurement (failureLimit 0). */
  maxErrorRatio: 0.01,
  maxP95Seconds: 1,
  /** Fewer requests than this in the window: inconclusive, the rollout pauses for a person to promote or abort. */
  minRequests: { test: 0, pre: 20, pro: 200 } satisfies Record<Environment, number>,
  /** Blue/green: the old pods stay this long after the switch, for an instant abort. */
  scaleDownDelaySeconds: 600,
} as const;
export const PREVIEW_HEADER = 'x-tramita-preview';
/**
 * Prometheus the analyses query: OpenShift's Thanos Querier (user-workload monitoring), with a
 * bearer token of a service account allowed to read the namespace's metrics, kept in the tenant's
 * common secret (PROMETHEUS_KEY). Placeholder values the ADA's operators confirm (deploy/README.md).
 */
export const PROMETHEUS_URL = 'https://thanos-querier.openshift-monitoring.svc:9091';
export const COMMON_SECRET = `${SYSTEM}-common-secret`;
export const PROMETHEUS_TOKEN_KEY = 'PROMETHEUS_BEARER_TOKEN';

/**
 * Where the index keeps its read model per environment (ADR 0019): `opensearch` adds the
 * deploy/components/index-opensearch component and INDEX_OPENSEARCH_URL to the index's secret
 * (the adapter takes credentials only inside the URL, so the whole URL is secret).
 */
export const INDEX_STORE: Record<Environment, 'postgres' | 'opensearch'> = { test: 'postgres', pre: 'opensearch', pro: 'postgres' };
export const INDEX_OPENSEARCH_INDEX_PREFIX = SYSTEM;
/** The platform's managed OpenSearch (placeholder host; the user and password go in the sealed URL). */
export const MANAGED_OPENSEARCH_HOST = 'opensearch.ada.example:9200';

export interface RouteTimeout {
  /** URI prefix; undefined = every other request. */
  prefix?: string;
  /** Istio duration; '0s' disables the route timeout (event streams). */
  timeout: string;
}

export interface ServiceFacts {
  name: ServiceName;
  description: string;
  /** Needs its own PostgreSQL database (DATABASE_URL in its secret). */
  database: boolean;
  /** Exchanges messages (TRAMITA_TRANSPORT=kafka + KAFKA_BROKERS). */
  kafka: boolean;
  /** Extra non-secret settings (ConfigMap). */
  config: Record<string, string>;
  /** Keys of its Secret / SealedSecret, besides DATABASE_URL. */
  secrets: string[];
  /** Paths reachable without a token besides /health/* and /openapi.json (AuthorizationPolicy). */
  publicPaths: string[];
  /** Paths that need a token are everything else, except `publicNotPaths` (gateway: all non-API paths). */
  publicNotPaths?: string[];
  /** Paths readable (GET, HEAD) without a token: what the law says is published (bpm: the días inhábiles, art. 31.3). */
  publicReadPaths?: string[];
  routes: RouteTimeout[];
  /** How pre and pro roll out a new version (Argo Rollouts, ADR 0021); test keeps a plain rolling Deployment. */
  delivery: DeliveryStrategy;
  /** Route templates left out of the latency analysis: streams whose duration is the client's, not the service's. */
  latencyExcludedRoutes: string[];
}

const svcUrl = (name: ServiceName) => `http://${SYSTEM}-${name}-svc`;

export const SERVICES: readonly ServiceFacts[] = [
  {
    name: 'gateway',
    description: 'Single public entry: web UI, routing, composed detail, merged OpenAPI',
    database: false,
    kafka: false,
    config: {
      TRAMITA_AUTH_URL: svcUrl('auth'),
      TRAMITA_FILES_URL: svcUrl('files'),
      TRAMITA_BPM_URL: svcUrl('bpm'),
      TRAMITA_DOCS_URL: svcUrl('docs'),
      TRAMITA_INDEX_URL: svcUrl('index'),
      GATEWAY_TRUSTED_PROXY_HOPS: '1',
      GATEWAY_UPSTREAM_TIMEOUT_MS: '30000',
      GATEWAY_COMPOSE_TIMEOUT_MS: '3000',
      GATEWAY_DOCS_UI_CLIENT_ID: 'tramita-web',
    },
    secrets: [],
    publicPaths: ['/api/openapi.json', '/api/docs-ui', '/api/docs-ui/*'],
    publicNotPaths: ['/api/*'],
    routes: [{ prefix: '/api/sagas/', timeout: '0s' }, { prefix: '/api/docs', timeout: '300s' }, { timeout: '60s' }],
    // The web UI's index.html names hashed assets only its own build has: a per-request split
    // would serve some browsers a page whose scripts 404 on the other version. Switch all at once.
    delivery: 'blueGreen',
    // '/*' is the proxy: its latency is the upstream's (and includes saga event streams).
    latencyExcludedRoutes: ['/*'],
  },
  {
    name: 'auth',
    description: 'Built-in OpenID Connect provider; users and roles',
    database: true,
    // Publishes auth.events (revocations every service applies, ADR 0010).
    kafka: true,
    config: {},
    secrets: ['AUTH_INITIAL_PASSWORD', 'AUTH_SERVICES_CLIENT_SECRET'],
    publicPaths: ['/auth', '/auth/*'],
    routes: [{ timeout: '30s' }],
    delivery: 'canary',
    latencyExcludedRoutes: [],
  },
  {
    name: 'files',
    description: 'Expedientes and the create-expediente saga',
    database: true,
    kafka: true,
    // bpm's procedure list answers whether an initial option's procedure exists (issue 13).
    config: { FILES_SAGA_TIMEOUT_MS: '60000', TRAMITA_BPM_URL: svcUrl('bpm') },
    secrets: [],
    publicPaths: [],
    routes: [{ prefix: '/api/sagas/', timeout: '0s' }, { timeout: '30s' }],
    delivery: 'canary',
    latencyExcludedRoutes: ['/api/sagas/:id/events'],
  },
  {
    name: 'bpm',
    description: 'Procedure definitions and process instances',
    database: true,
    kafka: true,
    config: { BPM_DEFAULT_PROCEDURE: 'EXPEDIENTE', BPM_CALENDAR_SEAT: 'ES-AN:41091', BPM_CALENDAR_TIME_ZONE: 'Europe/Madrid' },
    secrets: [],
    publicPaths: [],
    // The organ's calendar of días inhábiles is published (art. 31.3); bpm itself still demands a
    // token on every other calendar route, so the mesh opens reads only.
    publicReadPaths: ['/api/calendars/*'],
    routes: [{ timeout: '30s' }],
    delivery: 'canary',
    latencyExcludedRoutes: [],
  },
  {
    name: 'docs',
    description: 'Documents: metadata in PostgreSQL, bytes in S3-compatible object storage',
    database: true,
    kafka: true,
    config: {
      DOCS_MAX_UPLOAD_BYTES: '52428800',
      DOCS_BLOB_STORE: 's3',
      DOCS_S3_ENDPOINT: 'https://s3.ada.example',
      DOCS_S3_BUCKET: 'si-tramita-docs',
      DOCS_S3_REGION: 'eu-south-2',
      DOCS_S3_FORCE_PATH_STYLE: 'true',
      // ENI documents (ADR 0017): files answers about expedientes docs has not heard of yet; the
      // CSV regulation and verification page (DOCS_CSV_REGULATION, DOCS_VERIFICATION_URL) and the
      // organ seal files (DOCS_SEAL_*) are set per installation.
      TRAMITA_FILES_URL: svcUrl('files'),
      DOCS_TIME_ZONE: 'Europe/Madrid',
    },
    secrets: ['DOCS_S3_ACCESS_KEY_ID', 'DOCS_S3_SECRET_ACCESS_KEY'],
    publicPaths: [],
    // Anyone may verify a document by its CSV (Ley 40/2015 art. 42.b); docs asks no token there.
    publicReadPaths: ['/verificacion/*'],
    routes: [{ timeout: '300s' }],
    delivery: 'canary',
    latencyExcludedRoutes: [],
  },
  {
    name: 'index',
    description: 'Read model of expedientes (CQRS): list, search, filters',
    database: true,
    kafka: true,
    config: { INDEX_TIME_ZONE: 'Europe/Madrid' },
    secrets: [],
    publicPaths: [],
    routes: [{ timeout: '30s' }],
    delivery: 'canary',
    latencyExcludedRoutes: [],
  },
];

export const names = (service: ServiceName) => ({
  app: `${SYSTEM}-${service}`,
  svc: `${SYSTEM}-${service}-svc`,
  config: `${SYSTEM}-${service}-config`,
  secret: `${SYSTEM}-${service}-secret`,
  hpa: `${SYSTEM}-${service}-hpa`,
  pdb: `${SYSTEM}-${service}-pdb`,
  vs: `${SYSTEM}-${service}-vs`,
  dr: `${SYSTEM}-${service}-dr`,
  authz: `${SYSTEM}-${service}-authz`,
  netpol: `${SYSTEM}-${service}-netpol`,
  preview: `${SYSTEM}-${service}-preview-svc`,
  errorRate: `${SYSTEM}-${service}-error-rate`,
  latency: `${SYSTEM}-${service}-latency`,
});

export const labelsOf = (s: ServiceFacts) => ({
  'app.kubernetes.io/name': names(s.name).app,
  'app.kubernetes.io/component': s.name,
  'app.kubernetes.io/part-of': SYSTEM,
});
export const selectorOf = (s: ServiceFacts) => ({ 'app.kubernetes.io/name': names(s.name).app });
/** Name of a VirtualService route (Argo Rollouts names the routes whose weights it sets). */
export const routeName = (r: RouteTimeout) => (r.prefix ? r.prefix.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') : 'default');

export const TENANT_GATEWAY = `${SYSTEM}-gateway`;
export const TLS_CREDENTIAL = `${SYSTEM}-tls`;
export const OIDC_AUDIENCE = 'tramita-api';
export const issuerFor = (env: Environment) => `https://${PUBLIC_HOST[env]}/auth`;
/**
 * JWKS for Istio's RequestAuthentication, fetched by istiod: through the public route, because
 * istiod cannot reach a STRICT-mTLS pod over plain HTTP.
 */
export const jwksFor = (env: Environment) => `https://${PUBLIC_HOST[env]}/auth/jwks`;
