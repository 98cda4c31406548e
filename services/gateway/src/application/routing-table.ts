/**
 * Which service answers each public path. Services serve these paths themselves; the gateway
 * forwards them unchanged. Order matters: the first matching entry wins, so the gateway's own
 * routes come first (the composed detail shares its path shape with files and bpm routes).
 *
 * Pattern syntax: `:name` matches one path segment; a trailing `*` matches one or more segments.
 */
export type Target = 'gateway' | 'auth' | 'files' | 'bpm' | 'docs' | 'index';
export type UpstreamName = Exclude<Target, 'gateway'>;

export interface Route {
  /** HTTP methods, or `*` for any. HEAD follows GET. */
  methods: readonly string[] | '*';
  pattern: string;
  target: Target;
}

export const ROUTES: readonly Route[] = [
  // The gateway's own endpoints.
  { methods: ['GET'], pattern: '/api/files/:code', target: 'gateway' },
  { methods: ['GET'], pattern: '/api/openapi.json', target: 'gateway' },
  { methods: ['GET'], pattern: '/api/docs-ui', target: 'gateway' },
  { methods: ['GET'], pattern: '/api/docs-ui/*', target: 'gateway' },
  { methods: ['GET'], pattern: '/health/live', target: 'gateway' },
  { methods: ['GET'], pattern: '/health/ready', target: 'gateway' },
  { methods: ['GET'], pattern: '/api/admin/consistency', target: 'gateway' },
  { methods: ['GET'], pattern: '/api/files/:code/audit', target: 'gateway' },
  // Operations: each service's own admin endpoints (messaging state, reconciliation pages).
  { methods: ['GET'], pattern: '/api/admin/auth/*', target: 'auth' },
  { methods: ['GET'], pattern: '/api/admin/files/*', target: 'files' },
  { methods: ['GET'], pattern: '/api/admin/bpm/*', target: 'bpm' },
  { methods: ['GET'], pattern: '/api/admin/docs/*', target: 'docs' },
  { methods: ['GET'], pattern: '/api/admin/index/*', target: 'index' },
  // index: rebuilding the read model from files' and bpm's snapshots (ADR 0019, `tramita rebuild-index`).
  { methods: ['DELETE'], pattern: '/api/admin/index/read-model', target: 'index' },
  { methods: ['POST'], pattern: '/api/admin/index/read-model/snapshots', target: 'index' },
  // auth: the OIDC provider and its pages, and user administration.
  { methods: '*', pattern: '/auth', target: 'auth' },
  { methods: '*', pattern: '/auth/*', target: 'auth' },
  { methods: ['GET', 'POST'], pattern: '/api/users', target: 'auth' },
  { methods: ['GET', 'PATCH'], pattern: '/api/users/*', target: 'auth' },
  // auth: organisms, their units and who belongs to them (ADR 0013).
  { methods: ['GET', 'POST'], pattern: '/api/organisms', target: 'auth' },
  { methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], pattern: '/api/organisms/*', target: 'auth' },
  // index: the list/search read model.
  { methods: ['GET'], pattern: '/api/files', target: 'index' },
  // files: the Expediente aggregate and its sagas.
  { methods: ['POST'], pattern: '/api/files', target: 'files' },
  { methods: ['PATCH'], pattern: '/api/files/:code', target: 'files' },
  { methods: ['GET'], pattern: '/api/files/:code/record', target: 'files' },
  { methods: ['GET'], pattern: '/api/files/:code/availability', target: 'files' },
  { methods: ['GET', 'POST'], pattern: '/api/initial-options', target: 'files' },
  { methods: ['GET'], pattern: '/api/sagas/*', target: 'files' },
  { methods: ['GET', 'POST'], pattern: '/api/files/:code/interesados', target: 'files' },
  { methods: ['GET', 'PATCH', 'DELETE'], pattern: '/api/files/:code/interesados/*', target: 'files' },
  { methods: ['GET'], pattern: '/api/interesados', target: 'files' },
  { methods: ['GET', 'POST'], pattern: '/api/files/:code/relations', target: 'files' },
  { methods: ['DELETE'], pattern: '/api/files/:code/relations/*', target: 'files' },
  // bpm: process instances and procedure definitions.
  { methods: ['GET'], pattern: '/api/files/:code/process', target: 'bpm' },
  { methods: ['GET'], pattern: '/api/files/:code/process/diagram', target: 'bpm' },
  { methods: ['GET', 'POST'], pattern: '/api/files/:code/transitions', target: 'bpm' },
  { methods: ['GET', 'POST'], pattern: '/api/procedures', target: 'bpm' },
  { methods: ['GET'], pattern: '/api/procedures/*', target: 'bpm' },
  // bpm: the work inbox (ADR 0015).
  { methods: ['GET'], pattern: '/api/tasks', target: 'bpm' },
  { methods: ['GET', 'POST'], pattern: '/api/tasks/*', target: 'bpm' },
  { methods: ['POST'], pattern: '/api/incidents/*', target: 'bpm' },
  // bpm: legal time (ADR 0016): an expediente's plazos, the organisms' calendars, notices.
  { methods: ['GET'], pattern: '/api/files/:code/plazos', target: 'bpm' },
  { methods: ['PUT'], pattern: '/api/files/:code/plazos/context', target: 'bpm' },
  { methods: ['PUT'], pattern: '/api/files/:code/plazos/:plazoId/start', target: 'bpm' },
  { methods: ['POST'], pattern: '/api/files/:code/plazos/:plazoId/suspensions', target: 'bpm' },
  { methods: ['POST'], pattern: '/api/files/:code/plazos/:plazoId/suspensions/:suspensionId/end', target: 'bpm' },
  { methods: ['POST'], pattern: '/api/files/:code/plazos/:plazoId/extensions', target: 'bpm' },
  { methods: ['GET', 'PUT', 'POST'], pattern: '/api/calendars/*', target: 'bpm' },
  { methods: ['GET'], pattern: '/api/notices', target: 'bpm' },
  { methods: ['POST'], pattern: '/api/notices/*', target: 'bpm' },
  // docs: documents and their binaries (`/api/docs-ui` above is the gateway's).
  { methods: ['GET', 'POST'], pattern: '/api/docs', target: 'docs' },
  { methods: ['GET', 'DELETE'], pattern: '/api/docs/*', target: 'docs' },
  // docs: ENI documents (ADR 0017): versions, metadata, removal, the índice, export and import.
  { methods: ['POST'], pattern: '/api/docs/:id/versions', target: 'docs' },
  { methods: ['PUT'], pattern: '/api/docs/:id/metadata', target: 'docs' },
  { methods: ['POST'], pattern: '/api/docs/:id/removal', target: 'docs' },
  { methods: ['POST'], pattern: '/api/files/:code/documents', target: 'docs' },
  { methods: ['GET'], pattern: '/api/files/:code/indice', target: 'docs' },
  { methods: ['POST'], pattern: '/api/files/:code/remisiones', target: 'docs' },
  { methods: ['GET'], pattern: '/api/files/:code/eni', target: 'docs' },
  { methods: ['POST'], pattern: '/api/eni/imports', target: 'docs' },
  // docs: the public verification of documents by their CSV (Ley 40/2015 art. 42.b), no token.
  { methods: ['GET'], pattern: '/verificacion/*', target: 'docs' },
];

/** The service that answers `method path` (path without query), or undefined when none does. */
export function resolveTarget(method: string, path: string, routes: readonly Route[] = ROUTES): Target | undefined {
  const verb = method.toUpperCase();
  const segments = splitPath(path);
  for (const route of routes) {
    if (!methodMatches(route.methods, verb)) continue;
    if (patternMatches(splitPath(route.pattern), segments)) return route.target;
  }
  return undefined;
}

function methodMatches(methods: Route['methods'], verb: string): boolean {
  if (methods === '*') return true;
  return methods.includes(verb) || (verb === 'HEAD' && methods.includes('GET'));
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function patternMatches(pattern: string[], segments: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    if (part === '*' && i === pattern.length - 1) return segments.length > i;
    const segment = segments[i];
    if (segment === undefined) return false;
    if (part.startsWith(':')) continue;
    if (part !== segment) return false;
  }
  return segments.length === pattern.length;
}

/** True for paths under `/api/` that the gateway must see a bearer token on before forwarding. */
export function needsBearer(path: string): boolean {
  if (!path.startsWith('/api/')) return false;
  // An organ's calendar of días inhábiles is published (Ley 39/2015 art. 31.3): anyone may read it.
  if (PUBLISHED_CALENDAR.test(path)) return false;
  return !(path === '/api/openapi.json' || path === '/api/docs-ui' || path.startsWith('/api/docs-ui/'));
}

const PUBLISHED_CALENDAR = /^\/api\/calendars\/[^/]+\/inhabiles\/[^/]+$/;

/** A document upload (a new document, a new version, an ENI package): the routes whose body may be larger than a JSON request. */
export function isUpload(method: string, path: string): boolean {
  if (method.toUpperCase() !== 'POST') return false;
  const trimmed = path.replace(/\/$/, '');
  return (
    trimmed === '/api/docs' ||
    trimmed === '/api/eni/imports' ||
    /^\/api\/docs\/[^/]+\/versions$/.test(trimmed) ||
    /^\/api\/files\/[^/]+\/documents$/.test(trimmed)
  );
}

/** A public lookup by CSV: rate-limited per client address (ENI B.3), since a code gives access to a document. */
export function isVerificationLookup(method: string, path: string): boolean {
  return (method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD') && path.startsWith('/verificacion/');
}

/**
 * A document upload sent as a form: only these get the upload limit. docs buffers any other body
 * on that route like every service does (and refuses it), so it gets the limit of any other body.
 */
export function isFormUpload(method: string, path: string, contentType: string | undefined): boolean {
  return isUpload(method, path) && /^multipart\/form-data\s*(;|$)/i.test(contentType?.trim() ?? '');
}

/** The methods the services use; anything else (TRACE, QUERY…) no service answers. */
export const STANDARD_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** The methods someone answers on `path` (empty when no route has that path at all). */
export function allowedMethods(path: string, routes: readonly Route[] = ROUTES): string[] {
  return STANDARD_METHODS.filter((method) => resolveTarget(method, path, routes) !== undefined);
}

/** Login form posts that the gateway rate-limits per client IP. */
export function isLoginPost(method: string, path: string): boolean {
  return method.toUpperCase() === 'POST' && path.startsWith('/auth/') && /(^|\/)(login|interaction)(\/|$)/.test(path.slice('/auth'.length));
}
