import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { newId } from '@tramita/kernel';
import { authenticate, type TokenVerifier } from './auth.ts';
import { clientErrorHandler, frameworkErrorHandler } from './framework-errors.ts';
import { useStrictJsonBodies } from './json-body.ts';
import type { Logger } from './logger.ts';
import { AllowedMethods } from './method-not-allowed.ts';
import { attachMetrics } from './metrics.ts';
import { documentProblems } from './openapi-problems.ts';
import { withTextRule } from './openapi-text-rule.ts';
import { problem, sendMethodNotAllowed, sendProblem, toProblem } from './problem.ts';
import { safeTextValidatorCompiler } from './safe-text-validator.ts';

export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** A named check behind `/health/ready`; it throws (or returns false) when not ready. */
export type ReadinessCheck = () => Promise<boolean | void>;

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  /** Verifies bearer tokens; every route not marked `config: { public: true }` needs one. */
  verifyToken: TokenVerifier;
  readiness?: Record<string, ReadinessCheck>;
  /** Largest accepted request body in bytes for JSON bodies (uploads set their own limit). */
  bodyLimit?: number;
  /** The installation's own organism, whose admins may read `/metrics` besides platform services (ADR 0013). */
  defaultOrganism?: string;
  /** Title and description of this service's part of the public API. */
  openapi?: { title: string; description: string; tags?: { name: string; description: string }[] };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no token (login, discovery, keys, health, API documents). */
    public?: boolean;
  }
}

/** The Fastify instance every service starts from: validation, problems, auth, health, OpenAPI. */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : newId();
    },
    requestIdHeader: false,
    trustProxy: true,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(safeTextValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  useStrictJsonBodies(app);
  const allowedMethods = new AllowedMethods();
  app.addHook('onRoute', (route) => {
    allowedMethods.add(route);
    documentProblems(route);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.openapi?.title ?? `Tramita ${options.service}`, description: options.openapi?.description ?? '', version: '0.1.0' },
      tags: options.openapi?.tags ?? [],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: withTextRule(jsonSchemaTransform),
    hideUntagged: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (request.routeOptions.config.public) return;
    if (request.routeOptions.url === undefined) return; // unknown route: the 404 handler answers
    await authenticate(request, options.verifyToken);
  });

  // Only platform services (Prometheus with a client-credentials token) and platform operators.
  attachMetrics(app, options.service, options.defaultOrganism ?? '');

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        path: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`,
        message: issue.message ?? 'invalid',
      }));
      return sendProblem(reply, problem(400, 'invalid-request', 'The request is not valid.', { errors }));
    }
    const fastifyProblem = fastifyErrorProblem(error);
    if (fastifyProblem) return sendProblem(reply, fastifyProblem);
    const mapped = toProblem(error);
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
    if (mapped.status === 401) reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${mapped.detail ?? ''}"`);
    return sendProblem(reply, { ...mapped, instance: request.url.split('?')[0] });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = allowedMethods.allowedFor(request.url);
    if (allowed.length > 0) return sendMethodNotAllowed(reply, request.method, path ?? '/', allowed);
    return sendProblem(reply, problem(404, 'route-not-found', `No route ${request.method} ${path}.`));
  });

  app.get('/health/live', { config: { public: true } }, async () => ({ status: 'up' }));
  app.get('/health/ready', { config: { public: true } }, async (_request, reply) => {
    const results: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of Object.entries(options.readiness ?? {})) {
      try {
        results[name] = (await check()) === false ? 'down' : 'up';
      } catch {
        results[name] = 'down';
      }
      if (results[name] === 'down') ready = false;
    }
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'up' : 'down', checks: results });
  });
  app.get('/openapi.json', { config: { public: true } }, async () => app.swagger());

  return app;
}

function fastifyErrorProblem(error: FastifyError) {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'malformed-json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_UTF8_BODY':
      return problem(400, 'malformed-json', 'The request body is not valid UTF-8.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'body-too-large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported-media-type', 'The request body media type is not supported here.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'invalid-content-length', 'The Content-Length header does not match the body.');
    default:
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500 && !('category' in error)) {
        return problem(error.statusCode, 'bad-request', error.message);
      }
      return undefined;
  }
}
