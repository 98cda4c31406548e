import { isDeepStrictEqual } from 'node:util';
import { resolveTarget, type Target } from './routing-table.ts';

type Json = Record<string, unknown>;

/** One service's own OpenAPI document (the gateway's included). */
export interface ServiceDocument {
  service: Target;
  document: unknown;
}

export interface MergeOptions {
  /** The public base URL (the gateway). */
  publicUrl: string;
  /** The OIDC issuer, for the OAuth2 scheme. */
  issuer: string;
  /** Services whose document could not be fetched, and why. */
  missing: { service: string; detail: string }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * One OpenAPI 3.1 document for the whole public API. Each service contributes only the
 * operations the gateway actually routes to it; schema names used by several services with
 * different definitions are prefixed with the service name (and their `$ref`s rewritten).
 */
export function mergeOpenApi(documents: ServiceDocument[], options: MergeOptions): Json {
  const renames = schemaRenames(documents);
  const paths: Record<string, Json> = {};
  const schemas: Json = {};
  const tags = new Map<string, unknown>();

  for (const { service, document } of documents) {
    const rewritten = rewriteRefs(asObject(document), renames.get(service) ?? new Map<string, string>()) as Json;
    for (const [name, schema] of Object.entries(asObject(asObject(rewritten.components).schemas))) {
      schemas[renames.get(service)?.get(name) ?? name] = schema;
    }
    for (const tag of Array.isArray(rewritten.tags) ? rewritten.tags : []) {
      const name = asObject(tag).name;
      if (typeof name === 'string' && !tags.has(name)) tags.set(name, tag);
    }
    for (const [path, item] of Object.entries(asObject(rewritten.paths))) {
      const concrete = path.replace(/\{[^}]+\}/g, 'x');
      const kept = Object.entries(asObject(item)).filter(([key]) => !METHODS.includes(key) || resolveTarget(key, concrete) === service);
      if (!kept.some(([key]) => METHODS.includes(key))) continue;
      const operations =
        service === 'gateway'
          ? kept
          : kept.map(([key, operation]): [string, unknown] => [key, METHODS.includes(key) ? withGatewayProblems(operation) : operation]);
      paths[path] = { ...(paths[path] ?? {}), ...Object.fromEntries(operations) };
    }
  }

  const merged: Json = {
    openapi: '3.1.0',
    info: {
      title: 'Tramita API',
      version: '0.1.0',
      description: 'Gestión de expedientes: la API pública completa, servida por la pasarela (gateway).',
    },
    servers: [{ url: options.publicUrl }],
    tags: [...tags.values()],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        oauth2: {
          type: 'oauth2',
          flows: {
            authorizationCode: {
              authorizationUrl: `${options.issuer}/auth`,
              tokenUrl: `${options.issuer}/token`,
              scopes: { openid: 'OpenID Connect', profile: 'Nombre y apellidos' },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }, { oauth2: ['openid', 'profile'] }],
  };
  if (options.missing.length > 0) merged['x-tramita-missing'] = options.missing;
  return merged;
}

const GATEWAY_PROBLEMS: Record<string, string> = {
  502: 'The service behind the gateway could not be reached.',
  504: 'The service behind the gateway did not answer in time.',
};

/** What the gateway itself may answer for any operation it forwards, next to the service's own answers. */
function withGatewayProblems(operation: unknown): Json {
  const value = asObject(operation);
  const responses = { ...asObject(value.responses) };
  const problemContent = Object.values(responses)
    .map((response) => asObject(asObject(response).content)['application/problem+json'])
    .find((content) => content !== undefined);
  for (const [status, description] of Object.entries(GATEWAY_PROBLEMS)) {
    if (responses[status] !== undefined) continue;
    responses[status] = { description, ...(problemContent ? { content: { 'application/problem+json': problemContent } } : {}) };
  }
  return { ...value, responses };
}

/** service → (schema name → new name) for names that mean different things in different services. */
function schemaRenames(documents: ServiceDocument[]): Map<Target, Map<string, string>> {
  const byName = new Map<string, { service: Target; schema: unknown }[]>();
  for (const { service, document } of documents) {
    for (const [name, schema] of Object.entries(asObject(asObject(asObject(document).components).schemas))) {
      byName.set(name, [...(byName.get(name) ?? []), { service, schema }]);
    }
  }
  const renames = new Map<Target, Map<string, string>>();
  for (const [name, uses] of byName) {
    const first = uses[0]!.schema;
    if (uses.every((use) => isDeepStrictEqual(use.schema, first))) continue;
    for (const { service } of uses) {
      const map = renames.get(service) ?? new Map<string, string>();
      map.set(name, `${service}_${name}`);
      renames.set(service, map);
    }
  }
  return renames;
}

function rewriteRefs(value: unknown, renames: Map<string, string>): unknown {
  if (renames.size === 0) return value;
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renames));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/schemas/')) {
        const name = item.slice('#/components/schemas/'.length);
        return [key, `#/components/schemas/${renames.get(name) ?? name}`];
      }
      return [key, rewriteRefs(item, renames)];
    }),
  );
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
