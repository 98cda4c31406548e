import type { RouteOptions } from 'fastify';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';
import { problemSchema } from './problem-schema.ts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid (problem+json lists each invalid field).',
  401: 'No valid bearer access token.',
  403: 'The caller lacks the role this operation needs.',
  404: 'No such resource (or not visible to the caller).',
  406: 'None of the accepted media types can be produced.',
  409: 'The request conflicts with the current state (version, duplicate, illegal state).',
  413: 'The request body is too large.',
  414: 'A path parameter is longer than the service accepts.',
  415: 'The request body media type is not accepted here.',
  431: 'The request line or headers are too large.',
  500: 'Unexpected error; it has been logged.',
  503: 'The service, or something it needs, is unavailable right now.',
};

type Responses = Record<string, unknown>;
interface RouteSchema {
  body?: unknown;
  params?: unknown;
  response?: Responses;
}

/** The error statuses a route can answer, from what it declares: auth, parameters, a body. */
export function errorStatusesOf(route: Pick<RouteOptions, 'method' | 'schema' | 'config'>): number[] {
  const schema = (route.schema ?? {}) as RouteSchema;
  const methods = [route.method].flat().map((method) => method.toUpperCase());
  const writes = methods.some((method) => method !== 'GET' && method !== 'HEAD');
  const isPublic = route.config?.public === true;
  const statuses = [400];
  if (!isPublic) statuses.push(401, 403);
  if (schema.params !== undefined || writes) statuses.push(404);
  if (schema.params !== undefined) statuses.push(414);
  if (writes) statuses.push(409);
  if (schema.body !== undefined) statuses.push(413, 415);
  statuses.push(431, 500, 503);
  return statuses;
}

/** An OpenAPI response whose body is a problem, for statuses a route declares itself (e.g. 428). */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };
}

/**
 * Adds every error status a route can answer, each with its `application/problem+json` body, to
 * its OpenAPI responses (statuses the route declares itself are kept as they are).
 */
export function documentProblems(route: RouteOptions): void {
  if (!route.schema) return;
  const schema = route.schema as RouteSchema;
  // Without a declared success the document generator adds a default 200; keep it.
  const responses: Responses = {
    ...(Object.keys(schema.response ?? {}).some((status) => status.startsWith('2')) ? {} : { 200: z.unknown().describe('Default Response') }),
    ...(schema.response ?? {}),
  };
  for (const status of errorStatusesOf(route)) {
    if (responses[status] !== undefined) continue;
    responses[status] = problemResponse(DESCRIPTIONS[status] ?? 'Error');
  }
  schema.response = responses;
}
